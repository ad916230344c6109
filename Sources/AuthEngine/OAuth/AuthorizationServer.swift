import Crypto

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
    public private(set) var clients: [String: ClientRegistration] = [:]
    public private(set) var codes: [String: AuthorizationCode] = [:]
    /// Access tokens revoked by code reuse or refresh-token replay (checked by the resource server).
    public private(set) var revokedAccessJTIs = Set<String>()
    /// Live worlds, whose clock follows wall time: the access tokens issued and not yet
    /// expired, so `oauth expire` can judge them expired without moving the clock.
    var remembersIssued = false
    private var outstandingAccess = OutstandingTokens()
    /// Access tokens judged expired although their `exp` lies ahead.
    private var judgedExpiredAccess = JudgedExpiredTokens()

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
    private var pendingConsent: [String: PendingAuthorization] = [:]
    private var refreshGrants: [String: OAuthRefreshGrant] = [:]
    private var revokedFamilies = Set<String>()
    private var familyAccess: [String: [String]] = [:]
    /// The signed-in platform user whose consent is asked (a consent form may name another).
    public var user = (username: "alice", name: "Alice")
    /// The platform's accounts a consent page can sign in as.
    public static let accounts: [(username: String, name: String)] = [("alice", "Alice"), ("bob", "Bob")]
    /// Who each subject is, for the API's answers.
    private var names: [String: String] = [:]
    /// The device grant (RFC 8628): codes in progress, by device_code.
    public internal(set) var deviceGrants: [String: DeviceGrant] = [:]
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
    private var ownVerifier: JWTVerifier { JWTVerifier(keys: keyRing.entries.map(\.key)) }

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

    // MARK: Interaction 1: the authorization request

    private func authorize(_ query: [(String, String)]) -> HTTPResponse {
        // Errors about the client or its redirect URI are shown to the user, never redirected:
        // redirecting would hand the answer to an address the platform cannot trust.
        // RFC 6749 §3.1: no parameter more than once (which client_id would be meant?).
        if let repeated = query.repeatedName {
            return .error(400, "invalid_request", "\(repeated) is given more than once (RFC 6749 §3.1): this page does not redirect")
        }
        guard let clientID = query.value("client_id"), let client = clients[clientID] else {
            return .error(400, "invalid_client", "unknown client_id: this page does not redirect")
        }
        guard let redirect = query.value("redirect_uri"), client.allowsRedirect(redirect) else {
            return .error(400, "invalid_request", "redirect_uri \(query.value("redirect_uri") ?? "(missing)") is not registered for \(client.name): the platform will not redirect there")
        }
        let state = query.value("state")
        func redirectError(_ code: String, _ description: String) -> HTTPResponse {
            var params = [("error", code), ("error_description", description)]
            if let state { params.append(("state", state)) }
            return Self.redirect(to: redirect, params)
        }
        guard query.value("response_type") == "code" else {
            return redirectError("unsupported_response_type", "only response_type=code is supported")
        }
        var scope = (query.value("scope") ?? "").split(separator: " ").map(String.init)
        // No scope asked: what the client registered (RFC 6749 §3.3 allows a default), less
        // `openid` (an ID token is asked for, never handed out unasked).
        if scope.isEmpty { scope = client.scopes.filter { $0 != "openid" } }
        guard !scope.isEmpty else {
            return redirectError("invalid_scope", "no scope asked, and \(client.name) registered none to default to but openid (ask for scope=openid)")
        }
        guard scope.allSatisfy(client.scopes.contains) else {
            return redirectError("invalid_scope", "\(client.name) may ask for \(client.scopes.joined(separator: " ")) only")
        }
        let challenge = query.value("code_challenge")
        if let challenge {
            guard query.value("code_challenge_method") == "S256" else {
                return redirectError("invalid_request", "code_challenge_method must be S256")
            }
            guard challenge.utf8.count == 43, Base64URL.decode(challenge) != nil else {
                return redirectError("invalid_request", "code_challenge is not a S256 challenge")
            }
        } else if client.requiresPKCE {
            return redirectError("invalid_request", "PKCE is required: code_challenge is missing")
        }
        let ticket = "consent_" + random.hex(10)
        pendingConsent[ticket] = PendingAuthorization(client: client, redirectURI: redirect, scope: scope, state: state,
                                                      challenge: challenge, nonce: query.value("nonce"))
        return .ok([
            "page": "consent", "consent_ticket": .string(ticket), "app": .string(client.name),
            "scopes": .array(scope.map { .string($0) }), "user": .string(user.username),
        ])
    }

    // MARK: Interaction 2: consent

    private func consent(_ form: JSONObject) -> HTTPResponse {
        guard let ticket = form["consent_ticket"]?.stringValue, let pending = pendingConsent.removeValue(forKey: ticket) else {
            return .error(400, "invalid_request", "no authorization is waiting for this consent")
        }
        var params: [(String, String)] = []
        if form["decision"]?.stringValue == "approve" {
            // A consent page may sign in as another of the platform's users.
            var code = AuthorizationCode(value: random.hex(24), clientID: pending.client.appID, redirectURI: pending.redirectURI,
                                         scope: pending.scope, subject: signIn(form["username"]?.stringValue, at: pending.client.appID),
                                         challenge: pending.challenge, issuedAt: clock.now, expiresAt: clock.now + policy.codeLifetime)
            code.nonce = pending.nonce
            codes[code.value] = code
            log.append(.note(.codeIssued(code: String(code.value.prefix(8)), client: pending.client.name, lifetime: policy.codeLifetime)))
            params.append(("code", code.value))
        } else {
            params += [("error", "access_denied"), ("error_description", "the user denied the request")]
        }
        if let state = pending.state { params.append(("state", state)) }
        return Self.redirect(to: pending.redirectURI, params)
    }

    static func redirect(to uri: String, _ params: [(String, String)]) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers["Location"] = uri + (uri.contains("?") ? "&" : "?") + URLQuery.encode(params)
        return HTTPResponse(status: 302, headers: headers)
    }

    // MARK: Interaction 3: the token endpoint

    /// Client authentication at the token, revocation and introspection endpoints:
    /// The client id and secret of an `Authorization: Basic` header (RFC 6749 §2.3.1: base64
    /// of form-urlencoded id ':' secret); nil when malformed.
    public static func basicCredentials(_ header: String) -> (id: String, secret: String)? {
        guard header.hasPrefix("Basic "),
              let decoded = Base64.decode(String(header.dropFirst(6))).flatMap({ String(validating: $0, as: UTF8.self) }),
              let colon = decoded.firstIndex(of: ":"),
              let id = URLQuery.unescape(String(decoded[..<colon])), let secret = URLQuery.unescape(String(decoded[decoded.index(after: colon)...])) else {
            return nil
        }
        return (id, secret)
    }

    /// `client_secret_basic` (an `Authorization: Basic` header), `client_secret_post`
    /// (`client_id` and `client_secret` in the form) or, for a public client, `none`.
    func authenticateClient(_ request: HTTPRequest) -> Result<ClientRegistration, ClientAuthFailure> {
        let form = request.body ?? JSONObject()
        var clientID = form["client_id"]?.stringValue
        var secret = form["client_secret"]?.stringValue
        if let header = request.headers["Authorization"], header.hasPrefix("Basic ") {
            guard secret == nil else { return .failure(.init(status: 400, code: "invalid_request", "use one client authentication method, not Basic and client_secret together")) }
            guard let (id, pass) = Self.basicCredentials(header) else {
                return .failure(.init(status: 401, code: "invalid_client", "the Basic credentials are malformed"))
            }
            if let formID = clientID, formID != id { return .failure(.init(status: 400, code: "invalid_request", "client_id differs from the Basic credentials")) }
            clientID = id
            secret = pass
        }
        guard let clientID, let client = clients[clientID] else {
            return .failure(.init(status: 401, code: "invalid_client", "unknown or missing client_id"))
        }
        if client.isPublic {
            guard secret == nil || secret == "" else { return .failure(.init(status: 401, code: "invalid_client", "\(client.name) is a public client: it has no secret to send")) }
            return .success(client)
        }
        guard let secret else {
            return .failure(.init(status: 401, code: "invalid_client", "client authentication is required: no client_secret"))
        }
        guard Self.constantTimeEquals(secret, client.secret) else {
            return .failure(.init(status: 401, code: "invalid_client", "client authentication failed: wrong client_secret"))
        }
        return .success(client)
    }

    struct ClientAuthFailure: Error {
        let status: Int, code: String, description: String
        init(status: Int, code: String, _ description: String) { self.status = status; self.code = code; self.description = description }
        var response: HTTPResponse { AuthorizationServer.tokenError(status, code, description) }
    }

    private func token(_ request: HTTPRequest) -> HTTPResponse {
        let form = request.body ?? JSONObject()
        func field(_ name: String) -> String? { form[name]?.stringValue }
        let client: ClientRegistration
        switch authenticateClient(request) {
        case .success(let authenticated): client = authenticated
        case .failure(let failure): return failure.response
        }
        switch field("grant_type") {
        case "authorization_code": return exchange(form, client)
        case "refresh_token": return refresh(form, client)
        case Self.deviceGrantType: return deviceToken(form, client)
        case nil: return Self.tokenError(400, "invalid_request", "grant_type is required")
        case let other?: return Self.tokenError(400, "unsupported_grant_type", "grant_type \(other) is not supported")
        }
    }

    private func exchange(_ form: JSONObject, _ client: ClientRegistration) -> HTTPResponse {
        // A parameter missing is a malformed request; one present but unknown, a bad grant (RFC 6749 §5.2).
        guard let value = form["code"]?.stringValue else { return Self.tokenError(400, "invalid_request", "code is required") }
        guard var code = codes[value] else { return Self.tokenError(400, "invalid_grant", "unknown authorization code") }
        if let first = code.usedAt {
            // RFC 6749 §4.1.2: a code used twice is refused, and what it issued is revoked.
            for jti in code.issuedAccessJTIs { revokedAccessJTIs.insert(jti) }
            if let family = code.issuedRefreshFamily { revokeFamily(family) }
            log.append(.familyRevoked(family: code.issuedRefreshFamily ?? "-", reason: .codeReplayed(firstUsed: first)))
            return Self.tokenError(400, "invalid_grant", "authorization code already used: the tokens issued from it are revoked")
        }
        guard clock.now < code.expiresAt else {
            return Self.tokenError(400, "invalid_grant", "authorization code expired at \(code.expiresAt.iso8601)")
        }
        guard code.clientID == client.appID else {
            return Self.tokenError(400, "invalid_grant", "authorization code was issued to another client")
        }
        guard form["redirect_uri"]?.stringValue == code.redirectURI else {
            return Self.tokenError(400, "invalid_grant", "redirect_uri differs from the one in the authorization request")
        }
        let verifier = form["code_verifier"]?.stringValue
        if let challenge = code.challenge {
            guard let verifier else { return Self.tokenError(400, "invalid_grant", "code_verifier is required (a challenge was sent)") }
            guard PKCE.isWellFormed(verifier), PKCE.challenge(for: verifier) == challenge else {
                return Self.tokenError(400, "invalid_grant", "code_verifier does not match the code_challenge")
            }
        } else if verifier != nil {
            return Self.tokenError(400, "invalid_grant", "code_verifier sent, but the authorization request had no challenge")
        }
        code.usedAt = clock.now
        let issued = issueTokens(client: client, subject: code.subject, scope: code.scope, authTime: code.issuedAt, nonce: code.nonce)
        code.issuedAccessJTIs.append(issued.accessJTI)
        code.issuedRefreshFamily = issued.family
        codes[value] = code
        return issued.response
    }

    private func refresh(_ form: JSONObject, _ client: ClientRegistration) -> HTTPResponse {
        guard let token = form["refresh_token"]?.stringValue else { return Self.tokenError(400, "invalid_request", "refresh_token is required") }
        guard var grant = refreshGrants[token] else { return Self.tokenError(400, "invalid_grant", "unknown refresh token") }
        guard grant.clientID == client.appID else {
            return Self.tokenError(400, "invalid_grant", "refresh token was issued to another client")
        }
        guard !revokedFamilies.contains(grant.family) else {
            return Self.tokenError(400, "invalid_grant", "refresh token revoked")
        }
        guard clock.now < grant.expiresAt else {
            return Self.tokenError(400, "invalid_grant", "refresh token expired at \(grant.expiresAt.iso8601)")
        }
        let (access, jti) = issueAccess(client: client, subject: grant.subject, scope: grant.scope)
        familyAccess[grant.family, default: []].append(jti)
        switch policy.refreshPolicy {
        case .rotate:
            if grant.usedAt != nil {
                revokedAccessJTIs.insert(jti)
                revokeFamily(grant.family)
                log.append(.familyRevoked(family: grant.family, reason: .refreshTokenReplayed))
                return Self.tokenError(400, "invalid_grant", "refresh token already used: the grant is revoked")
            }
            grant.usedAt = clock.now
            refreshGrants[token] = grant
            let next = issueRefresh(client: client, subject: grant.subject, scope: grant.scope, family: grant.family)
            return tokenResponse(access: access, refresh: next, scope: grant.scope)
        case .reuse, .sliding:
            return tokenResponse(access: access, refresh: token, scope: grant.scope)
        }
    }

    // MARK: Revocation (RFC 7009) and introspection (RFC 7662)

    /// Revokes a refresh token (and its whole grant) or an access token. Answers 200 even
    /// for a token it does not know (RFC 7009 §2.2): nothing to learn by probing.
    private func revoke(_ request: HTTPRequest) -> HTTPResponse {
        let client: ClientRegistration
        switch authenticateClient(request) {
        case .success(let authenticated): client = authenticated
        case .failure(let failure): return failure.response
        }
        guard let token = request.body?["token"]?.stringValue else { return Self.tokenError(400, "invalid_request", "token is required") }
        if let grant = refreshGrants[token], grant.clientID == client.appID {
            revokeFamily(grant.family)
            log.append(.familyRevoked(family: grant.family, reason: .revokedByClient(client.name)))
        } else if let claims = try? ownVerifier.verifySignature(token).payload, claims["client_id"]?.stringValue == client.appID,
                  let jti = claims["jti"]?.stringValue {
            revokedAccessJTIs.insert(jti)
            log.append(.note(.accessTokenRevoked(jti: String(jti.prefix(8)), client: client.name)))
        }
        var response = HTTPResponse(status: 200)
        response.headers["Cache-Control"] = "no-store"
        return response
    }

    /// Whether a token is active now, as the platform sees it: a revoked, expired or (under
    /// rotation) used refresh token, or a revoked or expired access token, is `active: false`.
    private func introspect(_ request: HTTPRequest) -> HTTPResponse {
        switch authenticateClient(request) {
        case .success: break
        case .failure(let failure): return failure.response
        }
        guard let token = request.body?["token"]?.stringValue else { return Self.tokenError(400, "invalid_request", "token is required") }
        var answer: JSONObject = ["active": false]
        if let grant = refreshGrants[token] {
            if isRefreshTokenActive(token) {
                answer = ["active": true, "token_type": "refresh_token", "client_id": .string(grant.clientID), "sub": .string(grant.subject),
                          "scope": .string(grant.scope.joined(separator: " ")), "exp": .int(grant.expiresAt.seconds), "iss": .string(policy.issuer)]
            }
        } else if let claims = try? ownVerifier.verify(token, at: clock.now, expecting: JWTExpectations(issuer: policy.issuer, tokenType: "access")).payload,
                  let jti = claims["jti"]?.stringValue, !revokedAccessJTIs.contains(jti), !judgedExpiredAccess.contains(jti) {
            answer = ["active": true, "token_type": "access_token"]
            for key in ["client_id", "sub", "scope", "exp", "iat", "iss", "jti"] { answer[key] = claims[key] }
        }
        var response = HTTPResponse.ok(answer)
        response.headers["Cache-Control"] = "no-store"
        return response
    }

    /// In a live world, where the clock follows wall time: every access token issued so far
    /// and still within its `exp` is judged expired from now on (introspection says
    /// inactive). Returns them (jti → exp) for the API to judge the same; empty if none.
    public func judgeAccessTokensExpired() -> [String: Int64] {
        let now = clock.now.seconds
        let live = outstandingAccess.takeLive(now: now)
        judgedExpiredAccess.add(live, now: now)
        return live
    }

    /// An access and a refresh token in a new grant family, and an ID token when the scope
    /// has openid: the answer of a code exchange or a device poll.
    func issueTokens(client: ClientRegistration, subject: String, scope: [String], authTime: Instant, nonce: String?)
        -> (response: HTTPResponse, accessJTI: String, family: String) {
        let family = "ofam-" + random.hex(8)
        let (access, jti) = issueAccess(client: client, subject: subject, scope: scope)
        familyAccess[family, default: []].append(jti)
        let refresh = issueRefresh(client: client, subject: subject, scope: scope, family: family)
        var response = tokenResponse(access: access, refresh: refresh, scope: scope)
        if scope.contains("openid") {
            response.body?["id_token"] = .string(issueIDToken(client: client, subject: subject, authTime: authTime, nonce: nonce, accessToken: access))
        }
        return (response, jti, family)
    }

    private func revokeFamily(_ family: String) {
        revokedFamilies.insert(family)
        for jti in familyAccess[family] ?? [] { revokedAccessJTIs.insert(jti) }
    }

    // MARK: Issuing

    /// A genuine ID token for the same user as `original`, issued to another app (one the
    /// user also signed in to): what a malicious app can forward to this one.
    func idTokenForAnotherApp(like original: String, nonce: String?, accessToken: String, random: inout SeededGenerator) -> String {
        let subject = (try? CompactJWS(parsing: original))?.payload["sub"]?.stringValue ?? ""
        let other = ClientRegistration(appID: "app_" + random.hex(10), secret: "", name: "Other App", redirectURIs: [], scopes: ["openid"], requiresPKCE: true)
        return issueIDToken(client: other, subject: subject, authTime: clock.now, nonce: nonce, accessToken: accessToken)
    }

    /// The attacker's own genuine access token at `client` (he signed in there as bob).
    func accessTokenForAttacker(at client: ClientRegistration) -> String {
        issueAccess(client: client, subject: signIn("bob", at: client.appID), scope: client.scopes, to: .attacker).0
    }

    private func issueAccess(client: ClientRegistration, subject: String, scope: [String], to holder: Party = .appBackend) -> (String, String) {
        let now = clock.now.seconds
        let jti = random.hex(12)
        let exp = clock.now.expiry(after: policy.accessLifetime)
        let claims: JSONObject = [
            "iss": .string(policy.issuer), "sub": .string(subject), "aud": .string(client.appID),
            "scope": .string(scope.joined(separator: " ")), "client_id": .string(client.appID),
            "iat": .int(now), "exp": .int(exp), "jti": .string(jti), "typ": "access",
        ]
        let token = try! JWTSigner.sign(claims, with: signingKey)
        if remembersIssued { outstandingAccess.issued(jti, exp: exp, now: now) }
        log.append(.tokenIssued(.access, jti: jti, exp: Instant(seconds: exp), to: holder))
        return (token, jti)
    }

    /// An OpenID Connect ID token (Core §2): who signed in, for which client, when, with the
    /// app's nonce and `at_hash` binding the access token issued with it (§3.1.3.6: the left
    /// half of the SHA-256 of the token's ASCII, base64url).
    private func issueIDToken(client: ClientRegistration, subject: String, authTime: Instant, nonce: String?, accessToken: String) -> String {
        let now = clock.now.seconds
        var claims: JSONObject = [
            "iss": .string(policy.issuer), "sub": .string(subject), "aud": .string(client.appID),
            "exp": .int(clock.now.expiry(after: policy.accessLifetime)), "iat": .int(now), "auth_time": .int(authTime.seconds),
            "azp": .string(client.appID), "at_hash": .string(Self.atHash(accessToken, algorithm: signingKey.algorithm)), "typ": "id",
            "name": .string(name(ofSubject: subject)),
        ]
        if let nonce { claims["nonce"] = .string(nonce) }
        log.append(.note(.idTokenIssued(client: client.name, algorithm: signingKey.algorithm.rawValue, nonceEchoed: nonce != nil)))
        return try! JWTSigner.sign(claims, with: signingKey)
    }

    /// `at_hash` (Core §3.1.3.6): base64url of the left half of the hash the ID token's
    /// algorithm uses — SHA-256 (16 bytes) for RS256 and ES256; for EdDSA, SHA-512 (32
    /// bytes), as implementations agreed (a known interop trap).
    public static func atHash(_ accessToken: String, algorithm: JWTAlgorithm) -> String {
        let bytes = Array(accessToken.utf8)
        if algorithm == .edDSA { return Base64URL.encode(Array(SHA512.hash(data: bytes)).prefix(32)) }
        return Base64URL.encode(Array(SHA256.hash(data: bytes)).prefix(16))
    }

    private func issueRefresh(client: ClientRegistration, subject: String, scope: [String], family: String) -> String {
        let token = "rt_" + random.hex(32)
        let expiresAt = clock.now + policy.refreshLifetime
        refreshGrants[token] = OAuthRefreshGrant(clientID: client.appID, subject: subject, scope: scope, family: family, expiresAt: expiresAt)
        log.append(.tokenIssued(.refresh, jti: String(token.prefix(11)), exp: expiresAt, to: .appBackend))
        return token
    }

    private func tokenResponse(access: String, refresh: String, scope: [String]) -> HTTPResponse {
        var response = HTTPResponse.ok([
            "access_token": .string(access), "token_type": "Bearer", "expires_in": .int(clock.now.expiry(after: policy.accessLifetime) - clock.now.seconds),
            "refresh_token": .string(refresh), "scope": .string(scope.joined(separator: " ")),
        ])
        response.headers["Cache-Control"] = "no-store"
        return response
    }

    static func tokenError(_ status: Int, _ code: String, _ description: String) -> HTTPResponse {
        var response = HTTPResponse.error(status, code, description)
        if status == 401 { response.headers["WWW-Authenticate"] = "Basic realm=\"platform\"" }
        response.headers["Cache-Control"] = "no-store"
        return response
    }

    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// Whether a refresh token is still usable (for displays).
    public func isRefreshTokenActive(_ token: String) -> Bool {
        guard let grant = refreshGrants[token] else { return false }
        return !revokedFamilies.contains(grant.family) && clock.now < grant.expiresAt
            && !(policy.refreshPolicy == .rotate && grant.usedAt != nil)
    }

    public func refreshTokenExpiry(_ token: String) -> Instant? { refreshGrants[token]?.expiresAt }
}
