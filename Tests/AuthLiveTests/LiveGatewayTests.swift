#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import AuthEngine
@testable import AuthLive
import NIOCore
import NIOEmbedded

/// The live routes, in process: requests as bytes off the wire, answers as bytes back.
@Suite struct LiveGatewayTests {
    func gateway() -> LiveGateway {
        var config = SimulationConfig()
        config.live = true
        return LiveGateway(session: ScenarioSession(config: config))
    }

    func json(_ response: LiveResponse) throws -> JSONObject {
        try #require(try JSONParser.parse(bytes: response.body).objectValue)
    }

    func login(_ gateway: LiveGateway, form: Bool = false) throws -> (access: String, refresh: String) {
        let body = form ? "username=alice&password=wonderland" : #"{"username":"alice","password":"wonderland"}"#
        let type = form ? "application/x-www-form-urlencoded" : "application/json"
        let response = gateway.handle(LiveRequest(method: "POST", target: "/auth/login", headers: [("Content-Type", type)], body: Array(body.utf8)))
        #expect(response.status == 200)
        let object = try json(response)
        return (try #require(object["access_token"]?.stringValue), try #require(object["refresh_token"]?.stringValue))
    }

    func profile(_ gateway: LiveGateway, _ token: String) -> LiveResponse {
        gateway.handle(LiveRequest(method: "GET", target: "/api/profile", headers: [("Authorization", "Bearer " + token)], peer: "127.0.0.1:50001"))
    }

    @Test func expireShortMakesTheServerJudgeLiveTokensExpiredWithoutMovingTheClock() throws {
        let gateway = gateway()
        let (access, refresh) = try login(gateway)
        #expect(profile(gateway, access).status == 200)
        let before = gateway.session.world.clock.now
        let run = gateway.handle(LiveRequest(method: "POST", target: "/_authtui/run", body: Array("expire short\n".utf8)))
        #expect(try json(run)["ok"] == .bool(true))
        #expect(gateway.session.world.clock.now == before, "the clock stays with wall time")
        let expired = profile(gateway, access)
        #expect(expired.status == 401)
        #expect(try json(expired)["error"] == .string("token_expired"))
        #expect(expired.header("WWW-Authenticate")?.contains("The access token expired") == true)
        // The state says which tokens were judged, for a CI job to check.
        let issued = try #require(try json(gateway.handle(LiveRequest(method: "GET", target: "/_authtui/state")))["issued"]?.arrayValue)
        #expect(issued.compactMap(\.objectValue).map { "\($0["kind"]!.plainText) \($0["judged_expired"]!.plainText)" } == ["short true", "long false"])
        // The client's refresh-and-retry path works: a form-encoded refresh, a new token that is accepted.
        let renewed = gateway.handle(LiveRequest(method: "POST", target: "/auth/refresh", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                                 body: Array(("refresh_token=" + refresh).utf8)))
        #expect(renewed.status == 200)
        let newAccess = try #require(try json(renewed)["access_token"]?.stringValue)
        #expect(profile(gateway, newAccess).status == 200)
        // expire long: the refresh is refused, log in again.
        _ = gateway.handle(LiveRequest(method: "POST", target: "/_authtui/run", body: Array("expire long".utf8)))
        let refused = gateway.handle(LiveRequest(method: "POST", target: "/auth/refresh", headers: [("Content-Type", "application/json")],
                                                 body: Array(#"{"refresh_token":"\#(refresh)"}"#.utf8)))
        #expect(refused.status == 401)
        #expect(try json(refused)["error"] == .string("refresh_expired"))
    }

    /// Real clients add queries (`?page=2`, a cache-buster) to any call: the route is the
    /// path without it, whatever the query holds.
    @Test func aQueryDoesNotChangeTheRoute() throws {
        let gateway = gateway()
        let (access, _) = try login(gateway)
        for target in ["/api/profile?page=2", "/api/orders?_=1796000000", "/api/profile?a=%ff", "/api/profile?#top"] {
            let answer = gateway.handle(LiveRequest(method: "GET", target: target, headers: [("Authorization", "Bearer " + access)]))
            #expect(answer.status == 200, "\(target): \(answer.text)")
        }
        let unknown = gateway.handle(LiveRequest(method: "GET", target: "/api/nothing?page=2", headers: [("Authorization", "Bearer " + access)]))
        #expect(unknown.status == 404 && unknown.text.contains("no route GET /api/nothing\""))
        #expect(gateway.handle(LiveRequest(method: "DELETE", target: "/api/profile?x=1")).status == 405)
        let session = gateway.handle(LiveRequest(method: "POST", target: "/session/auth/login?next=/", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                                 body: Array("username=alice&password=wonderland".utf8)))
        #expect(session.status == 200)
        let sid = String(try #require(session.header("Set-Cookie")).prefix { $0 != ";" })
        // The id is only in the HttpOnly cookie: a body that repeated it would hand it to the page's scripts.
        #expect(session.text.contains("\"logged_in\":true") && !session.text.contains(sid.dropFirst("sid=".count)), "\(session.text)")
        #expect(gateway.handle(LiveRequest(method: "GET", target: "/session/api/profile?fresh=1", headers: [("Cookie", sid)])).status == 200)
    }

    /// A route asked with a method it does not take: 405 with `Allow` (RFC 9110 §15.5.6),
    /// on every server (the platform answered 404 "no route" before, as if the route were not there).
    @Test func aWrongMethodGets405AndTheMethodsTheRouteTakes() {
        let gateway = gateway()
        let cases: [(String, String, String)] = [
            ("GET", "/oauth/token", "POST"), ("GET", "/oauth/revoke?x=1", "POST"), ("PUT", "/oauth/authorize", "GET, HEAD"),
            ("POST", "/oauth/jwks", "GET, HEAD"), ("DELETE", "/device", "GET, HEAD, POST"), ("GET", "/oauth/device_authorization", "POST"),
            ("POST", "/platform/api/profile", "GET, HEAD"), ("GET", "/session/auth/login", "POST"), ("POST", "/session/api/orders", "GET, HEAD"),
            ("GET", "/auth/refresh", "POST"), ("DELETE", "/api/profile", "GET, HEAD"), ("GET", "/_authtui/run", "POST"), ("POST", "/_authtui/state", "GET, HEAD"),
        ]
        for (method, target, allowed) in cases {
            let answer = gateway.handle(LiveRequest(method: method, target: target))
            #expect(answer.status == 405, "\(method) \(target): \(answer.text)")
            #expect(answer.header("Allow") == allowed, "\(method) \(target)")
            #expect(answer.text.contains("is not allowed on"), "\(method) \(target)")
        }
        // A route that is not there at all stays 404.
        #expect(gateway.handle(LiveRequest(method: "GET", target: "/oauth/nothing")).status == 404)
        #expect(gateway.handle(LiveRequest(method: "GET", target: "/platform/api/nothing")).status == 404)
    }

    /// HEAD answers what GET would, without the body (RFC 9110 §9.3.2).
    @Test func headIsGetWithoutTheBody() throws {
        let gateway = gateway()
        let (access, _) = try login(gateway)
        let get = profile(gateway, access)
        let head = gateway.handle(LiveRequest(method: "HEAD", target: "/api/profile", headers: [("Authorization", "Bearer " + access)]))
        #expect(head.status == 200 && head.body.isEmpty)
        #expect(head.header("Content-Length") == String(get.body.count) && head.header("Content-Type") == "application/json")
        #expect(gateway.handle(LiveRequest(method: "HEAD", target: "/api/profile")).status == 401)
        // The log and the recording say HEAD: it is what the client sent.
        let lines = gateway.session.world.log.entries.map(LogFormatter.line)
        #expect(lines.contains { $0.contains("→ server  HEAD /api/profile") })
        #expect(lines.contains { $0.contains("200 HEAD /api/profile") })
        #expect(gateway.session.script().contains("# live: HEAD /api/profile → 200"))
        // HEAD on the platform's API and a session route is GET's answer too.
        #expect(gateway.handle(LiveRequest(method: "HEAD", target: "/platform/api/profile")).status == 401)
        #expect(gateway.handle(LiveRequest(method: "HEAD", target: "/oauth/jwks")).status == 200)
        #expect(gateway.handle(LiveRequest(method: "HEAD", target: "/session/api/profile")).status == 401)
    }

    /// The Authorization scheme is matched in any case (RFC 9110 §11.1): `bearer` works.
    @Test func theBearerSchemeIsCaseInsensitive() throws {
        let gateway = gateway()
        let (access, _) = try login(gateway)
        for header in ["bearer " + access, "BEARER  " + access, "Bearer " + access] {
            #expect(gateway.handle(LiveRequest(method: "GET", target: "/api/profile", headers: [("Authorization", header)])).status == 200, "\(header.prefix(10))")
        }
        for header in ["Bearer", "Bearer ", "Bearerx " + access, "Basic " + access, "bearer"] {
            let answer = gateway.handle(LiveRequest(method: "GET", target: "/api/profile", headers: [("Authorization", header)]))
            #expect(answer.status == 401 && answer.text.contains("token_missing"), "\(header.prefix(10)): \(answer.text)")
        }
    }

    @Test func theLogNamesThePeerAndStateListsWhatItWasIssued() throws {
        let gateway = gateway()
        _ = try login(gateway, form: true)
        let lines = gateway.session.world.log.entries.map(LogFormatter.line)
        #expect(lines.contains { $0.contains("peer 127.0.0.1:0 → server  POST /auth/login  username=alice password=•••  #1") })
        #expect(lines.contains { $0.contains("short token") && $0.contains("issued to peer 127.0.0.1:0") })
        let state = try json(gateway.handle(LiveRequest(method: "GET", target: "/_authtui/state")))
        #expect(state["live"] == .bool(true))
        let issued = try #require(state["issued"]?.arrayValue)
        #expect(issued.compactMap { $0.objectValue?["kind"]?.stringValue }.sorted() == ["long", "short"])
        #expect(issued.first?.objectValue?["peer"] == .string("127.0.0.1:0"))
    }

    /// A request no server saw is still in the log and the recording, with the answer it
    /// got: the QA engineer whose app calls a wrong path or sends a bad body sees why.
    @Test func requestsNoServerSawAreLoggedWithTheirAnswer() throws {
        let gateway = gateway()
        let start = gateway.session.world.log.totals.entries
        func notes() -> [LogNote] {
            gateway.session.world.log.entries.filter { $0.sequence > start }.compactMap { if case .note(let note) = $0.event { note } else { nil } }
        }
        _ = gateway.handle(LiveRequest(method: "GET", target: "/oauth2/token?x=1", peer: "127.0.0.1:5001"))
        _ = gateway.handle(LiveRequest(method: "HEAD", target: "/nowhere", peer: "127.0.0.1:5001"))
        _ = gateway.handle(LiveRequest(method: "OPTIONS", target: "/oauth/token", headers: [("Origin", "http://spa.test")], peer: "127.0.0.1:5002"))
        _ = gateway.handle(LiveRequest(method: "POST", target: "/cgi-bin/component/api_component_token", body: Array("a=b".utf8), peer: "127.0.0.1:5003"))
        _ = gateway.handle(LiveRequest(method: "GET", target: "/.well-known/openid-configuration", peer: "127.0.0.1:5004"))
        _ = gateway.handle(LiveRequest(method: "GET", target: "/app/", peer: "127.0.0.1:5005"))
        gateway.noteAnsweredAtDoor(LiveRequest(method: "POST", target: "/auth/login", peer: "127.0.0.1:5006"), LiveGateway.tooLarge)
        // What reached a server is logged as its exchange, not as a note.
        _ = gateway.handle(LiveRequest(method: "GET", target: "/api/profile", peer: "127.0.0.1:5007"))
        // The control API's lines are echoed in the log as they run; a refusal is a note.
        _ = gateway.handle(LiveRequest(method: "GET", target: "/_authtui/state"))
        _ = gateway.handle(LiveRequest(method: "POST", target: "/_authtui/run", body: Array("frobnicate".utf8)))
        let said = notes().compactMap { note -> String? in
            guard case .answeredAtDoor(let peer, let method, let path, let status, let error, let detail, let byDemoApp) = note else { return nil }
            return "\(peer) \(method) \(path) \(status) \(error ?? "-") \(byDemoApp ? "app" : "door") \(detail?.prefix(22) ?? "-")"
        }
        #expect(said == [
            "127.0.0.1:5001 GET /oauth2/token 404 not_found door no route GET /oauth2/t",
            "127.0.0.1:5001 HEAD /nowhere 404 not_found door no route HEAD /nowhere",
            "127.0.0.1:5002 OPTIONS /oauth/token 204 - door a CORS preflight",
            "127.0.0.1:5003 POST /cgi-bin/component/api_component_token 200 errcode 47001 door data format error (the",
            "127.0.0.1:5004 GET /.well-known/openid-configuration 200 - door -",
            "127.0.0.1:5005 GET /app/ 200 - app -",
            "127.0.0.1:5006 POST /auth/login 413 request_too_large door bodies are limited to ",
            "127.0.0.1:0 POST /_authtui/run 400 invalid_script door -",
        ])
        #expect(notes().first?.description.hasPrefix("live 127.0.0.1:5001 GET /oauth2/token → 404 not_found, answered by the HTTP front door (no server saw it): no route") == true)
        let script = gateway.session.script()
        #expect(script.contains("# live: GET /oauth2/token → 404 not_found (answered by the front door; not replayed)"))
        #expect(script.contains("# live: GET /app/ → 200 (the demo app's page; not replayed)"))
    }

    @Test func jumpsAreRefusedInLiveModeWithTheLeverThatWorks() throws {
        let gateway = gateway()
        let result = try json(gateway.handle(LiveRequest(method: "POST", target: "/_authtui/run", body: Array("advance 1h\nexpire short".utf8))))
        #expect(result["ok"] == .bool(false))
        let lines = try #require(result["results"]?.arrayValue).compactMap(\.objectValue)
        #expect(lines[0]["problem"]?.stringValue?.hasPrefix("in live mode the clock follows wall time") == true)
        #expect(lines[1]["problem"] == .string("no short token issued so far is still valid"))
    }

    @Test func badInputGetsAClearAnswerAndChangesNothing() throws {
        let gateway = gateway()
        let entries = gateway.session.world.log.totals.entries
        let badJSON = gateway.handle(LiveRequest(method: "POST", target: "/auth/login", headers: [("Content-Type", "application/json")], body: Array("{oops".utf8)))
        #expect(badJSON.status == 400)
        #expect(try json(badJSON)["error"] == .string("invalid_request"))
        let badType = gateway.handle(LiveRequest(method: "POST", target: "/auth/login", headers: [("Content-Type", "text/xml")], body: Array("<x/>".utf8)))
        #expect(try json(badType)["error_description"]?.stringValue?.hasPrefix("unsupported Content-Type 'text/xml'") == true)
        let badScript = gateway.handle(LiveRequest(method: "POST", target: "/_authtui/run", body: Array("expire short\nfrobnicate".utf8)))
        #expect(badScript.status == 400)
        #expect(try json(badScript)["errors"] == .array([.string("_authtui/run:2:1: error: unknown command 'frobnicate'")]))
        // Nothing ran: the log shows each refusal, and nothing else.
        let added = gateway.session.world.log.entries.filter { $0.sequence > entries }.map(\.event)
        #expect(added.map { if case .note(.answeredAtDoor(_, let method, let path, let status, let error?, _, false)) = $0 { "\(method) \(path) \(status) \(error)" } else { "\($0)" } }
                == ["POST /auth/login 400 invalid_request", "POST /auth/login 400 invalid_request", "POST /_authtui/run 400 invalid_script"])
        let twice = gateway.handle(LiveRequest(method: "POST", target: "/oauth/token", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                               body: Array("grant_type=refresh_token&refresh_token=a&refresh_token=b&client_id=authtui-demo".utf8)))
        #expect(twice.status == 400)
        #expect(try json(twice)["error_description"] == .string("the form gives refresh_token more than once"))
        #expect(gateway.handle(LiveRequest(method: "GET", target: "/nowhere")).status == 404)
        #expect(gateway.handle(LiveRequest(method: "GET", target: "/_authtui/run")).status == 405)
    }

    /// `serve`'s log echoes a control request's lines with their own numbers, as its answer
    /// does (it said the recording's line, the same number for every refused line).
    @Test func theLogNamesAControlRequestsOwnLines() {
        final class Echo: @unchecked Sendable { var lines: [String] = [] }
        let echo = Echo()
        var config = SimulationConfig()
        config.live = true
        let gateway = LiveGateway(session: ScenarioSession(config: config) { output in
            switch output {
            case .command(let line, let source): echo.lines.append("> \(source) (line \(line))")
            case .problem(let line, _): echo.lines.append("FAIL line \(line)")
            default: break
            }
        })
        _ = gateway.handle(LiveRequest(method: "POST", target: "/_authtui/run", body: Array("expire short\nexpire long".utf8)))
        #expect(echo.lines == ["> expire short (line 1)", "FAIL line 1", "> expire long (line 2)", "FAIL line 2"])
    }

    @Test func theControlAPIAnswersLoopbackPeersOnly() throws {
        let gateway = gateway()
        let remote = gateway.handle(LiveRequest(method: "POST", target: "/_authtui/run", body: Array("expire short".utf8), peer: "192.0.2.7:4000", loopback: false))
        #expect(remote.status == 403)
        // The token flow itself answers anyone.
        let login = gateway.handle(LiveRequest(method: "POST", target: "/auth/login", headers: [("Content-Type", "application/json")],
                                               body: Array(#"{"username":"bob","password":"builder"}"#.utf8), peer: "192.0.2.7:4000", loopback: false))
        #expect(login.status == 200)
    }

    @Test func browserAppsGetCORS() {
        let preflight = gateway().handle(LiveRequest(method: "OPTIONS", target: "/api/profile"))
        #expect(preflight.status == 204)
        #expect(preflight.header("Access-Control-Allow-Headers") == "Authorization, Content-Type")
        #expect(preflight.header("Access-Control-Allow-Origin") == "*")
        // A page's fetch with credentials: its origin named back, never `*`; a preflight gets
        // the headers it asked for.
        let page = gateway().handle(LiveRequest(method: "OPTIONS", target: "/session/api/profile",
                                                headers: [("Origin", "http://localhost:3000"), ("Access-Control-Request-Headers", "content-type, x-requested-with")]))
        #expect(page.header("Access-Control-Allow-Origin") == "http://localhost:3000")
        #expect(page.header("Access-Control-Allow-Credentials") == "true" && page.header("Vary") == "Origin")
        #expect(page.header("Access-Control-Allow-Headers") == "content-type, x-requested-with")
    }

    /// A page open in a browser on this machine is a loopback peer: the control API must not
    /// take its orders (a form POST needs no preflight) nor show it the tokens; nor answer a
    /// page's own name pointed at 127.0.0.1 (DNS rebinding). Scripts and CI send neither.
    @Test func theControlAPIAnswersNoWebPage() throws {
        let gateway = gateway()
        let entries = gateway.session.world.log.totals.entries
        for headers in [[("Origin", "http://evil.example")], [("Origin", "null")], [("Host", "evil.example:8080")], [("Host", "rebind.attacker.test")],
                        [("Host", "127.0.0.1.attacker.test:8080")], [("Host", "127.evil")]] {
            let run = gateway.handle(LiveRequest(method: "POST", target: "/_authtui/run", headers: headers, body: Array("expire short\nreset".utf8)))
            #expect(run.status == 403, "\(headers)")
            #expect(run.header("Access-Control-Allow-Origin") == nil)
            #expect(gateway.handle(LiveRequest(method: "GET", target: "/_authtui/state", headers: headers)).status == 403)
        }
        // Nothing ran: the log shows each refusal, and nothing else.
        let added = gateway.session.world.log.entries.filter { $0.sequence > entries }.map(\.event)
        #expect(added.count == 12 && added.allSatisfy { if case .note(.answeredAtDoor(_, _, _, 403, "forbidden", _, false)) = $0 { true } else { false } })
        for host in ["127.0.0.1:8080", "127.1.2.3", "localhost:8080", "LOCALHOST", "[::1]:8080", "localhost", "app.localhost:9"] {
            #expect(gateway.handle(LiveRequest(method: "GET", target: "/_authtui/state", headers: [("Host", host)])).status == 200, "\(host)")
        }
        // The playground's own pages may (their origin is the server's).
        #expect(gateway.handle(LiveRequest(method: "GET", target: "/_authtui/state", headers: [("Origin", gateway.baseURL)])).status == 200)
    }
}

/// Requests reach the world only through the inbox, on the thread that drains it.
@Suite struct WorldInboxTests {
    @Test func queuedJobsRunWhereTheInboxIsDrainedInOrderAndInBatches() {
        let gateway = LiveGatewayTests().gateway()
        let inbox = WorldInbox()
        let order = Order()
        for i in 0..<5 { inbox.submit { _ in order.append(i) } }
        #expect(inbox.drain(into: gateway, limit: 3) == 2)
        #expect(order.values == [0, 1, 2])
        #expect(inbox.drain(into: gateway) == 0)
        #expect(order.values == [0, 1, 2, 3, 4])
    }

    @Test func onlyTheFirstJobAfterADrainWakesTheOwner() {
        let gateway = LiveGateway(session: ScenarioSession())
        let inbox = WorldInbox()
        func readable() -> Bool {
            var fd = pollfd(fd: inbox.wakeFD, events: Int16(POLLIN), revents: 0)
            return poll(&fd, 1, 0) == 1
        }
        #expect(!readable())
        for _ in 0..<3 { inbox.submit { _ in } }
        var byte = [UInt8](repeating: 0, count: 8)
        #expect(read(inbox.wakeFD, &byte, byte.count) == 1) // one wake for three jobs
        #expect(inbox.drain(into: gateway) == 0)
        #expect(!readable())
        inbox.submit { _ in }
        #expect(readable())
        // A drain that leaves jobs behind keeps the owner awake for them.
        inbox.submit { _ in }
        #expect(inbox.drain(into: gateway, limit: 1) == 1)
        #expect(readable())
    }
}

final class Order: @unchecked Sendable {
    private(set) var values: [Int] = []
    func append(_ value: Int) { values.append(value) }
}

/// The OAuth platform and the demo app over live HTTP, in process.
@Suite struct LivePlatformTests {
    func gateway() -> LiveGateway {
        var config = SimulationConfig()
        config.live = true
        return LiveGateway(session: ScenarioSession(config: config), baseURL: "http://127.0.0.1:9000")
    }

    func location(_ response: LiveResponse) -> String? { response.header("Location") }

    /// A class whose browsers are in Chinese does the flow in Chinese: every page follows
    /// Accept-Language (the playground's language when it names none the pages speak).
    @Test func pagesFollowTheBrowsersLanguage() throws {
        #expect(PageLanguage.preferred("zh-CN,zh;q=0.9,en;q=0.8", fallback: .en) == .zh)
        #expect(PageLanguage.preferred("en-US,en;q=0.9,zh-CN;q=0.8", fallback: .zh) == .en)
        #expect(PageLanguage.preferred("fr-FR, de;q=0.9", fallback: .zh) == .zh)
        #expect(PageLanguage.preferred("en;q=0.5, zh-TW", fallback: .en) == .zh)
        #expect(PageLanguage.preferred("zh;q=0, en", fallback: .zh) == .en)
        #expect(PageLanguage.preferred("*", fallback: .en) == .en)
        #expect(PageLanguage.preferred(nil, fallback: .zh) == .zh)
        let gateway = gateway()
        let chinese: [(String, String)] = [("Accept", "text/html"), ("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8")]
        let home = gateway.handle(LiveRequest(method: "GET", target: "/app/", headers: chinese))
        #expect(home.text.contains("<html lang=\"zh-CN\">") && home.text.contains("用平台账号登录"))
        #expect(home.header("Vary") == "Accept-Language")
        let authorize = try #require(location(gateway.handle(LiveRequest(method: "GET", target: "/app/start"))))
        let page = gateway.handle(LiveRequest(method: "GET", target: authorize, headers: chinese))
        #expect(page.text.contains("想要访问你的平台账号") && page.text.contains("它申请的权限范围") && page.text.contains(">同意</button>"))
        let english = gateway.handle(LiveRequest(method: "GET", target: authorize, headers: [("Accept", "text/html"), ("Accept-Language", "en-US,en;q=0.9")]))
        #expect(english.text.contains("wants to access your platform account") && !english.text.contains("同意"))
        let device = gateway.handle(LiveRequest(method: "GET", target: "/device", headers: chinese))
        #expect(device.text.contains("设备屏幕上显示的用户码"))
        let refused = gateway.handle(LiveRequest(method: "GET", target: "/app/callback?code=x&state=forged", headers: chinese))
        #expect(refused.status == 403 && refused.text.contains("已拒绝：state 不匹配"))
        // No language the pages speak: the playground's own.
        gateway.pageLanguage = .zh
        #expect(gateway.handle(LiveRequest(method: "GET", target: "/app/", headers: [("Accept-Language", "fr")])).text.contains("用平台账号登录"))
        #expect(gateway.handle(LiveRequest(method: "GET", target: "/app/")).text.contains("用平台账号登录"))
    }

    /// A page refused where it stands (the authorization page for an untrusted client or
    /// redirect, a device code nobody waits for, a spent WeChat link) says why in the
    /// browser's language, from the engine's reason, and keeps the protocol's error code.
    @Test func aRefusedPageSaysWhyInTheBrowsersLanguage() throws {
        let gateway = gateway()
        let chinese: [(String, String)] = [("Accept", "text/html"), ("Accept-Language", "zh-CN,zh;q=0.9")]
        let english: [(String, String)] = [("Accept", "text/html"), ("Accept-Language", "en")]
        func why(_ page: LiveResponse) -> String? { page.text.firstMatch(of: /<p id="why">([^<]*)<\/p>/).map { String($0.1) } }
        func code(_ page: LiveResponse) -> String? { page.text.firstMatch(of: /<code id="error-code">([^<]*)<\/code>/).map { String($0.1) } }
        let redirect = "/oauth/authorize?" + URLQuery.encode([("response_type", "code"), ("client_id", "authtui-demo"), ("redirect_uri", "https://evil.example/cb")])
        let cases: [(target: String, zh: String, en: String, code: String)] = [
            (redirect, "redirect_uri https://evil.example/cb 不是 AuthTUI demo app (public) 登记过的回调地址", "redirect_uri https://evil.example/cb is not registered for AuthTUI demo app", "invalid_request"),
            ("/oauth/authorize?client_id=nobody&redirect_uri=x", "没有这个 client_id 的第三方应用", "unknown client_id", "invalid_client"),
            ("/oauth/authorize?client_id=a&client_id=b", "client_id 出现了不止一次", "client_id is given more than once", "invalid_request"),
            ("/device?user_code=BBBB-CCCC", "没有设备在等用户码 BBBB-CCCC", "no device is waiting for code BBBB-CCCC", "invalid_user_code"),
            ("/cgi-bin/componentloginpage?component_appid=wxother&pre_auth_code=x", "component_appid wxother 不是微信认识的第三方平台", "component_appid wxother is not", "errcode 40013"),
            ("/cgi-bin/componentloginpage?component_appid=\(gateway.session.world.wechat.platform.componentAppID)&pre_auth_code=gone", "pre_auth_code 无效", "pre_auth_code is invalid", "invalid_pre_auth_code"),
        ]
        for item in cases {
            let zh = gateway.handle(LiveRequest(method: "GET", target: item.target, headers: chinese))
            let en = gateway.handle(LiveRequest(method: "GET", target: item.target, headers: english))
            // WeChat answers an errcode with HTTP 200, as the real one does.
            #expect(zh.status == (item.code.hasPrefix("errcode") ? 200 : 400) && zh.header("Content-Type") == "text/html; charset=utf-8", "\(item.target): \(zh.status)")
            #expect(why(zh)?.hasPrefix(item.zh) == true, "\(item.target): \(why(zh) ?? zh.text)")
            #expect(why(en)?.hasPrefix(item.en) == true, "\(item.target): \(why(en) ?? en.text)")
            #expect(code(zh) == item.code && code(en) == item.code)
            #expect(zh.text.contains("<html lang=\"zh-CN\">") && !(why(zh) ?? "").contains(item.en))
        }
        // A program asking for JSON gets the protocol's answer, in English, with no page.
        let json = gateway.handle(LiveRequest(method: "GET", target: "/device?user_code=BBBB-CCCC", headers: [("Accept", "application/json")]))
        #expect(json.header("Content-Type") == "application/json" && json.text.contains("\"error_description\":\"no device is waiting for code BBBB-CCCC"))
    }

    /// The phone's side of the device grant in a Chinese browser: the code's page, the
    /// approval, what it did, and the same code answered twice.
    @Test func thePhoneApprovesADeviceInItsLanguage() throws {
        let gateway = gateway()
        let device = gateway.handle(LiveRequest(method: "POST", target: "/oauth/device_authorization", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                                body: Array("client_id=authtui-demo&scope=openid%20profile".utf8)))
        let userCode = try #require(try JSONParser.parse(bytes: device.body).objectValue?["user_code"]?.stringValue)
        let chinese: [(String, String)] = [("Accept", "text/html"), ("Accept-Language", "zh-CN")]
        let page = gateway.handle(LiveRequest(method: "GET", target: "/device?user_code=" + userCode, headers: chinese))
        #expect(page.status == 200 && page.text.contains("，用户码 ") && page.text.contains("<code>\(userCode)</code>") && page.text.contains("id=\"approve\""))
        let form: [(String, String)] = chinese + [("Content-Type", "application/x-www-form-urlencoded")]
        let answer = Array("user_code=\(userCode)&username=alice&decision=approve".utf8)
        let done = gateway.handle(LiveRequest(method: "POST", target: "/device", headers: form, body: answer))
        #expect(done.status == 200 && done.text.contains("<h1 id=\"done\">已批准：设备下次轮询时拿到令牌</h1>"), "\(done.text)")
        let again = gateway.handle(LiveRequest(method: "POST", target: "/device", headers: form, body: answer))
        #expect(again.status == 400 && again.text.contains("这个用户码已经回应过了") && again.text.contains("<code id=\"error-code\">invalid_request</code>"))
        let denied = gateway.handle(LiveRequest(method: "POST", target: "/oauth/device_authorization", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                                body: Array("client_id=authtui-demo&scope=profile".utf8)))
        let second = try #require(try JSONParser.parse(bytes: denied.body).objectValue?["user_code"]?.stringValue)
        let no = gateway.handle(LiveRequest(method: "POST", target: "/device", headers: [("Accept", "text/html"), ("Accept-Language", "en"), ("Content-Type", "application/x-www-form-urlencoded")],
                                            body: Array("user_code=\(second)&username=bob&decision=deny".utf8)))
        #expect(no.text.contains("<h1 id=\"done\">Denied: the device is told at its next poll</h1>"))
    }

    /// The callback page's ID-token checklist is the lesson of the flow: a Chinese browser
    /// reads every rule's finding in Chinese, with the same values.
    @Test func theChecklistSpeaksTheBrowsersLanguage() throws {
        let gateway = gateway()
        let authorize = try #require(location(gateway.handle(LiveRequest(method: "GET", target: "/app/start"))))
        let page = gateway.handle(LiveRequest(method: "GET", target: authorize, headers: [("Accept", "text/html")]))
        let ticket = try #require(page.text.firstMatch(of: /name="consent_ticket" value="([^"]+)"/)?.1)
        let consent = gateway.handle(LiveRequest(method: "POST", target: "/oauth/consent", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                                 body: Array("consent_ticket=\(ticket)&username=alice&decision=approve".utf8)))
        let callback = try #require(location(consent))
        let done = gateway.handle(LiveRequest(method: "GET", target: String(callback.dropFirst("http://127.0.0.1:9000".count)),
                                              headers: [("Accept-Language", "zh-CN,zh;q=0.9")]))
        let list = try #require(done.text.firstMatch(of: /<ul id="id-token-checks">(.*?)<\/ul>/)?.1)
        let items = list.matches(of: /<li id="check-ok">([^<]*)<\/li>/).map { String($0.1) }
        #expect(items.count == 7)
        for expected in ["✓ signature：用 JWKS 里的密钥 ", "✓ iss：是这个平台", "✓ aud：是这个第三方应用", "✓ exp：有效至 ", "✓ iat：0s 前签发",
                         "✓ nonce：是本次会话发出的那个", "✓ at_hash：绑定了一起签发的访问令牌"] {
            #expect(items.contains { $0.hasPrefix(expected) }, "\(expected) in \(items)")
        }
        #expect(!list.contains("verifies") && !list.contains("valid until"))
    }

    @Test func aBrowserWalksTheDemoAppThroughTheConsentPageToTheDecodedToken() throws {
        let gateway = gateway()
        let home = gateway.handle(LiveRequest(method: "GET", target: "/app/"))
        #expect(home.header("Content-Type") == "text/html; charset=utf-8")
        #expect(home.text.contains("href=\"/app/start\""))
        let start = gateway.handle(LiveRequest(method: "GET", target: "/app/start"))
        #expect(start.status == 302)
        let authorize = try #require(location(start))
        #expect(authorize.hasPrefix("/oauth/authorize?response_type=code&client_id=authtui-demo&redirect_uri=http%3A%2F%2F127.0.0.1%3A9000%2Fapp%2Fcallback"))
        #expect(authorize.contains("&nonce="))
        let page = gateway.handle(LiveRequest(method: "GET", target: authorize, headers: [("Accept", "text/html")]))
        #expect(page.status == 200)
        #expect(page.text.contains("<select name=\"username\""))
        let ticket = try #require(page.text.firstMatch(of: /name="consent_ticket" value="([^"]+)"/)?.1)
        let consent = gateway.handle(LiveRequest(method: "POST", target: "/oauth/consent", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                                 body: Array("consent_ticket=\(ticket)&username=bob&decision=approve".utf8)))
        #expect(consent.status == 302)
        let callback = try #require(location(consent))
        #expect(callback.hasPrefix("http://127.0.0.1:9000/app/callback?code="))
        let done = gateway.handle(LiveRequest(method: "GET", target: String(callback.dropFirst("http://127.0.0.1:9000".count))))
        #expect(done.status == 200)
        #expect(done.text.contains("Connected as Bob"))
        #expect(done.text.contains("&quot;scope&quot;: &quot;openid profile orders&quot;"))
        // The app validated the ID token (OIDC Core §3.1.3.7): seven checks, all passed.
        #expect(done.text.components(separatedBy: "id=\"check-ok\"").count - 1 == 7)
        #expect(!done.text.contains("check-failed"))
        // The same callback again: its state was used up.
        let replay = gateway.handle(LiveRequest(method: "GET", target: String(callback.dropFirst("http://127.0.0.1:9000".count))))
        #expect(replay.status == 403)
        #expect(replay.text.contains("state does not match"))
        // `oauth expire` judged the demo app's token alone (the simulated app holds none):
        // the recording keeps it as a note, as no replay has the demo app.
        #expect(gateway.session.perform(.oauth(.expire)).problem == nil)
        #expect(gateway.session.script().contains("# live: oauth expire (judged real clients' tokens expired; not replayed)\n"))
        let state = try #require(try JSONParser.parse(bytes: gateway.handle(LiveRequest(method: "GET", target: "/_authtui/state")).body).objectValue)
        let client = try #require(state["oauth_clients"]?.arrayValue?.first?.objectValue)
        #expect(client["client_id"] == "authtui-demo" && client["peer"] == "demo app")
        #expect(client["access"]?.objectValue?["state"] == "judged_expired")
        #expect(client["refresh"]?.objectValue?["active"] == .bool(true))
    }

    /// A denial comes back with the session's state and is shown as the platform's answer;
    /// an error with a state this browser never sent is refused like any forged callback.
    @Test func aDenialIsShownOnlyWithTheSessionsState() throws {
        let gateway = gateway()
        let forged = gateway.handle(LiveRequest(method: "GET", target: "/app/callback?error=access_denied&state=forged"))
        #expect(forged.status == 403 && forged.text.contains("state does not match"))
        let start = gateway.handle(LiveRequest(method: "GET", target: "/app/start"))
        let page = gateway.handle(LiveRequest(method: "GET", target: try #require(location(start)), headers: [("Accept", "text/html")]))
        let ticket = try #require(page.text.firstMatch(of: /name="consent_ticket" value="([^"]+)"/)?.1)
        let deny = gateway.handle(LiveRequest(method: "POST", target: "/oauth/consent", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                              body: Array("consent_ticket=\(ticket)&username=alice&decision=deny".utf8)))
        let callback = try #require(location(deny))
        #expect(callback.contains("error=access_denied"))
        let shown = gateway.handle(LiveRequest(method: "GET", target: String(callback.dropFirst("http://127.0.0.1:9000".count))))
        #expect(shown.status == 200 && shown.text.contains("Not connected") && shown.text.contains("access_denied"))
    }

    @Test func metadataNamesThisServerAndAnUnregisteredRedirectGetsAnErrorPage() throws {
        let gateway = gateway()
        let metadata = try #require(try JSONParser.parse(bytes: gateway.handle(LiveRequest(method: "GET", target: "/.well-known/oauth-authorization-server")).body).objectValue)
        #expect(metadata["issuer"] == .string("http://127.0.0.1:9000"))
        #expect(metadata["token_endpoint"] == .string("http://127.0.0.1:9000/oauth/token"))
        let evil = gateway.handle(LiveRequest(method: "GET", target: "/oauth/authorize?" + URLQuery.encode([("response_type", "code"), ("client_id", "authtui-demo"),
                                  ("redirect_uri", "https://evil.example/cb"), ("scope", "profile")])))
        #expect(evil.status == 400)
        #expect(evil.header("Location") == nil)
        #expect(evil.text.contains("The platform refused this request"))
        // A page never carries the attacker's markup unescaped.
        let xss = gateway.handle(LiveRequest(method: "GET", target: "/oauth/authorize?client_id=%3Cscript%3E"))
        #expect(!xss.text.contains("<script>"))
    }
}

/// WeChat's pushes leave the world sealed as WeChat seals them.
@Suite struct LiveWeChatTests {
    final class Captured: @unchecked Sendable { var pushes: [WeChatPush] = [] }

    func gateway(aesKey: String?) -> (LiveGateway, Captured) {
        let gateway = LiveGatewayTests().gateway()
        let captured = Captured()
        gateway.wechatCallback = WeChatCallback(url: "http://127.0.0.1:9/cb", token: "tok", encodingAESKey: aesKey)
        gateway.pushSender = { captured.pushes.append($0) }
        return (gateway, captured)
    }

    @Test func theFirstTicketIsPostedEncryptedAndDecryptsToTheComponentsTicket() throws {
        let key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
        let (gateway, captured) = gateway(aesKey: key)
        gateway.attachWeChatPushes()
        let push = try #require(captured.pushes.first)
        #expect(push.encrypted)
        let query = try #require(URLQuery.decode(push.query))
        let appID = gateway.session.world.wechat.platform.componentAppID
        let crypt = try #require(WeChatMessageCrypt(token: "tok", encodingAESKey: key, appID: appID))
        let encrypted = try #require(push.body.firstMatch(of: /<Encrypt><!\[CDATA\[(.*?)\]\]><\/Encrypt>/)?.1)
        #expect(query.value("msg_signature") == crypt.signature([query.value("timestamp")!, query.value("nonce")!, String(encrypted)]))
        let xml = try crypt.decrypt(String(encrypted))
        #expect(xml.contains("<InfoType><![CDATA[component_verify_ticket]]></InfoType>"))
        #expect(xml.contains("<ComponentVerifyTicket><![CDATA[ticket@@@"))
        // Once tapped, a reset's new world is tapped again before its first push.
        _ = gateway.handle(LiveRequest(method: "POST", target: "/_authtui/run", body: Array("wechat reset".utf8)))
        gateway.attachWeChatPushes()
        #expect(captured.pushes.count == 2)
    }

    /// A backend without a callback: the platform answers its first call (it got 502
    /// "nobody answers at wechat" before anything had started it), and the state gives it
    /// the credentials and the newest ticket to buy a component_access_token with.
    @Test func aComponentBackendWithoutACallbackFindsThePlatformAndItsTicketInTheState() throws {
        let gateway = LiveGatewayTests().gateway()
        // As curl -d sends it: form-encoded by its header, JSON by its bytes (WeChat reads JSON).
        func token(_ body: JSONObject) throws -> JSONObject {
            let answer = gateway.handle(LiveRequest(method: "POST", target: "/cgi-bin/component/api_component_token",
                                                    headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array(JSONWriter.compact(.object(body)).utf8)))
            #expect(answer.status == 200)
            return try #require(try JSONParser.parse(bytes: answer.body).objectValue)
        }
        let refused = try token(["component_appid": "wx0", "component_appsecret": "x", "component_verify_ticket": "ticket@@@nope"])
        #expect(refused["errcode"] != nil && refused["errcode"] != .int(0))
        let state = gateway.handle(LiveRequest(method: "GET", target: "/_authtui/state"))
        let wechat = try #require(try JSONParser.parse(bytes: state.body).objectValue?["wechat"]?.objectValue)
        let ticket = try #require(wechat["component_verify_ticket"]?.stringValue)
        #expect(ticket.hasPrefix("ticket@@@"))
        let bought = try token(["component_appid": try #require(wechat["component_appid"]), "component_appsecret": try #require(wechat["component_appsecret"]),
                                "component_verify_ticket": .string(ticket)])
        #expect(bought["component_access_token"]?.stringValue != nil)
        #expect(bought["expires_in"] == .int(7200))
        let garbled = gateway.handle(LiveRequest(method: "POST", target: "/cgi-bin/component/api_component_token", body: Array("component_appid=wx".utf8)))
        let errcode = try JSONParser.parse(bytes: garbled.body).objectValue?["errcode"]
        #expect(garbled.status == 200 && errcode == .int(47001))
    }

    /// What a component backend calls besides the four steps: `api_start_push_ticket` at
    /// start-up (with its secret: it has no token yet; a ticket is pushed at once),
    /// `api_get_authorizer_info` after an authorization, `api_get_authorizer_list`.
    @Test func theComponentStartsItsTicketsAndListsItsAuthorizers() throws {
        let (gateway, captured) = gateway(aesKey: nil)
        gateway.attachWeChatPushes()
        let platform = gateway.session.world.wechat.platform
        func call(_ path: String, _ body: JSONObject) throws -> JSONObject {
            let answer = gateway.handle(LiveRequest(method: "POST", target: path, body: Array(JSONWriter.compact(.object(body)).utf8)))
            #expect(answer.status == 200)
            return try #require(try JSONParser.parse(bytes: answer.body).objectValue)
        }
        let pushed = captured.pushes.count
        #expect(try call("/cgi-bin/component/api_start_push_ticket", ["component_appid": .string(platform.componentAppID), "component_secret": "wrong"])["errcode"] == .int(40125))
        #expect(try call("/cgi-bin/component/api_start_push_ticket", ["component_appid": .string(platform.componentAppID), "component_secret": .string(platform.componentSecret)])
                == ["errcode": 0, "errmsg": "ok"])
        #expect(captured.pushes.count == pushed + 1)
        // The simulated component authorizes a merchant through the script verbs.
        let run = gateway.handle(LiveRequest(method: "POST", target: "/_authtui/run", body: Array("wechat component_token\nwechat preauthcode\nwechat authorize wxmerchant0001\nwechat query_auth".utf8)))
        #expect(try JSONParser.parse(bytes: run.body).objectValue?["ok"] == .bool(true), "\(run.text)")
        let token = try #require(platform.latestComponentToken?.value)
        let appID = try #require(platform.authorizers.keys.first)
        let info = try call("/cgi-bin/component/api_get_authorizer_info?component_access_token=" + token,
                            ["component_appid": .string(platform.componentAppID), "authorizer_appid": .string(appID)])
        #expect(info["authorization_info"]?.objectValue?["authorizer_appid"] == .string(appID))
        #expect(info["authorizer_info"]?.objectValue?["nick_name"] == .string("Merchant " + appID))
        #expect(try call("/cgi-bin/component/api_get_authorizer_info?component_access_token=" + token,
                         ["component_appid": .string(platform.componentAppID), "authorizer_appid": "wxnobody"])["errcode"] == .int(61003))
        let list = try call("/cgi-bin/component/api_get_authorizer_list?component_access_token=" + token,
                            ["component_appid": .string(platform.componentAppID), "offset": 0, "count": 100])
        #expect(list["total_count"] == .int(1))
        #expect(list["list"]?.arrayValue?.first?.objectValue?["authorizer_appid"] == .string(appID))
        #expect(try call("/cgi-bin/component/api_get_authorizer_list?component_access_token=" + token,
                         ["component_appid": .string(platform.componentAppID), "offset": 0, "count": 501])["errcode"] == .int(40097))
    }

    /// A callback URL is read once, when given: what the push will connect to, or why not.
    @Test func aCallbackURLIsCheckedWhenGiven() throws {
        #expect(try HTTPPost.target("http://127.0.0.1:9000/wechat/cb?x=1").get() == .init(host: "127.0.0.1", port: "9000", authority: "127.0.0.1:9000", path: "/wechat/cb?x=1"))
        #expect(try HTTPPost.target("http://[::1]/cb").get() == .init(host: "::1", port: "80", authority: "[::1]", path: "/cb"))
        #expect(try HTTPPost.target("http://example.test").get().path == "/")
        for bad in ["https://a/cb", "http://[::1/cb", "http://[::1]x/cb", "http://:80/cb", "http://a:0/cb", "http://a:99999/", "http://a b/", "http://u@/cb"] {
            #expect(WeChatCallback.problem(url: bad) != nil, "\(bad)")
        }
    }

    @Test func plainModeSignsWithTokenTimestampAndNonce() throws {
        let (gateway, captured) = gateway(aesKey: nil)
        gateway.attachWeChatPushes()
        let push = try #require(captured.pushes.first)
        #expect(!push.encrypted && push.body.hasPrefix("<xml><AppId>"))
        let query = try #require(URLQuery.decode(push.query))
        #expect(query.value("signature") == WeChatMessageCrypt.signature(token: "tok", [query.value("timestamp")!, query.value("nonce")!]))
    }
}

/// The session design with a real cookie.
@Suite struct LiveSessionTests {
    @Test func aCookieJarLogsInCallsAndLogsOut() throws {
        let gateway = LiveGatewayTests().gateway()
        let login = gateway.handle(LiveRequest(method: "POST", target: "/session/auth/login", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                               body: Array("username=alice&password=wonderland".utf8)))
        #expect(login.status == 200)
        let cookie = try #require(login.header("Set-Cookie"))
        #expect(cookie.hasPrefix("sid=s_") && cookie.hasSuffix("; HttpOnly; SameSite=Lax; Path=/session"))
        #expect(!cookie.contains("Secure"), "plain http: a Secure cookie would never come back")
        let sid = String(cookie.prefix { $0 != ";" })
        let state = try #require(try JSONParser.parse(bytes: gateway.handle(LiveRequest(method: "GET", target: "/_authtui/state")).body).objectValue)
        #expect(state["sessions"]?.objectValue?["count"] == .int(1))
        let profile = gateway.handle(LiveRequest(method: "GET", target: "/session/api/profile", headers: [("Cookie", sid)]))
        #expect(profile.status == 200)
        #expect(try JSONParser.parse(bytes: profile.body).objectValue?["name"] == .string("Alice"))
        let logout = gateway.handle(LiveRequest(method: "POST", target: "/session/auth/logout", headers: [("Cookie", sid)]))
        #expect(logout.headers.fields.contains { $0.name == "Set-Cookie" && $0.value.hasPrefix("sid=; Max-Age=0") })
        #expect(gateway.handle(LiveRequest(method: "GET", target: "/session/api/profile", headers: [("Cookie", sid)])).status == 401)
    }
}

/// A live session records real clients' requests as comments, counted when they repeat.
@Suite struct LiveRecordingTests {
    @Test func liveRequestsAreCommentsAndRepeatsAreCounted() throws {
        let gateway = LiveGatewayTests().gateway()
        for _ in 0..<3 { _ = gateway.handle(LiveRequest(method: "GET", target: "/api/profile")) }
        _ = gateway.handle(LiveRequest(method: "POST", target: "/_authtui/run", body: Array("fail next refresh 500".utf8)))
        let script = gateway.session.script()
        #expect(script.contains("# live: GET /api/profile → 401 token_missing (a real client; not replayed) (×3)\nfail next refresh 500\n"))
        // What the session ran itself replays.
        #expect(try ScenarioParser.parse(script, file: "live").get().steps.count >= 1)
    }

    /// A client alternating two endpoints all day (or a load test) would grow the recording,
    /// and the memory, without end: the first notes in a row are written, then one line
    /// counts the rest; a command starts a new run.
    @Test func notesInARowAreBoundedAndTheRestCounted() throws {
        let gateway = LiveGatewayTests().gateway()
        let limit = ScenarioSession.notesInARow
        for i in 0..<(limit + 700) { _ = gateway.handle(LiveRequest(method: "GET", target: i % 2 == 0 ? "/api/profile" : "/api/orders")) }
        var script = gateway.session.script()
        #expect(script.components(separatedBy: "# live: GET /api/").count - 1 == limit)
        #expect(script.contains("# live: 700 more requests from real clients not written here (a recording keeps \(limit) notes in a row; none is replayed)"))
        _ = gateway.handle(LiveRequest(method: "POST", target: "/_authtui/run", body: Array("fail next refresh 500".utf8)))
        for _ in 0..<2 { _ = gateway.handle(LiveRequest(method: "GET", target: "/api/orders")) }
        script = gateway.session.script()
        #expect(script.hasSuffix("fail next refresh 500\n# live: GET /api/orders → 401 token_missing (a real client; not replayed) (×2)\n"))
        #expect(try ScenarioParser.parse(script, file: "live").get().steps.count >= 1)
    }

    /// `x` in live mode with only real clients' tokens to judge is a note: a replay has no
    /// real clients, and `expire short` there would fail for want of a token. With the
    /// playground's own token it is a command, and the recording replays clean.
    @Test func anExpiryThatActedOnRealClientsOnlyIsANote() throws {
        let gateway = LiveGatewayTests().gateway()
        _ = try LiveGatewayTests().login(gateway)
        #expect(gateway.session.perform(.expire(.short)).problem == nil)
        _ = gateway.session.perform(loginCommand())
        #expect(gateway.session.perform(.expire(.short)).problem == nil)
        let script = gateway.session.script()
        #expect(script.contains("# live: expire short (judged real clients' tokens expired; not replayed)\n"))
        #expect(script.contains("\nexpire short\n"))
        let scenario = try ScenarioParser.parse(script, file: "live").get()
        var problems: [String] = []
        let summary = ScenarioRunner(scenario: scenario) { if case .problem(_, let message) = $0 { problems.append(message) } }.run()
        #expect(problems == [] && summary.failed == 0 && summary.passed > 0)
    }

    func loginCommand() -> ScenarioCommand { .login(username: "alice", password: "wonderland") }

    @Test func aCountStaysOnItsLineWhenOtherNotesFollow() {
        let session = ScenarioSession()
        for _ in 0..<2 { session.note("poll") }
        session.perform(.advance(.seconds(5)))
        session.note("poll")
        for _ in 0..<4 { session.note("token") }
        session.note("poll")
        let notes = session.script().split(separator: "\n").filter { $0.hasPrefix("# ") }
        #expect(notes == ["# poll (×2)", "# poll", "# token (×4)", "# poll"])
    }
}

@Suite struct LiveRegistrationTests {
    @Test func aClientRegisteredThroughTheControlAPIGetsItsCredentials() throws {
        let gateway = LiveGatewayTests().gateway()
        let answer = gateway.handle(LiveRequest(method: "POST", target: "/_authtui/run",
                                                body: Array("oauth register MyApp redirect=http://127.0.0.1/cb scopes=profile".utf8)))
        let result = try #require(try JSONParser.parse(bytes: answer.body).objectValue?["results"]?.arrayValue?.first?.objectValue)
        let id = try #require(result["client_id"]?.stringValue)
        #expect(id.hasPrefix("app_"))
        #expect(gateway.session.world.oauth.authorizationServer.clients[id]?.secret == result["client_secret"]?.stringValue)
    }
}

@Suite struct LiveWeChatPageTests {
    /// A merchant in a browser: the authorization page as a form; confirming redirects with
    /// an auth_code the component can query.
    @Test func theMerchantAuthorizesInABrowser() throws {
        let gateway = LiveGatewayTests().gateway()
        let run = gateway.handle(LiveRequest(method: "POST", target: "/_authtui/run", body: Array("wechat component_token\nwechat preauthcode".utf8)))
        #expect(try JSONParser.parse(bytes: run.body).objectValue?["ok"] == .bool(true))
        let component = gateway.session.world.wechat.component
        let code = try #require(component.preAuthCode?.value)
        let query = URLQuery.encode([("component_appid", gateway.session.world.wechat.platform.componentAppID), ("pre_auth_code", code),
                                     ("redirect_uri", "http://127.0.0.1:9/done"), ("auth_type", "3")])
        let page = gateway.handle(LiveRequest(method: "GET", target: "/cgi-bin/componentloginpage?" + query, headers: [("Accept", "text/html")]))
        #expect(page.status == 200 && page.text.contains("name=\"authorizer_appid\""))
        let confirm = gateway.handle(LiveRequest(method: "POST", target: "/cgi-bin/componentloginpage/confirm",
                                                 headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                                 body: Array(URLQuery.encode([("pre_auth_code", code), ("redirect_uri", "http://127.0.0.1:9/done"), ("authorizer_appid", "wxmine")]).utf8)))
        #expect(confirm.status == 302)
        #expect(confirm.header("Location")?.hasPrefix("http://127.0.0.1:9/done?auth_code=queryauthcode%40%40%40") == true)
        // The same link again: the pre_auth_code was single use, and the page says so.
        let again = gateway.handle(LiveRequest(method: "GET", target: "/cgi-bin/componentloginpage?" + query, headers: [("Accept", "text/html")]))
        #expect(again.status == 400 && again.text.contains("WeChat cannot open this page"))
    }
}

@Suite struct LiveJWKSTests {
    @Test func theTokenFlowPublishesItsPublicKeyAndTokensVerifyWithIt() throws {
        var config = SimulationConfig()
        config.live = true
        config.policy.algorithm = .es256
        let gateway = LiveGateway(session: ScenarioSession(config: config))
        let jwks = try #require(try JSONParser.parse(bytes: gateway.handle(LiveRequest(method: "GET", target: "/.well-known/jwks.json")).body).objectValue)
        let published = try #require(jwks["keys"]?.arrayValue?.first?.objectValue)
        let login = gateway.handle(LiveRequest(method: "POST", target: "/auth/login", headers: [("Content-Type", "application/json")],
                                               body: Array(#"{"username":"alice","password":"wonderland"}"#.utf8)))
        let token = try #require(try JSONParser.parse(bytes: login.body).objectValue?["access_token"]?.stringValue)
        let key = try JWK.key(from: published).get()
        #expect(try JWTVerifier(key: key).verify(token, at: gateway.session.world.clock.now, expecting: JWTExpectations()).payload["name"] == "Alice")
        // HS256: nothing public to publish.
        var hs = SimulationConfig()
        hs.live = true
        let empty = try JSONParser.parse(bytes: LiveGateway(session: ScenarioSession(config: hs)).handle(LiveRequest(method: "GET", target: "/.well-known/jwks.json")).body)
        #expect(empty.objectValue?["keys"] == .array([]))
    }
}

/// One rule says what is this machine: where the servers may listen without
/// `--allow-remote`, which peers and `Host`s the control API answers.
@Suite struct LoopbackTests {
    @Test func loopbackNamesAndAddressesWithOrWithoutAPort() {
        for host in ["127.0.0.1", "127.1.2.3:8080", "localhost", "LOCALHOST:80", "app.localhost", "::1", "[::1]:8080", "[::1]",
                     "::ffff:127.0.0.1", "[::ffff:127.0.0.1]:9", "0:0:0:0:0:0:0:1"] {
            #expect(Loopback.isLoopback(host: host), "\(host)")
        }
        for host in ["127.attacker.test", "127.0.0.1.attacker.test", "127.0.0.1.", "127.0.0", "127.0.0.256", "0.0.0.0", "::", "10.0.0.1",
                     "localhost.attacker.test", "::ffff:10.0.0.1", "[::2]:80", "", "127.0.0.+1", "１２７.0.0.1", "127..0.1", "0127.0.0.1",
                     "127.0.0.1.1", ".127.0.0.1", "[127.0.0.1", "[127.0.0.1]", "[::1", "[::1]x", "[::1]]:80"] {
            #expect(!Loopback.isLoopback(host: host), "\(host)")
        }
    }
}

/// A port that cannot be had is explained in a person's words, not the system call's.
@Suite struct ListenFailureTests {
    @Test func theReasonSaysWhatToDo() {
        #expect(LiveServer.reason(IOError(errnoCode: EADDRINUSE, reason: "bind(descriptor:ptr:bytes:)"))
                == "the port is in use (another program listens there; --port 0 picks a free one)")
        #expect(LiveServer.reason(IOError(errnoCode: EACCES, reason: "bind")).hasPrefix("permission denied"))
        #expect(LiveServer.reason(IOError(errnoCode: EADDRNOTAVAIL, reason: "bind")) == "no such address on this machine")
        #expect(!LiveServer.reason(IOError(errnoCode: ENOMEM, reason: "bind")).contains("bind"))
    }
}
