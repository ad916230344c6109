import AuthEngine

/// `/app/`: a third-party web app a class can use with nothing but a browser. It is the
/// public demo client: it sends the browser to the platform with `state` and a PKCE
/// challenge, and on the callback checks `state`, exchanges the code, calls the API and
/// shows the tokens decoded.
extension LiveGateway {
    static let demoApp = Party("live demo app")

    func demoApp(_ request: LiveRequest, path: String) -> LiveResponse {
        ensureDemoClients()
        let l = language(of: request)
        switch (request.method, path) {
        case ("GET", "/app"), ("GET", "/app/"): return Self.html(200, demoHome(l))
        case ("GET", "/app/start"): return demoStart()
        case ("GET", "/app/callback"): return demoCallback(request, l)
        default: return Self.html(404, LivePages.error(l("Not found", "找不到页面"), l("The demo app has /app/, /app/start and /app/callback.", "演示应用只有 /app/、/app/start 和 /app/callback。"), l))
        }
    }

    private var demoRedirect: String { baseURL + "/app/callback" }

    private func demoHome(_ l: PageLanguage) -> String {
        let client = "<code>\(LivePages.escape(Self.publicClientID))</code>"
        return LivePages.page(l("AuthTUI demo app", "AuthTUI 演示应用"), """
        <h1>\(l("Analytics — a demo third-party app", "Analytics——一个演示用的\(l.term(.app))"))</h1>
        <p>\(l("This app wants to read your profile and orders on the platform. It never sees your password: the platform asks you, then sends your browser back here with a one-time code.",
               "这个应用想读取你在\(l.term(.platform))上的资料和订单。它永远看不到你的密码：由\(l.term(.platform))来问你，然后带着一次性的\(l.term(.authorizationCode))把浏览器送回这里。"))</p>
        <p><a class="button primary" id="start" href="/app/start">\(l("Sign in with the platform", "用\(l.term(.platform))账号登录"))</a></p>
        <p class="muted">\(l("Client \(client) (public: no secret, PKCE). Watch each message in the playground's log, and press <code>x</code> there or run <code>expire …</code> to see tokens fail.",
                             "\(l.term(.client)) \(client)（公开\(l.term(.client))：没有密钥，用 PKCE）。在演练场的\(l.term(.log))里看每一条消息；在那里按 <code>x</code> 或执行 <code>expire …</code>，看\(l.term(.token))失效。"))</p>
        """, l)
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

    private func demoCallback(_ request: LiveRequest, _ l: PageLanguage) -> LiveResponse {
        let query = URLQuery.split(request.target)?.query ?? []
        // The state first, for an error too: an answer this session never asked for is not
        // shown as the platform's (RFC 6749 §4.1.2.1 returns the state with the error).
        guard let state = query.value("state"), let session = demoSessions.removeValue(forKey: state) else {
            return Self.html(403, LivePages.error(l("Refused: state does not match", "已拒绝：state 不匹配"),
                                                  l("This callback carries a state this browser's session never sent (CSRF, or a replayed link). The app stops here.",
                                                    "这个回调带的 state 不是这个浏览器的\(l.term(.session))发出的（CSRF，或被重放的链接）。应用到此为止。"), l))
        }
        if let error = query.value("error") {
            let answered = "<code>\(LivePages.escape(error))</code>", why = LivePages.escape(query.value("error_description") ?? "")
            return Self.html(200, LivePages.page(l("Not connected", "未连接"), "<h1>\(l("Not connected", "未连接"))</h1><p>\(l("The platform answered \(answered): \(why).", "\(l.term(.platform))的回答是 \(answered)：\(why)。"))</p><p><a href=\"/app/\">\(l("Try again", "重试"))</a></p>", l))
        }
        guard let code = query.value("code") else {
            return Self.html(400, LivePages.error(l("No code", "没有\(l.term(.authorizationCode))"), l("The callback carries neither a code nor an error.", "回调里既没有\(l.term(.authorizationCode))，也没有错误。"), l))
        }
        let sim = world
        let form: JSONObject = ["grant_type": "authorization_code", "client_id": .string(Self.publicClientID), "code": .string(code),
                                "redirect_uri": .string(demoRedirect), "code_verifier": .string(session.verifier)]
        let exchange = sim.network.deliver(HTTPRequest(method: "POST", path: "/oauth/token", headers: HTTPHeaders([("Content-Type", "application/x-www-form-urlencoded")]),
                                                       body: form),
                                           from: Self.demoApp, to: .platform)
        noteOAuthClient(HTTPRequest(method: "POST", path: "/oauth/token", body: form), exchange, peer: "demo app")
        guard exchange.status == 200, let access = exchange.body?["access_token"]?.stringValue else {
            return Self.html(exchange.status, LivePages.error(l("The code exchange failed", "用\(l.term(.authorizationCode))换取\(l.term(.token))失败"), "\(exchange.status) \(exchange.errorCode ?? ""): \(exchange.body?["error_description"]?.stringValue ?? "")", l))
        }
        let profile = sim.network.deliver(HTTPRequest(method: "GET", path: "/api/profile", headers: HTTPHeaders([("Authorization", "Bearer " + access)])),
                                          from: Self.demoApp, to: .platformAPI)
        let decoded = (try? CompactJWS(parsing: access)).map { TokenDescription.lines(for: $0, now: sim.clock.now).joined(separator: "\n") } ?? "(not a JWT)"
        let name = profile.body?["name"]?.stringValue ?? "?"
        let checklist = exchange.body?["id_token"]?.stringValue.map { idTokenChecklist($0, accessToken: access, nonce: session.nonce, l) }
            ?? "<p>\(l("No ID token (the scope had no openid).", "没有 \(l.term(.idToken))（scope 里没有 openid）。"))</p>"
        let call = "<code>GET /api/profile</code>: <code>\(profile.status)</code>"
        return Self.html(200, LivePages.page(l("Connected", "已连接"), """
        <h1 id="connected">\(l("Connected as \(LivePages.escape(name))", "已以 \(LivePages.escape(name)) 的身份连接"))</h1>
        <p>\(l("The back end exchanged the code (with the PKCE verifier) for tokens and called \(call).",
               "后端用\(l.term(.authorizationCode))（和 PKCE verifier）换到了\(l.term(.token))，并调用了 \(call)。"))</p>
        <h2>\(l("ID token: the app's checks (OpenID Connect Core §3.1.3.7)", "\(l.term(.idToken))：\(l.term(.app))的检查（OpenID Connect Core §3.1.3.7）"))</h2>
        \(checklist)
        <h2>\(l("Access token, decoded", "\(l.term(.accessToken))（解码后）"))</h2>
        <pre id="access-token">\(LivePages.escape(decoded))</pre>
        <h2>\(l("Refresh token", l.term(.refreshToken)))</h2>
        <pre>\(LivePages.escape(exchange.body?["refresh_token"]?.stringValue ?? l("(none)", "（无）")))</pre>
        <p><a href="/app/">\(l("Start again", "重新开始"))</a></p>
        """, l))
    }

    /// Each rule the app applies to the ID token (OpenID Connect Core §3.1.3.7), passed or
    /// failed, as a list. The key comes from the platform's JWKS, as a real app's would.
    func idTokenChecklist(_ idToken: String, accessToken: String, nonce: String, _ l: PageLanguage) -> String {
        let platform = world.oauth.authorizationServer
        let kid = (try? CompactJWS(parsing: idToken))?.keyID
        let published = platform.keyRing.published.map(\.key)
        let key: Result<SigningKey, JWKSCache.Miss> = published.first { $0.id == kid }.map { .success($0) }
            ?? .failure(.unknownKID(kid, fetchedAt: world.clock.now, retryIn: nil))
        let checks = IDTokenValidation.checks(idToken, key: key, expected: .init(
            issuer: platform.policy.issuer, clientID: Self.publicClientID, nonce: nonce, accessToken: accessToken, now: world.clock.now))
        let items = checks.map { check in
            "<li id=\"check-\(check.passed ? "ok" : "failed")\">\(check.passed ? "✓" : "✗") \(LivePages.escape(check.rule))\(l(": ", "："))"
                + "\(LivePages.escape(l(check.detail, check.detailInChinese)))</li>"
        }
        return "<ul id=\"id-token-checks\">\(items.joined())</ul>"
    }

    static func randomToken(_ random: inout SystemRandomNumberGenerator, bytes: Int) -> String {
        Base64URL.encode((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &random) })
    }
}
