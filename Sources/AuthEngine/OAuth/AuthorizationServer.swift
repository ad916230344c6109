/// The platform's authorization server (RFC 6749 §3–§5, RFC 7636, RFC 9700).
public final class AuthorizationServer {
    public var policy: OAuthPolicy {
        didSet {
            // A new algorithm is a new key at once: nothing the verifiers cached names it.
            guard policy.algorithm != keyRing.algorithm else { return }
            guard policy.algorithm != .hs256 else {
                policy.algorithm = oldValue.algorithm
                return
            }
            keyRing = PlatformKeyRing(algorithm: policy.algorithm, seed: seed, now: clock.now)
            log.append(.note(.platformSignsAtOnce(algorithm: policy.algorithm.rawValue, kid: PlatformKeyRing.short(keyRing.signer.kid))))
        }
    }
    public internal(set) var clients: [String: ClientRegistration] = [:]
    /// What the platform keeps per request is bounded (`RecentRecords`): a live client
    /// flooding an endpoint makes it forget the oldest, not run out of memory.
    public internal(set) var codes = RecentRecords<String, AuthorizationCode>()
    /// Access tokens revoked by code reuse or refresh-token replay (checked by the resource server).
    public internal(set) var revokedAccessJTIs = Set<String>()
    /// Live worlds, whose clock follows wall time: the access tokens issued and not yet
    /// expired, so `oauth expire` can judge them expired without moving the clock.
    var remembersIssued = false
    var outstandingAccess = OutstandingTokens()
    /// Access tokens judged expired although their `exp` lies ahead.
    var judgedExpiredAccess = JudgedExpiredTokens()

    /// Whether `oauth expire` made the platform judge this access token expired before its `exp`.
    public func isJudgedExpired(jti: String) -> Bool { judgedExpiredAccess.contains(jti) }

    /// An access token the platform issued, by its records at `now`.
    public enum AccessTokenCondition: String, Sendable {
        case active, expired, judgedExpired = "judged_expired", revoked
    }

    public func condition(of token: HeldToken, at now: Instant) -> AccessTokenCondition {
        if revokedAccessJTIs.contains(token.jti) { return .revoked }
        if now >= token.expiresAt { return .expired }
        return isJudgedExpired(jti: token.jti) ? .judgedExpired : .active
    }
    /// The keys the platform signs access and ID tokens with, over time.
    public private(set) var keyRing: PlatformKeyRing
    private let seed: UInt64
    let clock: VirtualClock
    let log: EventLog
    var random: SeededGenerator
    var pendingConsent = RecentRecords<String, PendingAuthorization>()
    var refreshGrants = RecentRecords<String, OAuthRefreshGrant>()
    var revokedFamilies = Set<String>()
    var familyAccess = RecentRecords<String, [String]>()
    /// The signed-in platform user whose consent is asked (a consent form may name another).
    public var user = (username: "alice", name: "Alice")
    /// The platform's accounts a consent page can sign in as.
    public static let accounts: [(username: String, name: String)] = [("alice", "Alice"), ("bob", "Bob")]
    /// Who each subject is, for the API's answers.
    private var names: [String: String] = [:]
    /// The device grant (RFC 8628): codes in progress, by device_code.
    public internal(set) var deviceGrants = RecentRecords<String, DeviceGrant>()
    public var devicePolicy = DevicePolicy()

    struct PendingAuthorization {
        let client: ClientRegistration
        let redirectURI: String
        let scope: [String]
        let state: String?
        let challenge: String?
        /// OpenID Connect: echoed into the ID token, binding it to the app's session.
        let nonce: String?
    }

    /// The resource server's own credentials, for introspection (RFC 7662 §2.1: the
    /// caller authenticates). Provisioned with the platform, not registered by anyone.
    public let resourceServerClient: ClientRegistration

    init(policy: OAuthPolicy, clock: VirtualClock, log: EventLog, seed: UInt64) {
        var policy = policy
        if policy.algorithm == .hs256 { policy.algorithm = .rs256 }
        self.policy = policy
        self.clock = clock
        self.log = log
        self.seed = seed
        self.random = SeededGenerator(seed: seed ^ 0x0A07_C0DE)
        self.keyRing = PlatformKeyRing(algorithm: policy.algorithm, seed: seed, now: clock.now)
        var secrets = SeededGenerator(seed: seed ^ 0xA91)
        let api = ClientRegistration(appID: "platform-api", secret: "api-" + secrets.hex(24), name: "the platform's API",
                                     redirectURIs: [], scopes: [], requiresPKCE: false)
        resourceServerClient = api
        clients[api.appID] = api
    }

    /// The key that signs tokens now (its public half is in the JWKS).
    public var signingKey: SigningKey { keyRing.signer.key }

    /// Every key the platform ever signed with: it judges its own tokens (revocation,
    /// introspection) whatever its JWKS lists now.
    var ownVerifier: JWTVerifier { JWTVerifier(keys: keyRing.entries.map(\.key)) }

    /// The JWKS: the keys published now.
    public var jwks: JSONObject { JWK.set(keyRing.published.map(\.key)) }

    // MARK: Rotation

    @discardableResult
    public func publishKey() throws(PlatformKeyRing.Problem) -> PlatformKeyRing.Entry {
        let entry = try keyRing.publish(at: clock.now)
        log.append(.note(.keyPublished(kid: PlatformKeyRing.short(entry.kid), algorithm: entry.key.algorithm.rawValue)))
        return entry
    }

    @discardableResult
    public func startSigningWithNewestKey() throws(PlatformKeyRing.Problem) -> PlatformKeyRing.Entry {
        let (new, old) = try keyRing.startSigning(at: clock.now)
        let published = clock.now - new.publishedAt
        log.append(.note(.keySigning(kid: PlatformKeyRing.short(new.kid), publishedAgo: published, maxAge: policy.jwks.maxAge,
                                     previous: PlatformKeyRing.short(old.kid))))
        return new
    }

    @discardableResult
    public func retireOldestKey() throws(PlatformKeyRing.Problem) -> PlatformKeyRing.Entry {
        let entry = try keyRing.retireOldest(at: clock.now)
        // Its last token was signed when the next key took over; it lives one lifetime more.
        let stopped = keyRing.entries.first { $0.generation > entry.generation && $0.signingSince != nil }?.signingSince ?? clock.now
        let lastExpiry = stopped + policy.accessLifetime
        log.append(.note(.keyRetired(kid: PlatformKeyRing.short(entry.kid), liveUntil: clock.now < lastExpiry ? lastExpiry : nil)))
        return entry
    }

    // MARK: Registration

    /// Registers a third party (the developer console's job, outside any flow). A public
    /// client gets no secret and must use PKCE; `appID` and `secret` fix documented clients.
    @discardableResult
    public func register(name: String, redirectURIs: [String], scopes: [String], requiresPKCE: Bool,
                         isPublic: Bool = false, appID: String? = nil, secret: String? = nil) -> ClientRegistration {
        var registration = ClientRegistration(appID: appID ?? "app_" + random.hex(10), secret: isPublic ? "" : secret ?? random.hex(32), name: name,
                                              redirectURIs: redirectURIs, scopes: scopes, requiresPKCE: requiresPKCE || isPublic)
        registration.isPublic = isPublic
        clients[registration.appID] = registration
        log.append(.note(.appRegistered(name: name, appID: registration.appID, redirects: redirectURIs, scopes: scopes,
                                        isPublic: isPublic, requiresPKCE: requiresPKCE)))
        return registration
    }

    /// The user's id on the platform as this client sees it (an "open id", per client).
    func subject(for clientID: String, username: String? = nil) -> String {
        "o_" + String(Base64URL.encode(Array((clientID + ":" + (username ?? user.username)).utf8)).suffix(12))
    }

    /// The platform account a form names (`username=`), else the signed-in user.
    func account(named username: String?) -> (username: String, name: String) {
        username.flatMap { name in Self.accounts.first { $0.username == name } } ?? user
    }

    /// The subject `username` has at `clientID`, remembering whose it is for the API.
    func signIn(_ username: String?, at clientID: String) -> String {
        let account = account(named: username)
        let subject = subject(for: clientID, username: account.username)
        names[subject] = account.name
        return subject
    }

    /// The name of the user behind a subject.
    public func name(ofSubject subject: String) -> String { names[subject] ?? user.name }

    // MARK: Routing

    public func handle(_ request: HTTPRequest, from sender: Party) -> HTTPResponse {
        let (path, query) = URLQuery.split(request.path) ?? (request.path, [])
        switch (request.routeMethod, path) {
        case ("GET", "/oauth/authorize"): return authorize(query)
        case ("POST", "/oauth/consent"): return consent(request.body ?? JSONObject())
        case ("POST", "/oauth/token"): return token(request)
        case ("POST", "/oauth/revoke"): return revoke(request)
        case ("POST", "/oauth/introspect"): return introspect(request)
        case ("POST", "/oauth/device_authorization"): return deviceAuthorization(request)
        case ("GET", JWKSCache.path): return .ok(jwks)
        case ("GET", "/device"): return devicePage(query)
        case ("POST", "/device"): return deviceDecision(request.body ?? JSONObject())
        default: return .noRoute(request, allowed: Self.methods[path])
        }
    }

    /// Each route and the methods it takes.
    static let methods: [String: [String]] = [
        "/oauth/authorize": ["GET"], "/oauth/consent": ["POST"], "/oauth/token": ["POST"], "/oauth/revoke": ["POST"],
        "/oauth/introspect": ["POST"], "/oauth/device_authorization": ["POST"], JWKSCache.path: ["GET"], "/device": ["GET", "POST"],
    ]
}
