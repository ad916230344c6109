import AuthEngine

/// `/app/`: a third-party web app a class can use with nothing but a browser. It is the
/// public demo client: it sends the browser to the platform with `state` and a PKCE
/// challenge, and on the callback checks `state`, exchanges the code, calls the API and
/// shows the tokens decoded.
extension LiveGateway {
    static let demoApp = Party("live demo app")

    func demoApp(_ request: LiveRequest, path: String) -> LiveResponse {
        ensureDemoClients()
        switch (request.method, path) {
        case ("GET", "/app"), ("GET", "/app/"): return Self.html(200, demoHome())
        case ("GET", "/app/start"): return demoStart()
        case ("GET", "/app/callback"): return demoCallback(request)
        default: return Self.html(404, LivePages.error("Not found", "The demo app has /app/, /app/start and /app/callback."))
        }
    }

    private var demoRedirect: String { baseURL + "/app/callback" }

    private func demoHome() -> String {
        LivePages.page("AuthTUI demo app", """
        <h1>Analytics — a demo third-party app</h1>
        <p>This app wants to read your profile and orders on the platform. It never sees your password:
        the platform asks you, then sends your browser back here with a one-time code.</p>
        <p><a class="button primary" id="start" href="/app/start">Sign in with the platform</a></p>
        <p class="muted">Client <code>\(LivePages.escape(Self.publicClientID))</code> (public: no secret, PKCE).
        Watch each message in the playground's log, and press <code>x</code> there or run <code>expire …</code> to see tokens fail.</p>
        """)
    }

    private func demoStart() -> LiveResponse {
        let state = Self.randomToken(&random, bytes: 16)
        let verifier = Self.randomToken(&random, bytes: 32)
        let nonce = Self.randomToken(&random, bytes: 16)
        demoSessions[state] = (verifier, nonce)
        if demoSessions.count > 1000 { demoSessions.removeAll() } // abandoned attempts
        let query = URLQuery.encode([("response_type", "code"), ("client_id", Self.publicClientID), ("redirect_uri", demoRedirect),
                                     ("scope", Self.demoScopes.joined(separator: " ")), ("state", state),
                                     ("code_challenge", PKCE.challenge(for: verifier)), ("code_challenge_method", "S256"), ("nonce", nonce)])
        return LiveResponse(status: 302, headers: [("Location", "/oauth/authorize?" + query), ("Cache-Control", "no-store")])
    }

    private func demoCallback(_ request: LiveRequest) -> LiveResponse {
        let query = URLQuery.split(request.target)?.query ?? []
        // The state first, for an error too: an answer this session never asked for is not
        // shown as the platform's (RFC 6749 §4.1.2.1 returns the state with the error).
        guard let state = query.value("state"), let session = demoSessions.removeValue(forKey: state) else {
            return Self.html(403, LivePages.error("Refused: state does not match", "This callback carries a state this browser's session never sent (CSRF, or a replayed link). The app stops here."))
        }
        if let error = query.value("error") {
            return Self.html(200, LivePages.page("Not connected", "<h1>Not connected</h1><p>The platform answered <code>\(LivePages.escape(error))</code>: \(LivePages.escape(query.value("error_description") ?? "")).</p><p><a href=\"/app/\">Try again</a></p>"))
        }
        guard let code = query.value("code") else {
            return Self.html(400, LivePages.error("No code", "The callback carries neither a code nor an error."))
        }
        let sim = world
        let form: JSONObject = ["grant_type": "authorization_code", "client_id": .string(Self.publicClientID), "code": .string(code),
                                "redirect_uri": .string(demoRedirect), "code_verifier": .string(session.verifier)]
        let exchange = sim.network.deliver(HTTPRequest(method: "POST", path: "/oauth/token", headers: HTTPHeaders([("Content-Type", "application/x-www-form-urlencoded")]),
                                                       body: form),
                                           from: Self.demoApp, to: .platform)
        noteOAuthClient(HTTPRequest(method: "POST", path: "/oauth/token", body: form), exchange, peer: "demo app")
        guard exchange.status == 200, let access = exchange.body?["access_token"]?.stringValue else {
            return Self.html(exchange.status, LivePages.error("The code exchange failed", "\(exchange.status) \(exchange.errorCode ?? ""): \(exchange.body?["error_description"]?.stringValue ?? "")"))
        }
        let profile = sim.network.deliver(HTTPRequest(method: "GET", path: "/api/profile", headers: HTTPHeaders([("Authorization", "Bearer " + access)])),
                                          from: Self.demoApp, to: .platformAPI)
        let decoded = (try? CompactJWS(parsing: access)).map { TokenDescription.lines(for: $0, now: sim.clock.now).joined(separator: "\n") } ?? "(not a JWT)"
        let name = profile.body?["name"]?.stringValue ?? "?"
        let checklist = exchange.body?["id_token"]?.stringValue.map { idTokenChecklist($0, accessToken: access, nonce: session.nonce) } ?? "<p>No ID token (the scope had no openid).</p>"
        return Self.html(200, LivePages.page("Connected", """
        <h1 id="connected">Connected as \(LivePages.escape(name))</h1>
        <p>The back end exchanged the code (with the PKCE verifier) for tokens and called <code>GET /api/profile</code>:
        <code>\(profile.status)</code>.</p>
        <h2>ID token: the app's checks (OpenID Connect Core §3.1.3.7)</h2>
        \(checklist)
        <h2>Access token, decoded</h2>
        <pre id="access-token">\(LivePages.escape(decoded))</pre>
        <h2>Refresh token</h2>
        <pre>\(LivePages.escape(exchange.body?["refresh_token"]?.stringValue ?? "(none)"))</pre>
        <p><a href="/app/">Start again</a></p>
        """))
    }

    /// Each rule the app applies to the ID token (OpenID Connect Core §3.1.3.7), passed or
    /// failed, as a list. The key comes from the platform's JWKS, as a real app's would.
    func idTokenChecklist(_ idToken: String, accessToken: String, nonce: String) -> String {
        let platform = world.oauth.authorizationServer
        let kid = (try? CompactJWS(parsing: idToken))?.keyID
        let published = platform.keyRing.published.map(\.key)
        let key: Result<SigningKey, JWKSCache.Miss> = published.first { $0.id == kid }.map { .success($0) }
            ?? .failure(.unknownKID(kid, fetchedAt: world.clock.now, retryIn: nil))
        let checks = IDTokenValidation.checks(idToken, key: key, expected: .init(
            issuer: platform.policy.issuer, clientID: Self.publicClientID, nonce: nonce, accessToken: accessToken, now: world.clock.now))
        let items = checks.map { "<li id=\"check-\($0.passed ? "ok" : "failed")\">\($0.passed ? "✓" : "✗") \(LivePages.escape($0.rule)): \(LivePages.escape($0.detail))</li>" }.joined()
        return "<ul id=\"id-token-checks\">\(items)</ul>"
    }

    static func randomToken(_ random: inout SystemRandomNumberGenerator, bytes: Int) -> String {
        Base64URL.encode((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &random) })
    }
}
