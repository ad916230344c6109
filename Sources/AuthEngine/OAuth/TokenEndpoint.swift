/// Interaction 3 (RFC 6749 §4.1.3, §6; RFC 7636): the client authenticates and exchanges
/// a code, or a refresh token, for tokens.
extension AuthorizationServer {
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

    func token(_ request: HTTPRequest) -> HTTPResponse {
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

    func exchange(_ form: JSONObject, _ client: ClientRegistration) -> HTTPResponse {
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

    func refresh(_ form: JSONObject, _ client: ClientRegistration) -> HTTPResponse {
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
}
