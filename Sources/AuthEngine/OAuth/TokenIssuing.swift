import Crypto

/// Minting the platform's tokens: access tokens, refresh tokens in grant families,
/// ID tokens (OpenID Connect Core §2, with `at_hash`), and the answers that carry them.
extension AuthorizationServer {
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

    func issueAccess(client: ClientRegistration, subject: String, scope: [String], to holder: Party = .appBackend) -> (String, String) {
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
    func issueIDToken(client: ClientRegistration, subject: String, authTime: Instant, nonce: String?, accessToken: String) -> String {
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

    func issueRefresh(client: ClientRegistration, subject: String, scope: [String], family: String) -> String {
        let token = "rt_" + random.hex(32)
        let expiresAt = clock.now + policy.refreshLifetime
        refreshGrants[token] = OAuthRefreshGrant(clientID: client.appID, subject: subject, scope: scope, family: family, expiresAt: expiresAt)
        log.append(.tokenIssued(.refresh, jti: String(token.prefix(11)), exp: expiresAt, to: .appBackend))
        return token
    }

    func tokenResponse(access: String, refresh: String, scope: [String]) -> HTTPResponse {
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
