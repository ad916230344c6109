import AuthEngine

/// The live servers' front door, on the one thread that owns the world. A real request
/// becomes an engine request from a peer party (`peer 127.0.0.1:53422`), delivered at the
/// current virtual instant and logged like any exchange; `/_authtui/…` is the control API,
/// which runs scenario lines through the same session as keys and scripts.
public final class LiveGateway {
    public let session: ScenarioSession
    /// Tokens issued to live peers, newest last (what `/_authtui/state` lists).
    public private(set) var issued: [IssuedToken] = []
    /// The token flow's live clients, one per login, oldest first.
    public internal(set) var clients: [LiveClient] = []
    /// The OAuth platform's live clients, one per authorization, oldest first.
    public internal(set) var oauthClients: [LiveOAuthClient] = []
    /// What WeChat issued to live component backends (nil: none has called yet).
    public internal(set) var liveComponent: LiveComponent?
    /// The device grant's live devices, one per code issued, oldest first.
    public internal(set) var devices: [LiveDevice] = []
    static let issuedLimit = 200
    public static let maximumBody = 1 << 20
    /// The answer to a body over `maximumBody` (the HTTP server gives it without the world).
    static let tooLarge = json(413, ["error": "request_too_large", "error_description": "bodies are limited to 1 MiB"])

    public struct IssuedToken: Sendable, Equatable {
        public let kind: TokenKind
        public let jti: String
        public let expires: Instant
        public let peer: String
    }

    /// Where this server answers (`http://127.0.0.1:8080`): its metadata, issuer and the
    /// demo app's redirect URI use it.
    public var baseURL: String

    /// OAuth clients registered from the command line, in every OAuth world.
    public var extraClients: [LiveClientRegistration] = []
    /// The language of the pages for a browser whose Accept-Language names none the pages
    /// speak (the playground's own, under `--listen`).
    public var pageLanguage = PageLanguage.en
    /// Where WeChat's pushes are posted (nil: they reach only the simulated component).
    public var wechatCallback: WeChatCallback?
    /// Posts a push off this thread (set by the runtime that owns the inbox).
    public var pushSender: ((WeChatPush) -> Void)?
    var hookedWorld: Simulation?

    /// The demo app's authorizations in progress, by `state`: the PKCE verifier and the
    /// OpenID Connect nonce its browser session keeps.
    var demoSessions = RecentRecords<String, (verifier: String, nonce: String)>()
    var random = SystemRandomNumberGenerator()
    /// Requests handed to the engine's parties so far (one that is not was answered at the
    /// door, and the log says so).
    private(set) var deliveries = 0
    /// The area each live exchange was routed to, in the world they were logged in: the tab
    /// that shows a real client's request and answer (a device's token poll is the device
    /// grant's, though its path is the platform's). A ring by exchange number, the newest
    /// 32,768: no pause to prune it on the thread that answers every request.
    private var exchangeAreas = [(exchange: Int, area: LiveArea)?](repeating: nil, count: LiveGateway.exchangeAreasCapacity)
    /// Weak: a world reset frees the old one, and a new world at its address is not it.
    private weak var exchangeAreasWorld: Simulation?
    static let exchangeAreasCapacity = 1 << 15

    public init(session: ScenarioSession, baseURL: String = "http://127.0.0.1:8080") {
        self.session = session
        self.baseURL = baseURL
    }

    var world: Simulation { session.world }

    public func handle(_ request: LiveRequest) -> LiveResponse {
        // HEAD is GET without the body (RFC 9110 §9.3.2): health checks and `curl -I` use it.
        if request.method == "HEAD" {
            var get = request
            get.method = "GET"
            get.head = true
            let answer = handle(get)
            return LiveResponse(status: answer.status, headers: answer.headers.fields + [("Content-Length", String(answer.body.count))])
        }
        let deliveredBefore = deliveries
        let response = Self.withCORS(request.method == "OPTIONS" ? LiveResponse(status: 204) : route(request), for: request)
        // What no server saw still happened: the log shows it (the control API's lines are
        // echoed there as they run; its refusals are not).
        if deliveries == deliveredBefore, !request.path.hasPrefix("/_authtui/") || response.status >= 400 { noteAnsweredAtDoor(request, response) }
        return response
    }

    private func route(_ request: LiveRequest) -> LiveResponse {
        let path = request.path
        switch LiveArea(path: path) {
        case .control: return control(request, path: path)
        case .tokenFlow where path == "/.well-known/jwks.json":
            // The token flow's public key (none under HS256: its secret is shared).
            return Self.json(200, JWK.set([world.server.key]))
        case .tokenFlow: return deliver(request, to: .server)
        case .platform where path == "/.well-known/openid-configuration": return openIDConfiguration()
        case .platform where path == "/.well-known/oauth-authorization-server": return metadata()
        case .platform, .device: return platform(request, path: path)
        case .sessions: return sessions(request)
        case .wechat: return wechat(request)
        case .demoApp: return demoApp(request, path: path)
        case nil:
            return Self.json(404, ["error": "not_found", "error_description": .string("no route \(request.head ? "HEAD" : request.method) \(path) (the token flow is under /auth/ and /api/, sessions under /session/, OAuth under /oauth/ and /platform/api/, the demo app at /app/, WeChat under /cgi-bin/, the control API under /_authtui/)")])
        }
    }

    /// Logs (and records as a comment) a request the front door answered itself.
    func noteAnsweredAtDoor(_ request: LiveRequest, _ response: LiveResponse) {
        let body = response.headers["Content-Type"]?.hasPrefix("application/json") == true ? try? JSONParser.parse(bytes: response.body).objectValue : nil
        let error = body?["error"]?.stringValue ?? body?["errcode"].flatMap { $0.plainText == "0" ? nil : "errcode " + $0.plainText }
        let detail = body?["error_description"]?.stringValue ?? body?["errmsg"]?.stringValue
            ?? (request.method == "OPTIONS" ? "a CORS preflight" : nil)
        let method = request.head ? "HEAD" : request.method, byDemoApp = LiveArea(path: request.path) == .demoApp
        world.log.append(.note(.answeredAtDoor(peer: request.peer, method: method, path: request.path, status: response.status,
                                               error: error, detail: detail, byDemoApp: byDemoApp)))
        session.note("live: \(method) \(request.path) → \(response.status)" + (error.map { " " + $0 } ?? "")
                     + (byDemoApp ? " (the demo app's page; not replayed)" : " (answered by the front door; not replayed)"))
    }

    /// The origin of a request the log shows going to `party`, for exports that need full
    /// URLs (HAR): a real client's went to this server's URL and the prefix the gateway took
    /// off (`/platform` for the platform's API, `/session` for the session design); the
    /// world's own parties keep their made-up hosts.
    public func origin(from sender: Party, to party: Party) -> String {
        guard sender.name.hasPrefix("peer ") else { return PartyOrigins.origin(of: party) }
        if party == .platformAPI { return baseURL + "/platform" }
        if party == SessionClient.balancer { return baseURL + "/session" }
        return baseURL
    }

    // MARK: The engine's servers

    /// `bodyType`: how to read the body when the receiver reads it one way whatever the
    /// client's `Content-Type` says (WeChat's API reads JSON).
    func deliver(_ request: LiveRequest, to receiver: Party, bodyType: String? = nil) -> LiveResponse {
        let body: JSONObject?
        do {
            body = try LiveBody.parse(request.body, contentType: bodyType ?? request.header("Content-Type"))
        } catch {
            return Self.json(400, ["error": "invalid_request", "error_description": .string(error.reason)])
        }
        var headers = HTTPHeaders()
        for name in ["Authorization", "Cookie", "Content-Type", "Origin", "Accept"] {
            if let value = request.header(name) { headers[name] = value }
        }
        let engineRequest = HTTPRequest(method: request.head ? "HEAD" : request.method, path: request.target, headers: headers, body: body)
        let sim = world
        let peer = Party("peer " + request.peer)
        let before = sim.log.totals.entries
        let answer = sim.network.deliver(engineRequest, from: peer, to: receiver)
        deliveries += 1
        noteExchange(request, engineRequest, from: peer, since: before, in: sim)
        if receiver == .server { noteClient(engineRequest, answer, peer: request.peer) }
        if receiver == .platform {
            noteOAuthClient(engineRequest, answer, peer: request.peer)
            noteDevice(engineRequest, answer, peer: request.peer)
        }
        if receiver == .wechat { noteComponent(engineRequest, answer, peer: request.peer) }
        // No verb replays a real client: the recording keeps it as a comment.
        session.note("live: \(engineRequest.method) \(request.path) → \(answer.status)" + (answer.errorCode.map { " " + $0 } ?? "") + " (a real client; not replayed)")
        return Self.response(answer)
    }

    /// The area a live exchange went to, as the gateway routed it (nil: not a live exchange
    /// of this world, or one too old to be kept).
    public func area(ofExchange id: ExchangeID) -> LiveArea? {
        guard exchangeAreasWorld === world, let kept = exchangeAreas[id.value & (Self.exchangeAreasCapacity - 1)], kept.exchange == id.value else { return nil }
        return kept.area
    }

    /// What one delivery logged, read in one pass: the tokens issued to live peers (what
    /// `/_authtui/state` lists) and the exchange's number, kept with the area it was routed to.
    private func noteExchange(_ request: LiveRequest, _ engineRequest: HTTPRequest, from peer: Party, since sequence: Int, in sim: Simulation) {
        var exchange: ExchangeID?
        for entry in sim.log.entries.reversed() {
            guard entry.sequence > sequence else { break }
            switch entry.event {
            case .request(let id, let from, _, _) where from == peer: exchange = id
            case .tokenIssued(let kind, let jti, let exp, let to) where to.name.hasPrefix("peer "):
                issued.append(IssuedToken(kind: kind, jti: jti, expires: exp, peer: String(to.name.dropFirst(5))))
            default: break
            }
        }
        if issued.count > Self.issuedLimit { issued.removeFirst(issued.count - Self.issuedLimit) }
        guard let exchange, var area = LiveArea(path: request.path) else { return }
        if area == .platform, Self.isDevicePoll(engineRequest) { area = .device }
        if exchangeAreasWorld !== sim {
            exchangeAreasWorld = sim
            exchangeAreas = Array(repeating: nil, count: Self.exchangeAreasCapacity)
        }
        exchangeAreas[exchange.value & (Self.exchangeAreasCapacity - 1)] = (exchange.value, area)
    }

    // MARK: Control API

    private func control(_ request: LiveRequest, path: String) -> LiveResponse {
        guard request.loopback else {
            return Self.json(403, ["error": "forbidden", "error_description": "the control API answers loopback peers only"])
        }
        // A page open in a browser on this machine is a loopback peer too: it could drive the
        // playground (a POST needs no preflight) or read its tokens. Browsers name the page's
        // origin; scripts and CI jobs send none. A Host that is not this machine's is DNS
        // rebinding: a page's own name pointed at 127.0.0.1.
        if let origin = request.header("Origin"), origin != baseURL {
            return Self.json(403, ["error": "forbidden", "error_description": .string("the control API does not answer web pages (Origin \(origin)): a page you visit could drive the playground")])
        }
        if let host = request.header("Host"), !Loopback.isLoopback(host: host) {
            return Self.json(403, ["error": "forbidden", "error_description": .string("the control API answers requests to this machine's own names only (Host \(host))")])
        }
        switch (request.method, path) {
        case ("POST", "/_authtui/run"): return run(String(decoding: request.body, as: UTF8.self))
        case ("GET", "/_authtui/state"): return Self.json(200, state())
        case (_, "/_authtui/run"), (_, "/_authtui/state"):
            let allowed = path == "/_authtui/run" ? "POST" : "GET, HEAD"
            var response = Self.json(405, ["error": "method_not_allowed", "error_description": .string("\(request.method) is not allowed on \(path): it takes \(allowed)")])
            response.headers.append("Allow", allowed)
            return response
        default:
            return Self.json(404, ["error": "not_found", "error_description": .string("no control route \(path) (POST /_authtui/run, GET /_authtui/state)")])
        }
    }

    /// Runs scenario lines; answers each line's result. Parse errors run nothing (400).
    func run(_ text: String) -> LiveResponse {
        let scenario: Scenario
        switch ScenarioParser.parse(text, file: "_authtui/run") {
        case .failure(let errors):
            return Self.json(400, ["error": "invalid_script", "errors": .array(errors.diagnostics.map { .string($0.description) })])
        case .success(let parsed): scenario = parsed
        }
        var results: [JSONValue] = []
        var allOK = true
        for step in scenario.steps {
            // The log's echo names the request's own line, as the answer does.
            let report = session.perform(step.command, line: step.line)
            var result: JSONObject = ["line": .int(Int64(step.line)), "command": .string(step.source)]
            var ok = report.problem == nil
            if let problem = report.problem { result["problem"] = .string(problem) }
            if let expectation = report.expectation {
                ok = ok && expectation.passed
                result["passed"] = .bool(expectation.passed)
                result["detail"] = .string(expectation.detail)
            }
            if !report.outcomes.isEmpty {
                result["outcomes"] = .array(report.outcomes.map { o in
                    var object: JSONObject = ["method": .string(o.method), "path": .string(o.path)]
                    object["status"] = o.status.map { .int(Int64($0)) } ?? .null
                    if let error = o.error { object["error"] = .string(error) }
                    return .object(object)
                })
            }
            if let answer = report.answer {
                result["status"] = .int(Int64(answer.status))
                if let error = answer.errorCode { result["error"] = .string(error) }
            }
            // A client registered here is used from outside: say how it authenticates.
            if case .oauth(.register) = step.command, report.problem == nil, let registration = world.oauth.app.registration {
                result["client_id"] = .string(registration.appID)
                result["client_secret"] = .string(registration.secret)
            }
            result["ok"] = .bool(ok)
            allOK = allOK && ok
            results.append(.object(result))
        }
        return Self.json(200, ["ok": .bool(allOK), "now": .string(world.clock.now.iso8601), "results": .array(results)])
    }

    /// The clock, the tokens issued to live peers with their expiry (and whether `expire`
    /// judged them expired), the live OAuth clients' tokens, the playground client's own.
    func state() -> JSONObject {
        let sim = world
        let now = sim.clock.now
        let tokens: [JSONValue] = issued.map { token in
            .object(["kind": .string(token.kind.rawValue), "jti": .string(token.jti), "peer": .string(token.peer),
                     "expires": .string(token.expires.iso8601), "expires_in": .int((token.expires - now).seconds),
                     "judged_expired": .bool(sim.server.isJudgedExpired(jti: token.jti))])
        }
        let platform = sim.oauth.authorizationServer
        let clients: [JSONValue] = oauthClients.map { client in
            var object: JSONObject = ["client_id": .string(client.clientID), "peer": .string(client.peer), "refreshes": .int(Int64(client.refreshes))]
            if let access = client.access {
                object["access"] = ["jti": .string(access.jti), "expires": .string(access.expiresAt.iso8601),
                                    "expires_in": .int((access.expiresAt - now).seconds), "state": .string(platform.condition(of: access, at: now).rawValue)]
            }
            if let refresh = client.refreshToken {
                var entry: JSONObject = ["active": .bool(platform.isRefreshTokenActive(refresh))]
                if let expiry = platform.refreshTokenExpiry(refresh) { entry["expires"] = .string(expiry.iso8601) }
                object["refresh"] = .object(entry)
            }
            return .object(object)
        }
        var client: JSONObject = ["state": .string(sim.client.state.keyword)]
        if let short = sim.client.short { client["short_expires"] = .string(short.expiresAt.iso8601) }
        if let long = sim.client.long { client["long_expires"] = .string(long.expiresAt.iso8601) }
        var state: JSONObject = ["now": .string(now.iso8601), "paused": .bool(sim.clock.isPaused), "speed": .double(sim.clock.speed),
                                 "live": .bool(sim.live), "issued": .array(tokens), "oauth_clients": .array(clients), "client": .object(client)]
        state["wechat"] = .object(wechatState())
        if sim.mode.drivesSessions || sim.sessionCluster.sessionCount > 0 {
            state["sessions"] = ["count": .int(Int64(sim.sessionCluster.sessionCount)), "store_up": .bool(sim.store.isUp)]
        }
        return state
    }

    // MARK: Wire format

    static func response(_ answer: HTTPResponse) -> LiveResponse {
        var response = answer.body.map { json(answer.status, $0) } ?? LiveResponse(status: answer.status)
        for field in answer.headers.fields {
            // Over HTTP, what answers GET answers HEAD too.
            let value = field.name == "Allow" && field.value.hasPrefix("GET") ? "GET, HEAD" + field.value.dropFirst(3) : field.value
            response.headers.append(field.name, value)
        }
        response.refusal = answer.refusal
        return response
    }

    static func json(_ status: Int, _ object: JSONObject) -> LiveResponse {
        LiveResponse(status: status, json: object)
    }

    /// Browser apps on other origins may call the servers: a page's own origin is named back
    /// with credentials allowed (a `fetch` with `credentials: "include"` refuses `*`), a
    /// preflight gets the headers it asked for. Not the control API: it answers no page.
    static func withCORS(_ response: LiveResponse, for request: LiveRequest) -> LiveResponse {
        guard !request.path.hasPrefix("/_authtui/") else { return response }
        var response = response
        if let origin = request.header("Origin") {
            response.headers.append("Access-Control-Allow-Origin", origin)
            response.headers.append("Access-Control-Allow-Credentials", "true")
            response.headers.append("Vary", "Origin")
        } else {
            response.headers.append("Access-Control-Allow-Origin", "*")
        }
        let asked = request.method == "OPTIONS" ? request.header("Access-Control-Request-Headers") : nil
        for (name, value) in [("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
                              ("Access-Control-Allow-Headers", asked ?? "Authorization, Content-Type"),
                              ("Access-Control-Expose-Headers", "WWW-Authenticate")] {
            response.headers.append(name, value)
        }
        return response
    }
}
