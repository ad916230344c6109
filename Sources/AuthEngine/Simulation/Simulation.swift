/// One world of the short/long token flow: a virtual clock, the log, the network,
/// the token server, the client with its interceptor, and an attacker.
///
/// Deterministic: the same config and the same calls give the same log, byte for byte.
/// Front ends (the scenario runner, the TUI) act through these methods only.
public final class Simulation {
    public let clock: VirtualClock
    public let log: EventLog
    public let network: Network
    public let server: TokenServer
    public let client: AuthClient
    public let attacker: Attacker
    public private(set) var traffic: Traffic?
    /// The WeChat Open Platform component flow, created (and its pushes started) on first use.
    public var wechat: WeChatFlow {
        if let wechatFlow { return wechatFlow }
        let flow = WeChatFlow(policy: wechatPolicy, clock: clock, log: log, network: network, seed: seed &+ wechatGeneration)
        wechatFlow = flow
        wechatWillStart?(flow)
        flow.start()
        return flow
    }
    /// Sees each new WeChat world before its first push (live mode posts its pushes).
    public var wechatWillStart: ((WeChatFlow) -> Void)?
    private var wechatFlow: WeChatFlow?
    /// Whether the WeChat world exists yet (its pushes start when it does).
    public var wechatStarted: Bool { wechatFlow != nil }
    public var wechatPolicy = WeChatPolicy()
    /// How many times the WeChat world was reset (a new one draws new ids).
    private var wechatGeneration: UInt64 = 0

    /// Tab 3's reset: the WeChat world's timers (ticket pushes, the component's renewals)
    /// are cancelled first, then it is dropped; the next use builds a fresh platform,
    /// component and merchant. The rest of the world carries on.
    public func resetWeChat() {
        guard let flow = wechatFlow else { return }
        flow.stop()
        wechatFlow = nil
        wechatGeneration += 1
        log.append(.note(.wechatReset))
    }
    /// The OAuth 2.0 authorization-code flow, sharing this world's clock, network and log.
    public var oauth: OAuthFlow {
        if let oauthFlow { return oauthFlow }
        let flow = OAuthFlow(policy: oauthPolicy, clock: clock, log: log, network: network, seed: seed &+ oauthGeneration)
        flow.authorizationServer.remembersIssued = live
        oauthFlow = flow
        return flow
    }
    private var oauthFlow: OAuthFlow?
    /// Whether the OAuth world exists yet (reading it creates it).
    public var oauthStarted: Bool { oauthFlow != nil }
    /// How many times the OAuth world was reset (a new one draws new ids).
    private var oauthGeneration: UInt64 = 0

    /// A fresh platform and third-party app, under `policy`: nothing registered, no codes,
    /// no tokens (tab 2's reset). The rest of the world carries on.
    public func resetOAuth(policy: OAuthPolicy) {
        oauthPolicy = policy
        oauthGeneration += 1
        oauthFlow = nil
        log.append(.note(.platformReset))
    }
    private var oauthPolicy: OAuthPolicy
    private let seed: UInt64

    // MARK: JWT versus server sessions

    /// Which design the shared actions drive; `jwt` is the token flow alone.
    public var mode: ComparisonMode = .jwt
    public var comparison = ComparisonSettings() {
        didSet {
            sessionCluster.settings = comparison
            startMeterWindow()
        }
    }
    /// The shared Redis-like store: sessions live here, and the JWT denylist when it is on.
    public private(set) lazy var store = SessionStore(name: "redis", clock: clock, log: log)
    public private(set) lazy var sessionCluster = SessionCluster(settings: comparison, store: store, clock: clock, log: log, seed: seed,
                                                                 users: { [unowned self] in self.server.users })
    public private(set) lazy var sessionClient: SessionClient = {
        network.register(SessionClient.balancer) { [unowned self] request, sender in
            meter(&sessionMeter, request, header: "Cookie")
            meter(&sessionWindow, request, header: "Cookie")
            let lookups = store.commandCounts["GET", default: 0]
            let response = sessionCluster.handle(request, from: sender)
            let used = store.commandCounts["GET", default: 0] - lookups
            sessionMeter.storeLookups += used
            sessionWindow.storeLookups += used
            return response
        }
        return SessionClient(network: network, log: log)
    }()
    public private(set) var jwtMeter = DesignMeter()
    public private(set) var sessionMeter = DesignMeter()
    /// The same meters since the last change of the comparison's settings (denylist,
    /// servers, sticky, local memory, the store's health): a whole-session average would
    /// mix the designs before and after a change.
    public private(set) var jwtWindow = DesignMeter()
    public private(set) var sessionWindow = DesignMeter()

    /// Starts the per-change meters afresh.
    public func startMeterWindow() {
        jwtWindow = DesignMeter()
        sessionWindow = DesignMeter()
    }
    private var nextJWTServer = 0

    private func meter(_ meter: inout DesignMeter, _ request: HTTPRequest, header: String) {
        guard request.path.hasPrefix("/api/"), let value = request.headers[header] else { return }
        meter.requests += 1
        meter.credentialBytes += value.utf8.count
    }

    /// The JWT design's balancer: any server verifies with the shared key; with the
    /// denylist on, each also asks the store whether the token was revoked.
    private func jwtBalancer(_ request: HTTPRequest, _ sender: Party) -> HTTPResponse {
        guard mode != .jwt || comparison.denylist else { return server.handle(request, from: sender) }
        let index = nextJWTServer % max(1, comparison.servers)
        nextJWTServer += 1
        let name = "jwt-app-\(index + 1)"
        meter(&jwtMeter, request, header: "Authorization")
        meter(&jwtWindow, request, header: "Authorization")
        if comparison.denylist, request.path.hasPrefix("/api/"), let token = request.bearerToken, let held = HeldToken(raw: token) {
            jwtMeter.storeLookups += 1
            jwtWindow.storeLookups += 1
            do {
                if try store.get("deny:" + held.jti, from: Party(name)) != nil {
                    return .error(401, "invalid_token", "The access token was revoked (denylist)",
                                  wwwAuthenticate: "Bearer realm=\"\(TokenServer.realm)\", error=\"invalid_token\"")
                }
            } catch {
                return .error(503, "denylist_unavailable", "the denylist store does not answer: the token cannot be checked")
            }
        }
        var response = server.handle(request, from: sender)
        response.headers["X-Served-By"] = name
        if response.status < 400, request.path.hasPrefix("/api/"), var body = response.body {
            body["served_by"] = .string(name)
            response.body = body
        }
        return response
    }

    /// Logs in with every design the mode drives and waits for the answers
    /// (the JWT side's outcome first). `settled` is false if an answer never came.
    public func loginSettled(username: String, password: String) -> (jwt: RequestOutcome?, session: RequestOutcome?, settled: Bool) {
        var pending = 0
        var jwt: RequestOutcome?, session: RequestOutcome?
        if mode.drivesJWT { pending += 1; client.login(username: username, password: password) { jwt = $0; pending -= 1 } }
        if mode.drivesSessions { pending += 1; sessionClient.login(username: username, password: password) { session = $0; pending -= 1 } }
        let settled = run(until: { pending == 0 })
        return (jwt, session, settled)
    }

    /// Logs out of every design the mode drives and waits for the answers.
    /// Returns false if an answer never came.
    @discardableResult
    public func logoutSettled() -> Bool {
        var pending = 0
        if mode.drivesJWT {
            if client.long != nil { pending += 1; client.logout { _ in pending -= 1 } } else { client.logout() }
        }
        if mode.drivesSessions { pending += 1; sessionClient.logout { _ in pending -= 1 } }
        return run(until: { pending == 0 })
    }

    /// Sends `count` overlapping requests with every design the mode drives and waits
    /// until all have settled (refreshes and retries included). Outcomes in sending order;
    /// a request that never settled has none.
    public func sendSettled(count: Int, method: String, path: String) -> (jwt: [RequestOutcome], sessions: [RequestOutcome]) {
        // Kept in the order sent (a retried request settles later, on a later exchange).
        var jwt: [Int: RequestOutcome] = [:]
        var sessions: [Int: RequestOutcome] = [:]
        for i in 0..<count {
            if mode.drivesJWT { client.send(method: method, path: path) { jwt[i] = $0 } }
            if mode.drivesSessions { sessionClient.send(method: method, path: path) { sessions[i] = $0 } }
        }
        let expected = (mode.drivesJWT ? count : 0) + (mode.drivesSessions ? count : 0)
        run(until: { jwt.count + sessions.count == expected })
        return (jwt.keys.sorted().compactMap { jwt[$0] }, sessions.keys.sorted().compactMap { sessions[$0] })
    }

    /// A forced logout in both designs: the session is deleted; the JWT's long-token family
    /// is revoked, and its short token is denylisted if the denylist is on.
    @discardableResult
    public func forceLogout(username: String) -> (jwt: Bool, sessions: Int) {
        var jwt = false
        if mode.drivesJWT, let long = client.long {
            jwt = server.revokeFamily(ofLongToken: long.raw, because: .forcedLogout)
            if comparison.denylist, let short = client.short, short.expiresAt > clock.now {
                try? store.set("deny:" + short.jti, "forced logout", ttl: short.expiresAt - clock.now, from: Party("admin"))
            }
        }
        let sessions = mode.drivesSessions ? sessionCluster.forceLogout(username: username) : 0
        return (jwt, sessions)
    }

    public struct Traffic: Sendable {
        public let every: Span
        public let method: String
        public let path: String
        fileprivate var next: ScheduledEventID
    }

    /// Live mode: the clock follows wall time (see `SimulationConfig.live`).
    public let live: Bool
    /// Live mode that may jump ahead of wall time anyway (`--shifted-time`).
    public let shiftedTime: Bool

    public init(config: SimulationConfig = SimulationConfig()) {
        live = config.live
        shiftedTime = config.shiftedTime
        oauthPolicy = config.oauth
        seed = config.seed
        clock = VirtualClock(start: config.start)
        clock.eventBudget = config.eventBudget
        log = EventLog(clock: clock, capacity: config.logCapacity)
        network = Network(clock: clock, log: log, latency: config.latency)
        server = TokenServer(policy: config.policy, users: config.users, secret: config.secret, clock: clock, log: log, seed: config.seed)
        client = AuthClient(settings: config.client, clock: clock, log: log, network: network)
        attacker = Attacker(network: network, log: log)
        network.register(.server) { [unowned self] request, sender in jwtBalancer(request, sender) }
        server.remembersIssued = config.live
    }

    // MARK: Time

    /// Why the clock cannot move as asked.
    public struct TimeLimit: Error, Sendable, CustomStringConvertible {
        public var description: String { "the clock cannot go past \(Instant.latest.iso8601)" }
    }

    /// Lets time pass as a running clock does: every event on the way fires, no jump is logged.
    public func wait(_ span: Span) throws(TimeLimit) {
        guard span > .zero else { return }
        guard let target = clock.now.adding(span) else { throw TimeLimit() }
        clock.advance(to: target)
    }

    /// Jumps the clock forward, firing every event on the way, and logs the jump.
    public func jump(by span: Span) throws(TimeLimit) {
        guard span > .zero else { return }
        guard let target = clock.now.adding(span) else { throw TimeLimit() }
        log.append(.clockJumped(from: clock.now, to: target))
        clock.advance(to: target)
    }

    public func jump(to instant: Instant) throws(TimeLimit) { try jump(by: instant - clock.now) }

    public enum ExpireFailure: Error, Sendable { case noToken, timeLimit, noneIssued }

    /// Jumps to 1 s past the expiry of the client's short or long token. In a live world the
    /// clock stays with wall time: the server judges every such token issued so far expired.
    public func expire(_ kind: TokenKind) throws(ExpireFailure) {
        if live {
            let count = server.judgeIssuedExpired(kind)
            guard count > 0 else { throw .noneIssued }
            log.append(.note(.judgedExpired(count: count, kind: kind)))
            return
        }
        guard let token = kind == .short ? client.short : client.long else { throw .noToken }
        try jumpPast(token.expiresAt)
    }

    /// Jumps to 1 s past `expiry`, unless the clock is already there.
    private func jumpPast(_ expiry: Instant) throws(ExpireFailure) {
        let target = expiry + .seconds(1)
        do {
            if target > clock.now { try jump(to: target) }
        } catch {
            throw .timeLimit
        }
    }

    /// Jumps to 1 s past the expiry of the OAuth app's access token. In a live world the
    /// clock stays with wall time: the platform judges every access token it issued so far
    /// expired, and hands its API the same judgement.
    public func expireOAuthAccess() throws(ExpireFailure) {
        if live {
            let judged = oauth.authorizationServer.judgeAccessTokensExpired()
            guard !judged.isEmpty else { throw .noneIssued }
            oauth.resourceServer.judgeExpired(judged)
            log.append(.note(.platformJudgedExpired(count: judged.count)))
            return
        }
        guard let token = oauth.app.accessToken else { throw .noToken }
        try jumpPast(token.expiresAt)
    }

    /// Runs events until `done()` holds, nothing is left, or `limit` of virtual time has passed.
    /// Returns whether `done()` holds.
    @discardableResult
    public func run(until done: () -> Bool, limit: Span = .minutes(10)) -> Bool {
        let deadline = clock.now + limit
        while !done() {
            guard let next = clock.nextEventTime, next <= deadline else { return done() }
            clock.advance(to: next)
        }
        return true
    }

    /// Starts something that answers once and runs the clock until it has; nil if it never does.
    @discardableResult
    public func settle(_ start: (@escaping (HTTPResponse) -> Void) -> Void) -> HTTPResponse? {
        var result: HTTPResponse?
        start { result = $0 }
        run(until: { result != nil })
        return result
    }

    // MARK: Background traffic

    public func startTraffic(every interval: Span, method: String, path: String) {
        stopTraffic()
        guard interval > .zero else { return }
        let id = scheduleTraffic(every: interval, method: method, path: path)
        traffic = Traffic(every: interval, method: method, path: path, next: id)
        log.append(.note(.trafficOn(method: method, path: path, every: interval)))
    }

    public func stopTraffic() {
        guard let t = traffic else { return }
        clock.cancel(t.next)
        traffic = nil
        log.append(.note(.trafficOff))
    }

    private func scheduleTraffic(every interval: Span, method: String, path: String) -> ScheduledEventID {
        clock.schedule(after: interval) { [unowned self] in
            guard self.traffic != nil else { return }
            self.traffic?.next = self.scheduleTraffic(every: interval, method: method, path: path)
            self.client.send(method: method, path: path)
        }
    }

    // MARK: Server-side actions

    /// Revokes the family of the client's long token (an admin's forced logout).
    @discardableResult
    public func revokeLong() -> Bool {
        guard let long = client.long else { return false }
        return server.revokeFamily(ofLongToken: long.raw, because: .administrator)
    }

    public func updateProfile(username: String, name: String?, roles: [String]?) -> Bool {
        guard server.updateProfile(username: username, name: name, roles: roles) else { return false }
        if mode.drivesSessions, let account = server.users.account(username: username) { sessionCluster.profileChanged(account) }
        var parts: [String] = []
        if let name { parts.append("name=\(name)") }
        if let roles { parts.append("roles=\(roles.joined(separator: ","))") }
        log.append(.note(.profileChanged(username: username, changes: parts.joined(separator: " "))))
        return true
    }

    /// The client edits its own short token's claims (name, roles) without re-signing it.
    public func tamperShort(name: String?, roles: [String]?) -> Bool {
        let changed = client.tamperShortToken { claims in
            if let name { claims["name"] = .string(name) }
            if let roles { claims["roles"] = .array(roles.map { .string($0) }) }
        }
        guard changed else { return false }
        var parts: [String] = []
        if let name { parts.append("name=\(name)") }
        if let roles { parts.append("roles=\(roles.joined(separator: ","))") }
        log.append(.note(.shortTokenEdited(changes: parts.joined(separator: " "))))
        return true
    }

    public enum RefreshFault: String, Sendable, CaseIterable { case serverError = "500", drop }

    public func failNextRefresh(_ fault: RefreshFault) {
        switch fault {
        case .serverError:
            server.failNextRefresh = true
            log.append(.note(.faultArmed(responseLost: false)))
        case .drop:
            network.inject(.dropResponse(path: "/auth/refresh"))
            log.append(.note(.faultArmed(responseLost: true)))
        }
    }
}
