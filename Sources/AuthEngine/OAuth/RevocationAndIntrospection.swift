/// What a token's holder or the resource server asks about a token after it was issued:
/// revoke it (RFC 7009), is it active (RFC 7662), and the live world's expiry lever.
extension AuthorizationServer {
    /// Revokes a refresh token (and its whole grant) or an access token. Answers 200 even
    /// for a token it does not know (RFC 7009 §2.2): nothing to learn by probing.
    func revoke(_ request: HTTPRequest) -> HTTPResponse {
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
    func introspect(_ request: HTTPRequest) -> HTTPResponse {
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

    func revokeFamily(_ family: String) {
        revokedFamilies.insert(family)
        for jti in familyAccess[family] ?? [] { revokedAccessJTIs.insert(jti) }
    }
}
