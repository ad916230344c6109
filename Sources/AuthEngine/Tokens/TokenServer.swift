/// The in-process API and token server of the short/long token flow.
///
/// `POST /auth/login`, `POST /auth/refresh`, `POST /auth/logout`, and the protected
/// routes `GET /api/profile`, `/api/orders`, `/api/admin`. Short tokens are stateless:
/// the protected routes answer from their claims alone (so stale claims show);
/// long tokens belong to families the server remembers.
public final class TokenServer {
    public var policy: TokenPolicy {
        didSet {
            // A new algorithm is a new key at once: tokens signed before no longer verify.
            if policy.algorithm != oldValue.algorithm {
                key = Self.signingKey(policy.algorithm, secret: secret, seed: seed)
                verifiedAccess.removeAll()
                log.append(.note(.serverSigns(algorithm: policy.algorithm.rawValue, kid: key.id ?? "-")))
            }
        }
    }
    public private(set) var users: UserDirectory
    public private(set) var key: SigningKey
    private let clock: VirtualClock
    private let log: EventLog
    private var random: SeededGenerator
    /// Bounded (`RecentRecords`): logins flooding in make the server forget the oldest families.
    private var families = RecentRecords<String, RefreshFamily>()
    /// What a verified short token said, keyed by the `Authorization` value, as API
    /// gateways cache it: signature, `iss` and `typ` are checked once; `exp`, `nbf` and
    /// `iat` on every request, against the time of that request.
    /// A few entries, newest first, compared with `==`: the same token string arrives
    /// again and again, and comparing it costs far less than hashing 300-odd bytes.
    private var verifiedAccess: [VerifiedAccess] = []
    private static let verifiedAccessCapacity = 16

    private struct VerifiedAccess {
        let token: String
        let claims: JSONObject
        let timeClaims: JSONObject
    }
    /// Set by `fail next refresh 500`: the next refresh answers 500 without doing anything.
    public var failNextRefresh = false
    /// Who sent the request being handled: tokens are logged as issued to them.
    private var recipient = Party.client

    /// Live worlds, whose clock follows wall time: the tokens issued and not yet expired
    /// (jti and exp), so `expire` can judge them expired without moving the clock.
    public var remembersIssued = false
    private var outstanding: [TokenKind: OutstandingTokens] = [:]
    /// Tokens the server judges expired although their `exp` lies ahead.
    private var judgedExpired = JudgedExpiredTokens()

    /// The playground's HS256 secret: public on purpose (anyone may verify its tokens), and
    /// 36 bytes because RFC 7518 §3.2 asks for at least 32 (a key as long as the hash).
    public static let defaultSecret = "authtui-playground-secret-hs256-2026"
    public static let realm = "authtui"

    init(policy: TokenPolicy, users: UserDirectory, secret: String, clock: VirtualClock, log: EventLog, seed: UInt64) {
        self.policy = policy
        self.users = users
        self.secret = secret
        self.seed = seed
        self.key = Self.signingKey(policy.algorithm, secret: secret, seed: seed)
        self.clock = clock
        self.log = log
        self.random = SeededGenerator(seed: seed ^ 0x5E87E7)
    }

    var verifier: JWTVerifier { JWTVerifier(key: key) }
    private let secret: String
    private let seed: UInt64

    /// The token flow's key for `algorithm`: the shared secret for HS256 (kid `k1`); for
    /// the public-key algorithms a key fixed by the seed (RSA: RFC 7515 A.2's), its kid the
    /// RFC 7638 thumbprint of its public JWK.
    public static func signingKey(_ algorithm: JWTAlgorithm, secret: String, seed: UInt64) -> SigningKey {
        let seedBytes = (0..<8).map { UInt8(truncatingIfNeeded: seed >> (8 * $0)) } + Array("authtui-token-server".utf8)
        let key: SigningKey
        switch algorithm {
        case .hs256: return .hs256(secret: secret, id: "k1")
        case .rs256: key = .rfc7515A2()
        // A hash at or above P-256's order (odds about 2^-32) is not a scalar: the next one is.
        case .es256: key = (try? .es256(seed: seedBytes)) ?? (try! .es256(seed: seedBytes + [1]))
        // Any 32 bytes are an Ed25519 seed.
        case .edDSA: key = try! .edDSA(seed: seedBytes)
        }
        return SigningKey(id: JWK.publicJWK(of: key)?["kid"]?.stringValue, material: key.material)
    }

    // MARK: Routing

    public func handle(_ request: HTTPRequest, from sender: Party) -> HTTPResponse {
        recipient = sender
        switch (request.routeMethod, request.route) {
        case ("POST", "/auth/login"): return login(request)
        case ("POST", "/auth/refresh"): return refresh(request)
        case ("POST", "/auth/logout"): return logout(request)
        case ("GET", "/api/profile"), ("GET", "/api/orders"), ("GET", "/api/admin"): return protected(request)
        default: return .noRoute(request, allowed: Self.methods[request.route])
        }
    }

    /// Each route and the method it takes.
    static let methods: [String: [String]] = [
        "/auth/login": ["POST"], "/auth/refresh": ["POST"], "/auth/logout": ["POST"],
        "/api/profile": ["GET"], "/api/orders": ["GET"], "/api/admin": ["GET"],
    ]

    // MARK: Login, refresh, logout

    private func login(_ request: HTTPRequest) -> HTTPResponse {
        guard let username = request.body?["username"]?.stringValue, let password = request.body?["password"]?.stringValue else {
            return .error(400, "invalid_request", "username and password are required")
        }
        guard let account = users.account(username: username), account.password == password else {
            return .error(401, "invalid_credentials", "wrong username or password")
        }
        let family = "fam-" + random.hex(8)
        let long = issueLong(for: account, family: family, loggedInAt: clock.now)
        families[family] = RefreshFamily(id: family, userID: account.id, loggedInAt: clock.now, currentJTI: long.jti)
        return tokenResponse(short: issueShort(for: account), long: long.token)
    }

    private func refresh(_ request: HTTPRequest) -> HTTPResponse {
        if failNextRefresh {
            failNextRefresh = false
            return .error(500, "server_error", "the refresh endpoint failed (injected fault)")
        }
        guard let token = request.body?["refresh_token"]?.stringValue else {
            return .error(400, "invalid_request", "refresh_token is required")
        }
        let claims: JSONObject
        do {
            claims = try verifier.verify(token, at: clock.now, expecting: JWTExpectations(issuer: policy.issuer, tokenType: "refresh", leeway: policy.leeway)).payload
        } catch .expired {
            return .error(401, "refresh_expired", "the long token expired: log in again")
        } catch {
            return .error(401, "invalid_token", "the long token is invalid: \(error)")
        }
        if isJudgedExpired(claims) {
            return .error(401, "refresh_expired", "the long token expired (judged so by the server: expire long): log in again")
        }
        guard let jti = claims["jti"]?.stringValue, let familyID = claims["fam"]?.stringValue,
              var family = families[familyID], let account = users.account(id: family.userID) else {
            return .error(401, "invalid_token", "the long token belongs to no known login")
        }
        if let reason = family.revokedBecause {
            return .error(401, "refresh_revoked", "the long token was revoked (\(reason))")
        }
        if let cap = policy.absoluteLifetime, clock.now >= family.loggedInAt + cap {
            return .error(401, "refresh_expired", "the login is older than its absolute lifetime (\(cap)): log in again")
        }
        let exp = ((try? JWTVerifier.time("exp", in: claims)) ?? nil) ?? clock.now

        switch policy.refreshPolicy {
        case .reuse:
            return tokenResponse(short: issueShort(for: account), long: token)
        case .sliding:
            let left = exp - clock.now
            let window = Span(milliseconds: Int64(Double(policy.longLifetime.milliseconds) * policy.renewWindow))
            if left < window {
                let long = issueLong(for: account, family: familyID, loggedInAt: family.loggedInAt)
                family.currentJTI = long.jti
                families[familyID] = family
                return tokenResponse(short: issueShort(for: account), long: long.token)
            }
            return tokenResponse(short: issueShort(for: account), long: token)
        case .rotate:
            if jti != family.currentJTI {
                if let firstUse = family.used[jti], clock.now - firstUse <= policy.reuseGrace, policy.reuseGrace > .zero {
                    log.append(.note(.reuseHonoured(grace: policy.reuseGrace)))
                } else {
                    revoke(familyID, because: .reuseDetected)
                    return .error(401, "refresh_reused", "this long token was already used: the whole login is revoked")
                }
            }
            family.used[jti] = family.used[jti] ?? clock.now
            let long = issueLong(for: account, family: familyID, loggedInAt: family.loggedInAt)
            family.currentJTI = long.jti
            families[familyID] = family
            return tokenResponse(short: issueShort(for: account), long: long.token)
        }
    }

    private func logout(_ request: HTTPRequest) -> HTTPResponse {
        guard let token = request.body?["refresh_token"]?.stringValue,
              let jws = try? verifier.verifySignature(token), let familyID = jws.payload["fam"]?.stringValue,
              families[familyID] != nil else {
            return .error(400, "invalid_request", "a valid refresh_token is required to log out")
        }
        revoke(familyID, because: .logout)
        return .ok(["logged_out": true])
    }

    /// Revokes the family of a long token (forced logout, `revoke long`). Returns false if unknown.
    @discardableResult
    public func revokeFamily(ofLongToken token: String, because reason: RevocationReason) -> Bool {
        guard let jws = try? verifier.verifySignature(token), let familyID = jws.payload["fam"]?.stringValue,
              families[familyID] != nil else { return false }
        revoke(familyID, because: reason)
        return true
    }

    private func revoke(_ familyID: String, because reason: RevocationReason) {
        guard families[familyID]?.revokedBecause == nil else { return }
        families[familyID]?.revokedBecause = reason
        log.append(.familyRevoked(family: familyID, reason: reason))
    }

    public func isRevoked(family: String) -> Bool { families[family]?.revokedBecause != nil }

    // MARK: Issuing

    private func issueShort(for account: UserAccount) -> String {
        let now = clock.now.seconds
        let jti = random.hex(12)
        let exp = clock.now.expiry(after: policy.shortLifetime)
        let claims: JSONObject = [
            "iss": .string(policy.issuer), "sub": .string(account.id), "name": .string(account.name),
            "roles": .array(account.roles.map { .string($0) }), "iat": .int(now), "exp": .int(exp),
            "jti": .string(jti), "typ": "access",
        ]
        return sign(claims, kind: .short, jti: jti, exp: exp)
    }

    private func issueLong(for account: UserAccount, family: String, loggedInAt: Instant) -> (token: String, jti: String) {
        let now = clock.now.seconds
        let jti = random.hex(12)
        var exp = clock.now.expiry(after: policy.longLifetime)
        if let cap = policy.absoluteLifetime { exp = min(exp, (loggedInAt + cap).seconds) }
        let claims: JSONObject = [
            "iss": .string(policy.issuer), "sub": .string(account.id), "jti": .string(jti), "fam": .string(family),
            "iat": .int(now), "exp": .int(exp), "typ": "refresh",
        ]
        return (sign(claims, kind: .long, jti: jti, exp: exp), jti)
    }

    private func sign(_ claims: JSONObject, kind: TokenKind, jti: String, exp: Int64) -> String {
        // Signing with a key the server made itself does not fail; a failure is a programming error.
        let token = try! JWTSigner.sign(claims, with: key)
        if remembersIssued { outstanding[kind, default: OutstandingTokens()].issued(jti, exp: exp, now: clock.now.seconds) }
        log.append(.tokenIssued(kind, jti: jti, exp: Instant(seconds: exp), to: recipient))
        return token
    }

    private func tokenResponse(short: String, long: String) -> HTTPResponse {
        .ok([
            "access_token": .string(short), "refresh_token": .string(long), "token_type": "Bearer",
            "expires_in": .int(clock.now.expiry(after: policy.shortLifetime) - clock.now.seconds),
        ])
    }

    // MARK: Protected routes

    private func protected(_ request: HTTPRequest) -> HTTPResponse {
        guard let token = request.bearerToken else {
            return HTTPResponse.error(401, "token_missing", "no bearer token", wwwAuthenticate: "Bearer realm=\"\(Self.realm)\"")
        }
        let claims: JSONObject
        do {
            claims = try verifyAccess(token)
        } catch .expired {
            return .error(401, "token_expired", "The access token expired",
                          wwwAuthenticate: "Bearer realm=\"\(Self.realm)\", error=\"invalid_token\", error_description=\"The access token expired\"")
        } catch {
            return .error(401, "invalid_token", "The access token is invalid (\(error.code)): \(error.description)",
                          wwwAuthenticate: "Bearer realm=\"\(Self.realm)\", error=\"invalid_token\", error_description=\"The access token is invalid\"")
        }
        let roles = claims["roles"]?.arrayValue?.compactMap(\.stringValue) ?? []
        switch request.route {
        case "/api/profile":
            return .ok(["sub": claims["sub"] ?? .null, "name": claims["name"] ?? .null, "roles": claims["roles"] ?? .array([])])
        case "/api/orders":
            return .ok(["orders": [["id": "A-1001", "total": "19.90"], ["id": "A-1002", "total": "7.50"]]])
        default: // /api/admin
            guard roles.contains("admin") else {
                return .error(403, "insufficient_scope", "role admin is required",
                              wwwAuthenticate: "Bearer realm=\"\(Self.realm)\", error=\"insufficient_scope\", scope=\"admin\"")
            }
            return .ok(["admin": true, "users": .int(Int64(users.accounts.count))])
        }
    }

    private func verifyAccess(_ token: String) throws(JWTError) -> JSONObject {
        let timeRules = JWTExpectations(leeway: policy.leeway)
        if let cached = verifiedAccess.first(where: { $0.token == token }) {
            try JWTVerifier.checkClaims(cached.timeClaims, at: clock.now, expecting: timeRules)
            if isJudgedExpired(cached.claims) { throw .expired(exp: clock.now) }
            return cached.claims
        }
        let rules = JWTExpectations(issuer: policy.issuer, tokenType: "access", leeway: policy.leeway)
        let payload = try verifier.verify(token, at: clock.now, expecting: rules).payload
        let times = JSONObject(payload.members.filter { ["exp", "nbf", "iat"].contains($0.key) }.map { ($0.key, $0.value) })
        if verifiedAccess.count >= Self.verifiedAccessCapacity { verifiedAccess.removeLast() }
        verifiedAccess.insert(VerifiedAccess(token: token, claims: payload, timeClaims: times), at: 0)
        if isJudgedExpired(payload) { throw .expired(exp: clock.now) }
        return payload
    }

    // MARK: Server-side changes

    /// Judges every `kind` token issued so far and still within its `exp` expired from now
    /// on — what `expire` does when the clock follows wall time: a real client's own clock
    /// never sees time jump, yet its next call gets `token_expired` (or its refresh
    /// `refresh_expired`). Returns how many tokens that judged.
    @discardableResult
    public func judgeIssuedExpired(_ kind: TokenKind) -> Int {
        let now = clock.now.seconds
        let live = outstanding[kind, default: OutstandingTokens()].takeLive(now: now)
        judgedExpired.add(live, now: now)
        return live.count
    }

    /// Whether `expire` made the server judge this token expired before its `exp`.
    public func isJudgedExpired(jti: String) -> Bool { judgedExpired.contains(jti) }

    private func isJudgedExpired(_ claims: JSONObject) -> Bool {
        guard !judgedExpired.isEmpty, let jti = claims["jti"]?.stringValue else { return false }
        return isJudgedExpired(jti: jti)
    }

    /// Changes a user's profile server-side. Short tokens already issued keep the old claims.
    public func updateProfile(username: String, name: String?, roles: [String]?) -> Bool {
        users.update(username: username) { account in
            if let name { account.name = name }
            if let roles { account.roles = roles }
        }
    }

    /// Replaces the signing key: every token signed before no longer verifies (tests, key-rotation demos).
    public func rotateKeyForTesting(secret: String) {
        key = .hs256(secret: secret, id: "k2")
        verifiedAccess.removeAll()
    }

    @discardableResult
    public func addUser(username: String, password: String, name: String, roles: [String]) -> Bool {
        guard users.account(username: username) == nil else { return false }
        users.add(username: username, password: password, name: name, roles: roles)
        return true
    }
}
