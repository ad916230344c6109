import Logging
import Testing
@testable import AuthEngine
@testable import AuthLive
import NIOCore
import NIOEmbedded
import NIOHTTP1

/// A connection set up as the server sets one up, fed the bytes a client sends; the world's
/// thread is this test's, which drains the inbox as the playground's loop does.
final class LiveConnection {
    let channel = EmbeddedChannel()
    let inbox = WorldInbox()
    let gateway = LiveGatewayTests().gateway()

    init(peer: String = "127.0.0.1") throws {
        try LiveHTTPChannel(inbox: inbox, idleTimeout: .seconds(60)).configure(channel.pipeline.syncOperations)
        channel.connect(to: try SocketAddress(ipAddress: "127.0.0.1", port: 8080), promise: nil)
        channel.remoteAddress = try SocketAddress(ipAddress: peer, port: 40000) // connect sets it to where it connected
    }

    /// What the server has written so far, as text.
    func written() throws -> String {
        var text = ""
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { text += String(buffer: buffer) }
        return text
    }

    /// Sends bytes; answers nothing until `answer()`.
    func send(_ text: String) throws {
        try channel.writeInbound(ByteBuffer(string: text))
    }

    /// The world takes what waits for it and the answers are written, until no more come
    /// (a pipelined request reaches the world only once the answer before it is written).
    @discardableResult
    func answer() throws -> String {
        var text = try written()
        while true {
            inbox.drain(into: gateway)
            channel.embeddedEventLoop.run()
            let more = try written()
            if more.isEmpty { return text }
            text += more
        }
    }

    /// The status lines of the answers in `text`, in order (a JSON body ends in a bare LF,
    /// so the next answer's status line follows it directly).
    func statusLines(_ text: String) -> [String] {
        text.matches(of: /HTTP\/1\.1 \d{3} [A-Za-z ]+\r\n/).map { String($0.output.dropLast()) } // "\r\n" is one Character
    }

    var doorNotes: [String] {
        gateway.session.world.log.entries.compactMap {
            guard case .note(.answeredAtDoor(_, let method, let path, let status, let error, _, _)) = $0.event else { return nil }
            return "\(method) \(path) \(status) \(error ?? "-")"
        }
    }
}

/// The server's connections: each request is answered by the world, not on the server's
/// thread; answers leave in the order of their requests; the connection stays open or
/// closes as HTTP/1.1 says; what the server refuses itself is answered at once.
@Suite struct LiveConnectionTests {
    @Test func theWorldAnswersAndTheConnectionStaysOpen() throws {
        let connection = try LiveConnection()
        try connection.send("GET /api/profile HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n")
        #expect(try connection.written().isEmpty, "answered before the world saw it")
        let text = try connection.answer()
        #expect(text.hasPrefix("HTTP/1.1 401 Unauthorized\r\n"))
        for header in ["Content-Length: 64\r\n", "Server: authtui\r\n", "WWW-Authenticate: Bearer realm=\"authtui\"\r\n", "\r\nDate: "] {
            #expect(text.contains(header), "\(header) in \(text)")
        }
        #expect(text.hasSuffix("\r\n\r\n{\"error\":\"token_missing\",\"error_description\":\"no bearer token\"}\n"))
        #expect(!text.contains("Connection:"))
        #expect(connection.channel.isActive)
        // The peer is in the log as the world saw it.
        let lines = connection.gateway.session.world.log.entries.map(LogFormatter.line)
        #expect(lines.contains { $0.contains("peer 127.0.0.1:40000 → server  GET /api/profile") }, "\(lines)")
    }

    @Test func pipelinedRequestsAreAnsweredInTheirOrder() throws {
        let connection = try LiveConnection()
        try connection.send("GET /api/profile HTTP/1.1\r\nHost: a\r\n\r\nGET /nope HTTP/1.1\r\nHost: a\r\n\r\nHEAD /api/orders HTTP/1.1\r\nHost: a\r\n\r\n")
        let text = try connection.answer()
        #expect(connection.statusLines(text) == ["HTTP/1.1 401 Unauthorized", "HTTP/1.1 404 Not Found", "HTTP/1.1 401 Unauthorized"])
        // HEAD: the GET's headers, its length, no body.
        #expect(text.hasSuffix("Content-Length: 64\r\n" + text.components(separatedBy: "Content-Length: 64\r\n").last!))
        #expect(text.hasSuffix("Server: authtui\r\n\r\n"))
    }

    @Test func aBodyInPiecesIsReadWhole() throws {
        let connection = try LiveConnection()
        let body = "username=alice&password=wonderland"
        try connection.send("POST /auth/login HTTP/1.1\r\nHost: a\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\n\r\nusername=al")
        #expect(try connection.answer().isEmpty)
        try connection.send("ice&password=wonderland")
        let text = try connection.answer()
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n") && text.contains("\"access_token\":\"ey"))
        // Chunked too.
        try connection.send("POST /auth/login HTTP/1.1\r\nHost: a\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "b\r\nusername=al\r\n17\r\nice&password=wonderland\r\n0\r\n\r\n")
        #expect(try connection.answer().hasPrefix("HTTP/1.1 200 OK\r\n"))
    }

    @Test func connectionCloseAndHTTP10AreHonoured() throws {
        let closing = try LiveConnection()
        // What a client sends after `Connection: close` is not served.
        try closing.send("GET /api/profile HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nGET /api/orders HTTP/1.1\r\nHost: a\r\n\r\n")
        let closed = try closing.answer()
        // One answer, the first request's: no 400 for what came after (NIO's parser calls it malformed).
        #expect(closed.contains("\r\nConnection: close\r\n"))
        #expect(closing.statusLines(closed) == ["HTTP/1.1 401 Unauthorized"], "\(closed)")
        #expect(!closing.channel.isActive)
        #expect(!closing.gateway.session.world.log.entries.map(LogFormatter.line).contains { $0.contains("/api/orders") })

        let old = try LiveConnection()
        try old.send("GET /api/profile HTTP/1.0\r\n\r\n")
        #expect(try old.answer().contains("\r\nConnection: close\r\n"))
        #expect(!old.channel.isActive)

        let kept = try LiveConnection()
        try kept.send("GET /api/profile HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(try kept.answer().contains("\r\nConnection: keep-alive\r\n"))
        #expect(kept.channel.isActive)
    }

    @Test func aBodyAnnouncedOverTheCapIsRefusedAtOnceAndLogged() throws {
        let connection = try LiveConnection()
        try connection.send("POST /auth/login HTTP/1.1\r\nHost: a\r\nContent-Length: \(LiveGateway.maximumBody + 1)\r\n\r\n")
        // Written by the server before the world runs: the world is only told.
        let text = try connection.written()
        #expect(text.hasPrefix("HTTP/1.1 413 Payload Too Large\r\n") && text.contains("\r\nConnection: close\r\n") && text.contains("request_too_large"))
        #expect(connection.channel.isActive, "closed while the client still sends: it would read a reset, not the 413")
        try connection.answer()
        #expect(connection.doorNotes == ["POST /auth/login 413 request_too_large"])
        // What follows is read and dropped, then the connection closes.
        try connection.send(String(repeating: "x", count: 1000))
        #expect(connection.channel.isActive)
        try connection.send(String(repeating: "x", count: LiveGateway.maximumBody + 1 - 1000))
        #expect(!connection.channel.isActive)
        #expect(connection.doorNotes.count == 1)
    }

    @Test func aChunkedBodyThatGrowsPastTheCapIsRefused() throws {
        let connection = try LiveConnection()
        try connection.send("POST /auth/login HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n")
        let chunk = String(repeating: "y", count: 1 << 16)
        for _ in 0..<16 { try connection.send(String(chunk.utf8.count, radix: 16) + "\r\n" + chunk + "\r\n") }
        #expect(try connection.written().isEmpty, "exactly 1 MiB is allowed")
        try connection.send("1\r\ny\r\n")
        #expect(try connection.written().hasPrefix("HTTP/1.1 413 "))
        try connection.send("0\r\n\r\n")
        #expect(!connection.channel.isActive)
        try connection.answer()
        #expect(connection.doorNotes == ["POST /auth/login 413 request_too_large"])
    }

    @Test func malformedHTTPIsAnswered400AndClosed() throws {
        let connection = try LiveConnection()
        try connection.send("GARBAGE\r\n\r\n")
        #expect(try connection.answer() == "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
        #expect(!connection.channel.isActive)
    }

    @Test func headersPastTheLimitsAreMalformed() throws {
        for request in ["GET /api/profile HTTP/1.1\r\n" + (0..<1001).map { "X-\($0): v\r\n" }.joined() + "\r\n",
                        "GET /api/profile?\(String(repeating: "a", count: 81 * 1024)) HTTP/1.1\r\nHost: a\r\n\r\n"] {
            let connection = try LiveConnection()
            try connection.send(request)
            #expect(try connection.answer().hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
            #expect(!connection.channel.isActive)
            #expect(connection.gateway.session.world.log.entries.isEmpty)
        }
        let connection = try LiveConnection()
        try connection.send("GET /api/profile HTTP/1.1\r\n" + (0..<999).map { "X-\($0): v\r\n" }.joined() + "\r\n")
        #expect(try connection.answer().hasPrefix("HTTP/1.1 401 "))
    }

    @Test func aRemotePeerIsNamedAndKeptFromTheControlAPI() throws {
        let connection = try LiveConnection(peer: "10.0.0.5")
        try connection.send("GET /_authtui/state HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n")
        let text = try connection.answer()
        #expect(text.hasPrefix("HTTP/1.1 403 Forbidden\r\n") && text.contains("loopback peers only"), "\(text)")
        #expect(connection.gateway.session.world.log.entries.map(LogFormatter.line).contains { $0.contains("10.0.0.5:40000") })
    }

    @Test func anIdleConnectionIsClosedButNotWhileTheWorldAnswers() throws {
        let idle = try LiveConnection()
        idle.channel.pipeline.fireUserInboundEventTriggered(IdleStateHandler.IdleStateEvent.read)
        #expect(!idle.channel.isActive)

        let busy = try LiveConnection()
        try busy.send("GET /api/profile HTTP/1.1\r\nHost: a\r\n\r\n")
        busy.channel.pipeline.fireUserInboundEventTriggered(IdleStateHandler.IdleStateEvent.read)
        #expect(busy.channel.isActive)
        let text = try busy.answer()
        #expect(text.hasPrefix("HTTP/1.1 401 ") && text.contains("\r\nConnection: close\r\n"))
        #expect(!busy.channel.isActive)
    }
}

/// `Expect: 100-continue` is answered before the body is sent, unless the body announced is
/// over the cap (then the 413 comes at once); other requests pass untouched.
@Suite struct ExpectContinueTests {
    func heads(after head: HTTPRequestHead) throws -> (out: [HTTPServerResponsePart], passed: Bool) {
        let channel = EmbeddedChannel(handler: ExpectContinueHandler())
        try channel.writeInbound(HTTPServerRequestPart.head(head))
        var out: [HTTPServerResponsePart] = []
        while let part = try channel.readOutbound(as: HTTPServerResponsePart.self) { out.append(part) }
        let passed = try channel.readInbound(as: HTTPServerRequestPart.self) != nil
        _ = try channel.finish()
        return (out, passed)
    }

    @Test func aClientThatAsksGetsOneHundredContinue() throws {
        let asks = HTTPRequestHead(version: .http1_1, method: .POST, uri: "/auth/login",
                                   headers: ["Host": "127.0.0.1", "Expect": "100-continue", "Content-Length": "3000"])
        let (out, passed) = try heads(after: asks)
        #expect(passed)
        guard case .head(let response)? = out.first else { Issue.record("no 100: \(out)"); return }
        #expect(response.status == .continue && out.count == 1)
        var tooBig = asks
        tooBig.headers.replaceOrAdd(name: "Content-Length", value: String(LiveGateway.maximumBody + 1))
        #expect(try heads(after: tooBig).out.isEmpty)
        #expect(try heads(after: HTTPRequestHead(version: .http1_1, method: .GET, uri: "/api/profile")).out.isEmpty)
    }

    /// Through the whole connection: the 100 first, the answer after the body.
    @Test func theContinueComesBeforeTheAnswer() throws {
        let connection = try LiveConnection()
        let body = #"{"username":"alice","password":"wonderland"}"#
        try connection.send("POST /auth/login HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n")
        #expect(try connection.written() == "HTTP/1.1 100 Continue\r\n\r\n")
        try connection.send(body)
        #expect(try connection.answer().hasPrefix("HTTP/1.1 200 OK\r\n"))
    }
}

/// The `Date` header is the server's wall time in RFC 9110's one format.
@Suite struct HTTPDateTests {
    @Test func imfFixdate() {
        #expect(HTTPDate.string(secondsSince1970: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT") // RFC 9110 §5.6.7's example
        #expect(HTTPDate.string(secondsSince1970: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.string(secondsSince1970: 1_796_046_427) == "Mon, 30 Nov 2026 13:47:07 GMT")
        #expect(HTTPDate.string(secondsSince1970: 951_825_600) == "Tue, 29 Feb 2000 12:00:00 GMT")
    }
}
