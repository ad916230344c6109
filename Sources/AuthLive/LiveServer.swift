#if canImport(Glibc)
import Glibc
#endif
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes
import NIOPosix
import Synchronization

/// The HTTP/1.1 server in front of the world: it reads each request (bodies capped at
/// 1 MiB, idle connections closed after 60 s), hands it to the world's thread through the
/// inbox, and writes the answer. It never touches the world itself.
public enum LiveServer {
    /// Makes the server's event loops Swift Concurrency's executor, so a request's task runs
    /// where NIO read it instead of hopping to a second thread pool and back. Call once, from
    /// the main thread, before any task starts (the command line does, for live mode).
    public static func runTasksOnEventLoops() {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }

    /// Starts listening; returns the bound port (the one picked when `port` is 0) once the
    /// server accepts connections. The server runs until the task is cancelled.
    public static func start(host: String, port: Int, inbox: WorldInbox) async throws -> (port: Int, task: Task<Void, any Error>) {
        let bound = BoundPort()
        let app = Application(
            responder: LiveResponder(inbox: inbox),
            server: .http1(configuration: .init(additionalChannelHandlers: [ExpectContinueHandler()], idleTimeout: .seconds(60))),
            configuration: .init(address: .hostname(host, port: port), serverName: "authtui"),
            onServerRunning: { channel in bound.set(channel.localAddress?.port ?? port) },
            logger: Logger(label: "authtui.live", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        // `run()`, not `runService()`: no signal handlers of its own (the terminal's stay).
        let task = Task {
            do { try await app.run() } catch { bound.fail(error); throw error }
        }
        while true {
            switch bound.state {
            case .bound(let port): return (port, task)
            case .failed(let error): throw error
            case .starting: try await Task.sleep(nanoseconds: 5_000_000)
            }
        }
    }
}

extension LiveServer {
    /// Whether a body of the announced length (none announced: chunked or empty) may be read.
    static func fitsTheCap(contentLength: String?) -> Bool {
        (contentLength.flatMap { Int($0) } ?? 0) <= LiveGateway.maximumBody
    }

    /// Why the server could not listen, in a person's words (NIO's error names the system
    /// call): what the address has, and what to do about it.
    public static func reason(_ error: any Error) -> String {
        guard let error = error as? IOError else { return String(describing: error) }
        switch error.errnoCode {
        case EADDRINUSE: return "the port is in use (another program listens there; --port 0 picks a free one)"
        case EACCES: return "permission denied (ports below 1024 need privileges; pick a higher one)"
        case EADDRNOTAVAIL: return "no such address on this machine"
        default: return String(cString: strerror(error.errnoCode)).lowercased()
        }
    }
}

/// Answers `Expect: 100-continue` with `100 Continue` (RFC 9110 §10.1.1) when the body will
/// be read: a client that asks waits for it before sending the body (curl: a second). One
/// that announces more than the cap gets no 100: the 413 at once.
final class ExpectContinueHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundOut = HTTPResponsePart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let head) = unwrapInboundIn(data), head.headerFields[.expect]?.lowercased() == "100-continue",
           LiveServer.fitsTheCap(contentLength: head.headerFields[.contentLength]) {
            context.writeAndFlush(wrapOutboundOut(.head(HTTPResponse(status: .continue))), promise: nil)
        }
        context.fireChannelRead(data)
    }
}

/// How starting the server went, told from its own tasks to the caller waiting for it.
private final class BoundPort: Sendable {
    enum State { case starting, bound(Int), failed(any Error) }
    private let current = Mutex<State>(.starting)
    func set(_ port: Int) { current.withLock { $0 = .bound(port) } }
    /// The server stopped before it bound (the address is taken, say).
    func fail(_ error: any Error) { current.withLock { if case .starting = $0 { $0 = .failed(error) } } }
    var state: State { current.withLock { $0 } }
}

struct LiveRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?
    let eventLoop: any EventLoop

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        eventLoop = source.channel.eventLoop
    }
}

struct LiveResponder: HTTPResponder {
    let inbox: WorldInbox

    func respond(to request: Request, context: LiveRequestContext) async throws -> Response {
        var body = ByteBuffer()
        let length = request.headers[.contentLength]
        let address = context.remoteAddress
        func live(body: [UInt8]) -> LiveRequest {
            LiveRequest(
                method: request.method.rawValue,
                target: request.uri.string,
                // HTTP/1.1's Host arrives as the authority, not among the fields.
                headers: (request.head.authority.map { [("Host", $0)] } ?? []) + request.headers.map { ($0.name.rawName, $0.value) },
                body: body,
                peer: (address?.ipAddress ?? "unknown") + ":" + String(address?.port ?? 0),
                loopback: address.map { $0.ipAddress.map { Loopback.isLoopback(host: $0) } ?? ($0.protocol == .unix) } ?? false
            )
        }
        // Over the cap (announced, or found while reading): refused here, before a byte more
        // is awaited; the world's log is told without waiting for it.
        func tooLarge() -> Response {
            let refused = live(body: []), answer = LiveGateway.tooLarge
            inbox.submit { $0.noteAnsweredAtDoor(refused, answer) }
            return Self.response(answer)
        }
        guard LiveServer.fitsTheCap(contentLength: length) else { return tooLarge() }
        // HTTP/1.1: a request with neither Content-Length nor Transfer-Encoding has no body
        // (RFC 9112 §6.3), so there is nothing to wait for (most GETs under load).
        do {
            if length != nil || request.headers[.transferEncoding] != nil {
                body = try await request.body.collect(upTo: LiveGateway.maximumBody)
            }
        } catch is NIOTooManyBytesError {
            return tooLarge()
        }
        // Any other error: the body never came whole (the client closed the connection, or
        // went quiet past the idle timeout); there is no one to answer and nothing happened.
        let incoming = live(body: Array(buffer: body))
        let eventLoop = context.eventLoop
        let answer = await inbox.perform(resume: { eventLoop.execute($0) }) { $0.handle(incoming) }
        return Self.response(answer)
    }

    static func response(_ answer: LiveResponse) -> Response {
        var fields = HTTPFields()
        for (name, value) in answer.headers.fields {
            if let name = HTTPField.Name(name) { fields.append(HTTPField(name: name, value: value)) }
        }
        return Response(status: .init(code: answer.status), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}
