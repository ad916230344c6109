import AuthEngine

/// A client registered from the command line (`--client`).
public struct LiveClientRegistration: Sendable, Equatable {
    public let id: String
    /// nil: a public client (PKCE).
    public let secret: String?
    public let redirect: String
    public init(id: String, secret: String?, redirect: String) { self.id = id; self.secret = secret; self.redirect = redirect }
}

/// The OAuth platform over real HTTP: the engine's authorization server and API behind
/// the paths real clients use, its consent page as HTML for browsers, its metadata
/// (RFC 8414), and two documented clients.
extension LiveGateway {
    /// A public client (a browser or mobile app, a CLI): no secret, PKCE required.
    public static let publicClientID = "authtui-demo"
    /// A confidential client (a back end): `client_secret_basic` or `client_secret_post`.
    public static let confidentialClientID = "authtui-backend"
    public static let confidentialClientSecret = "authtui-backend-secret"
    static let demoScopes = ["openid", "profile", "orders"]

    /// Redirect URIs the documented clients may use: the demo app's callback, and a native
    /// app's loopback listener on any port (RFC 8252 §7.3).
    var demoRedirectURIs: [String] {
        [baseURL + "/app/callback", "http://127.0.0.1/callback", "http://[::1]/callback"]
    }

    /// The documented clients exist in every OAuth world (after a reset too).
    func ensureDemoClients() {
        let server = world.oauth.authorizationServer
        // The issuer is this server's URL, as its metadata says (RFC 8414 §3.3).
        if server.policy.issuer != baseURL { server.policy.issuer = baseURL }
        guard server.clients[Self.publicClientID] == nil else { return }
        server.register(name: "AuthTUI demo app (public)", redirectURIs: demoRedirectURIs, scopes: Self.demoScopes, requiresPKCE: true,
                        isPublic: true, appID: Self.publicClientID)
        server.register(name: "AuthTUI demo back end (confidential)", redirectURIs: demoRedirectURIs, scopes: Self.demoScopes, requiresPKCE: false,
                        appID: Self.confidentialClientID, secret: Self.confidentialClientSecret)
        for client in extraClients {
            server.register(name: client.id, redirectURIs: [client.redirect], scopes: Self.demoScopes, requiresPKCE: client.secret == nil,
                            isPublic: client.secret == nil, appID: client.id, secret: client.secret)
        }
    }

    func platform(_ request: LiveRequest, path: String) -> LiveResponse {
        ensureDemoClients()
        if path.hasPrefix("/platform/api/") {
            var forwarded = request
            forwarded.target = String(request.target.dropFirst("/platform".count))
            return deliver(forwarded, to: .platformAPI)
        }
        let answer = deliver(request, to: .platform)
        // A wrong method is a program's mistake, not a page to show: the 405 and its `Allow`.
        if answer.status == 405 { return answer }
        let l = language(of: request)
        if path == "/device", wantsHTML(request) { return devicePage(request, answer, l) }
        guard request.method == "GET", path == "/oauth/authorize", wantsHTML(request) else { return answer }
        // A browser gets pages, not JSON.
        guard let body = try? JSONParser.parse(bytes: answer.body).objectValue else { return answer }
        if answer.status == 200, let ticket = body["consent_ticket"]?.stringValue {
            let page = LivePages.consent(ticket: ticket, app: body["app"]?.stringValue ?? "An app",
                                         scopes: body["scopes"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                                         accounts: AuthorizationServer.accounts, l)
            return Self.html(200, page)
        }
        if answer.status >= 400 {
            return Self.html(answer.status, LivePages.refused(l("The platform refused this request", "\(l.term(.platform))拒绝了这个请求"), answer, l))
        }
        return answer
    }

    /// The device verification page in a browser: the code form, the approval form, or
    /// what came of the answer.
    func devicePage(_ request: LiveRequest, _ answer: LiveResponse, _ l: PageLanguage) -> LiveResponse {
        guard let body = try? JSONParser.parse(bytes: answer.body).objectValue else { return answer }
        if answer.status >= 400 {
            return Self.html(answer.status, LivePages.refused(l("That code does not work", "这个码无效"), answer, l))
        }
        if request.method == "POST" {
            let approved = body["result"]?.stringValue?.hasPrefix("approved") == true
            let done = approved ? l("Approved: the device gets its tokens at its next poll", "已批准：设备下次轮询时拿到\(l.term(.token))")
                                : l("Denied: the device is told at its next poll", "已拒绝：设备下次轮询时得知")
            return Self.html(200, LivePages.page(l("Done", "完成"), "<h1 id=\"done\">\(LivePages.escape(done))</h1><p>\(l("You can close this page; the device carries on.", "可以关闭这个页面了；设备会继续。"))</p>", l))
        }
        return Self.html(200, LivePages.device(userCode: body["user_code"]?.stringValue ?? "", app: body["app"]?.stringValue,
                                               scopes: body["scopes"]?.arrayValue?.compactMap(\.stringValue) ?? [], accounts: AuthorizationServer.accounts, l))
    }

    func wantsHTML(_ request: LiveRequest) -> Bool {
        let accept = request.header("Accept") ?? ""
        return !accept.contains("application/json")
    }

    /// RFC 8414 authorization-server metadata, with this server's own URLs.
    func metadataObject() -> JSONObject {
        ensureDemoClients()
        let base = baseURL
        let methods: JSONValue = ["client_secret_basic", "client_secret_post", "none"]
        return [
            "issuer": .string(world.oauth.authorizationServer.policy.issuer),
            "authorization_endpoint": .string(base + "/oauth/authorize"),
            "token_endpoint": .string(base + "/oauth/token"),
            "revocation_endpoint": .string(base + "/oauth/revoke"),
            "introspection_endpoint": .string(base + "/oauth/introspect"),
            "jwks_uri": .string(base + "/oauth/jwks"),
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code", "refresh_token", "urn:ietf:params:oauth:grant-type:device_code"],
            "device_authorization_endpoint": .string(base + "/oauth/device_authorization"),
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": methods,
            "revocation_endpoint_auth_methods_supported": methods,
            "introspection_endpoint_auth_methods_supported": methods,
            "scopes_supported": .array(Self.demoScopes.map { .string($0) }),
        ]
    }

    func metadata() -> LiveResponse { Self.json(200, metadataObject()) }

    /// OpenID Connect Discovery 1.0 §3: the same metadata, plus what OpenID Connect adds.
    func openIDConfiguration() -> LiveResponse {
        var configuration = metadataObject()
        configuration["userinfo_endpoint"] = .string(baseURL + "/platform/api/userinfo")
        configuration["subject_types_supported"] = ["pairwise"]
        // What it signs with now, and RS256, which OpenID Connect requires it to offer.
        let now = world.oauth.authorizationServer.policy.algorithm.rawValue
        configuration["id_token_signing_alg_values_supported"] = .array((now == "RS256" ? [now] : [now, "RS256"]).map { .string($0) })
        configuration["claims_supported"] = ["iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "azp", "at_hash", "name"]
        return Self.json(200, configuration)
    }

    static func html(_ status: Int, _ page: String) -> LiveResponse {
        // Vary: the page's words follow Accept-Language.
        LiveResponse(status: status, headers: [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store"), ("Vary", "Accept-Language")],
                     body: Array(page.utf8))
    }

    /// The language a browser's page is written in: its Accept-Language's, else the playground's.
    func language(of request: LiveRequest) -> PageLanguage {
        .preferred(request.header("Accept-Language"), fallback: pageLanguage)
    }
}
