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
    /// The OAuth 2.0 authorization-code flow, sharing this world's clock, network and log.
    public private(set) lazy var oauth = OAuthFlow(policy: oauthPolicy, clock: clock, log: log, network: network, seed: seed)
    private let oauthPolicy: OAuthPolicy
    private let seed: UInt64

    public struct Traffic: Sendable {
        public let every: Span
        public let method: String
        public let path: String
        fileprivate var next: ScheduledEventID
    }

    public init(config: SimulationConfig = SimulationConfig()) {
        oauthPolicy = config.oauth
        seed = config.seed
        clock = VirtualClock(start: config.start)
        log = EventLog(clock: clock, capacity: config.logCapacity)
        network = Network(clock: clock, log: log, latency: config.latency)
        server = TokenServer(policy: config.policy, users: config.users, secret: config.secret, clock: clock, log: log, seed: config.seed)
        client = AuthClient(settings: config.client, clock: clock, log: log, network: network)
        attacker = Attacker(network: network, log: log)
        network.register(.server) { [server] request, sender in server.handle(request, from: sender) }
    }

    // MARK: Time

    /// Jumps the clock forward, firing every event on the way, and logs the jump.
    public func jump(by span: Span) {
        guard span > .zero else { return }
        log.append(.clockJumped(from: clock.now, to: clock.now + span))
        clock.advance(by: span)
    }

    public func jump(to instant: Instant) { jump(by: instant - clock.now) }

    /// Jumps to 1 s past the expiry of the client's short or long token.
    /// Returns false if the client holds no such token.
    @discardableResult
    public func expire(_ kind: TokenKind) -> Bool {
        guard let token = kind == .short ? client.short : client.long else { return false }
        let target = token.expiresAt + .seconds(1)
        if target > clock.now { jump(to: target) }
        return true
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

    // MARK: Background traffic

    public func startTraffic(every interval: Span, method: String, path: String) {
        stopTraffic()
        guard interval > .zero else { return }
        let id = scheduleTraffic(every: interval, method: method, path: path)
        traffic = Traffic(every: interval, method: method, path: path, next: id)
        log.append(.note("background traffic: \(method) \(path) every \(interval)"))
    }

    public func stopTraffic() {
        guard let t = traffic else { return }
        clock.cancel(t.next)
        traffic = nil
        log.append(.note("background traffic off"))
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
        return server.revokeFamily(ofLongToken: long.raw, because: "revoked by an administrator")
    }

    public func updateProfile(username: String, name: String?, roles: [String]?) -> Bool {
        guard server.updateProfile(username: username, name: name, roles: roles) else { return false }
        var parts: [String] = []
        if let name { parts.append("name=\(name)") }
        if let roles { parts.append("roles=\(roles.joined(separator: ","))") }
        log.append(.note("server-side profile change for \(username): \(parts.joined(separator: " ")); short tokens already issued keep the old claims"))
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
        log.append(.note("the client edited its short token: \(parts.joined(separator: " ")) (signature unchanged)"))
        return true
    }

    public enum RefreshFault: String, Sendable { case serverError = "500", drop }

    public func failNextRefresh(_ fault: RefreshFault) {
        switch fault {
        case .serverError:
            server.failNextRefresh = true
            log.append(.note("fault armed: the next refresh answers 500"))
        case .drop:
            network.inject(.dropResponse(path: "/auth/refresh"))
            log.append(.note("fault armed: the next refresh response is lost on the way back"))
        }
    }
}
