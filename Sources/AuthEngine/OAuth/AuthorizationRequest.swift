/// Interactions 1 and 2 (RFC 6749 §4.1.1–§4.1.2): the app sends the browser to the
/// platform, the user consents, the browser comes back to the registered callback with a code.
extension AuthorizationServer {
    func authorize(_ query: [(String, String)]) -> HTTPResponse {
        // Errors about the client or its redirect URI are shown to the user, never redirected:
        // redirecting would hand the answer to an address the platform cannot trust.
        // RFC 6749 §3.1: no parameter more than once (which client_id would be meant?).
        if let repeated = query.repeatedName {
            return .refused(400, "invalid_request", .repeatedParameter(repeated))
        }
        guard let clientID = query.value("client_id"), let client = clients[clientID] else {
            return .refused(400, "invalid_client", .unknownClient)
        }
        guard let redirect = query.value("redirect_uri"), client.allowsRedirect(redirect) else {
            return .refused(400, "invalid_request", .unregisteredRedirect(uri: query.value("redirect_uri"), client: client.name))
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

    func consent(_ form: JSONObject) -> HTTPResponse {
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
}
