/// Server-side sessions: several app servers behind a round-robin balancer. Login creates a
/// session and returns an opaque id in a cookie; every request looks it up; logout and a
/// forced logout delete it; a profile change rewrites it at once. Sessions live in the
/// shared store, or (to show what breaks) in each server's own memory.
public final class SessionCluster {
    public var settings: ComparisonSettings
    let store: SessionStore
    private let clock: VirtualClock
    private let log: EventLog
    private var users: () -> UserDirectory
    private var random: SeededGenerator
    private var nextServer = 0
    private var pinned = RecentRecords<String, Int>()
    private var local: [RecentRecords<String, (value: String, expiresAt: Instant)>] = []
    /// Session ids per user, as a real system keeps a `user:NAME:sessions` set (the newest
    /// `RecordLimit.standard` of each).
    private var sessionsOfUser: [String: [String]] = [:]

    public static let cookieName = "sid"

    init(settings: ComparisonSettings, store: SessionStore, clock: VirtualClock, log: EventLog, seed: UInt64,
         users: @escaping () -> UserDirectory) {
        self.settings = settings
        self.store = store
        self.clock = clock
        self.log = log
        self.users = users
        self.random = SeededGenerator(seed: seed ^ 0x5E55_1011)
    }

    static func serverName(_ index: Int) -> String { "app-\(index + 1)" }
    private func party(_ index: Int) -> Party { Party("session-" + Self.serverName(index)) }

    /// Live sessions and the bytes they hold (shared store, or all servers' memory).
    public var sessionCount: Int {
        settings.localSessions ? local.reduce(0) { $0 + $1.values.filter { clock.now < $0.expiresAt }.count } : store.keys(prefix: "sess:").count
    }

    public var sessionBytes: Int {
        settings.localSessions
            ? local.reduce(0) { sum, server in sum + server.filter { clock.now < $0.value.expiresAt }.reduce(0) { $0 + $1.key.utf8.count + $1.value.value.utf8.count } }
            : store.bytes(prefix: "sess:")
    }

    // MARK: Routing

    public func handle(_ request: HTTPRequest, from sender: Party) -> HTTPResponse {
        while local.count < settings.servers { local.append(RecentRecords()) }
        let sid = Self.sessionID(in: request)
        let index: Int
        if settings.sticky, let sid, let pin = pinned[sid], pin < settings.servers {
            index = pin
        } else {
            index = nextServer % max(1, settings.servers)
            nextServer += 1
        }
        var response = route(request, sid: sid, server: index)
        response.headers["X-Served-By"] = Self.serverName(index)
        if response.status < 400, var body = response.body {
            body["served_by"] = .string(Self.serverName(index))
            response.body = body
        }
        return response
    }

    /// The session id a `Set-Cookie` answer stores, as a cookie jar reads it (`sid=VALUE; attributes`).
    static func sessionID(setBy response: HTTPResponse) -> String? {
        guard let header = response.headers["Set-Cookie"], let pair = header.split(separator: ";").first else { return nil }
        let kv = pair.trimmingPrefixSpaces().split(separator: "=", maxSplits: 1)
        return kv.count == 2 && kv[0] == cookieName && !kv[1].isEmpty ? String(kv[1]) : nil
    }

    static func sessionID(in request: HTTPRequest) -> String? {
        guard let cookie = request.headers["Cookie"] else { return nil }
        for part in cookie.split(separator: ";") {
            let kv = part.trimmingPrefixSpaces().split(separator: "=", maxSplits: 1)
            if kv.count == 2, kv[0] == cookieName { return String(kv[1]) }
        }
        return nil
    }

    private func route(_ request: HTTPRequest, sid: String?, server: Int) -> HTTPResponse {
        switch (request.routeMethod, request.route) {
        case ("POST", "/auth/login"): return login(request, server: server)
        case ("POST", "/auth/logout"):
            guard let sid else { return .error(400, "invalid_request", "no session cookie") }
            do { try remove(sid, server: server) } catch { return unavailable() }
            return .ok(["logged_out": true])
        case ("GET", "/api/profile"), ("GET", "/api/orders"), ("GET", "/api/admin"):
            return protected(request, sid: sid, server: server)
        default:
            return .noRoute(request, allowed: Self.methods[request.route])
        }
    }

    /// Each route and the method it takes (no refresh: the session is the credential).
    static let methods: [String: [String]] = [
        "/auth/login": ["POST"], "/auth/logout": ["POST"], "/api/profile": ["GET"], "/api/orders": ["GET"], "/api/admin": ["GET"],
    ]

    private func unavailable() -> HTTPResponse {
        .error(503, "session_store_unavailable", "the session store does not answer: nobody can be authenticated")
    }

    private func login(_ request: HTTPRequest, server: Int) -> HTTPResponse {
        guard let username = request.body?["username"]?.stringValue, let password = request.body?["password"]?.stringValue,
              let account = users().account(username: username), account.password == password else {
            return .error(401, "invalid_credentials", "wrong username or password")
        }
        let sid = "s_" + random.hex(24)
        do { try write(sid, Self.record(account), server: server) } catch { return unavailable() }
        sessionsOfUser[username, default: []].append(sid)
        if let count = sessionsOfUser[username]?.count, count > RecordLimit.standard { sessionsOfUser[username]?.removeFirst(count - RecordLimit.standard / 2) }
        if settings.sticky { pinned[sid] = server }
        // The id travels only in the HttpOnly cookie, as in a real app: a body that repeated it would hand it to
        // any script on the page, the very thing HttpOnly keeps from it.
        var response = HTTPResponse.ok(["logged_in": true, "user": .string(username)])
        response.headers["Set-Cookie"] = "\(Self.cookieName)=\(sid); HttpOnly; Secure; SameSite=Lax"
        return response
    }

    private func protected(_ request: HTTPRequest, sid: String?, server: Int) -> HTTPResponse {
        guard let sid else { return .error(401, "session_missing", "no session cookie") }
        let stored: String?
        do { stored = try read(sid, server: server) } catch { return unavailable() }
        guard let stored, case .object(let session)? = try? JSONParser.parse(stored) else {
            return .error(401, "session_unknown", "\(Self.serverName(server)) has no session \(sid.prefix(10))…: expired, deleted, or on another server")
        }
        if settings.slidingSessions { try? touch(sid, server: server) }
        let roles = session["roles"]?.arrayValue?.compactMap(\.stringValue) ?? []
        switch request.route {
        case "/api/profile": return .ok(["sub": session["sub"] ?? .null, "name": session["name"] ?? .null, "roles": session["roles"] ?? .array([])])
        case "/api/orders": return .ok(["orders": [["id": "A-1001", "total": "19.90"]]])
        default:
            return roles.contains("admin") ? .ok(["admin": true]) : .error(403, "insufficient_scope", "role admin is required")
        }
    }

    static func record(_ account: UserAccount) -> String {
        JSONWriter.compact(["sub": .string(account.id), "name": .string(account.name), "roles": .array(account.roles.map { .string($0) })])
    }

    // MARK: Storage: the shared store or this server's memory

    private func write(_ sid: String, _ value: String, server: Int) throws(SessionStore.Failure) {
        if settings.localSessions {
            local[server][sid] = (value, clock.now + settings.sessionTTL)
            log.append(.note(.serverKeepsSession(server: Self.serverName(server), session: String(sid.prefix(10)))))
        } else {
            try store.set("sess:" + sid, value, ttl: settings.sessionTTL, from: party(server))
        }
    }

    private func read(_ sid: String, server: Int) throws(SessionStore.Failure) -> String? {
        if settings.localSessions {
            guard let entry = local[server][sid], clock.now < entry.expiresAt else { return nil }
            return entry.value
        }
        return try store.get("sess:" + sid, from: party(server))
    }

    private func touch(_ sid: String, server: Int) throws(SessionStore.Failure) {
        if settings.localSessions {
            local[server][sid]?.expiresAt = clock.now + settings.sessionTTL
        } else {
            try store.expire("sess:" + sid, ttl: settings.sessionTTL, from: party(server))
        }
    }

    private func remove(_ sid: String, server: Int) throws(SessionStore.Failure) {
        if settings.localSessions {
            for i in local.indices { local[i][sid] = nil }
        } else {
            try store.delete("sess:" + sid, from: party(server))
        }
        pinned[sid] = nil
    }

    // MARK: Server-side changes

    /// Deletes every session of a user at once (forced logout). Returns how many.
    @discardableResult
    public func forceLogout(username: String) -> Int {
        let sids = sessionsOfUser.removeValue(forKey: username) ?? []
        var removed = 0
        for sid in sids { if (try? remove(sid, server: 0)) != nil { removed += 1 } }
        return removed
    }

    /// Rewrites the user's stored sessions: the next request sees the change.
    public func profileChanged(_ account: UserAccount) {
        for sid in sessionsOfUser[account.username] ?? [] {
            if settings.localSessions {
                for i in local.indices where local[i][sid] != nil { local[i][sid]?.value = Self.record(account) }
            } else if store.value("sess:" + sid) != nil {
                try? store.set("sess:" + sid, Self.record(account), ttl: settings.sessionTTL, from: Party("admin"))
            }
        }
    }
}

extension Substring {
    func trimmingPrefixSpaces() -> Substring { drop { $0 == " " } }
}

/// How the JWT-versus-sessions comparison is set up.
public struct ComparisonSettings: Sendable {
    public var servers = 3
    /// Sessions in each server's memory instead of the shared store.
    public var localSessions = false
    /// The balancer sends a session's requests to the server that created it.
    public var sticky = false
    /// JWT servers consult a denylist in the store on every request.
    public var denylist = false
    public var sessionTTL: Span = .minutes(30)
    public var slidingSessions = true

    public init() {}
}

/// Which design the shared actions drive.
public enum ComparisonMode: String, CaseIterable, Sendable {
    case jwt, session, both
    public var drivesJWT: Bool { self != .session }
    public var drivesSessions: Bool { self != .jwt }
}
