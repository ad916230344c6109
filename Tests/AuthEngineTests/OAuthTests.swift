import Testing
@testable import AuthEngine

/// Drives the OAuth flow step by step and waits for each answer.
struct OAuthDriver {
    init(pkce: Bool = true, scopes: [String] = ["profile", "orders"], redirect: String = "https://analytics.example/callback",
         configure: (inout SimulationConfig) -> Void = { _ in }) {
        var config = SimulationConfig()
        configure(&config)
        sim0 = Simulation(config: config)
        sim0.oauth.register(name: "Analytics", redirectURIs: [redirect], scopes: scopes, pkce: pkce)
    }

    private let sim0: Simulation
    var world: Simulation { sim0 }
    var oauth: OAuthFlow { sim0.oauth }

    func wait(_ start: (@escaping (HTTPResponse) -> Void) -> Void) -> HTTPResponse {
        var result: HTTPResponse?
        start { result = $0 }
        sim0.run(until: { result != nil })
        return result!
    }

    func authorize(redirect: String? = nil, scope: [String]? = nil, state: String? = nil) -> HTTPResponse {
        wait { oauth.authorize(redirect: redirect, scope: scope, state: state, completion: $0) }
    }

    func consent(_ approve: Bool = true) -> HTTPResponse {
        wait { done in _ = oauth.consent(approve: approve, completion: done) }
    }

    func exchange(code: OAuthFlow.Credential = .last, secret: OAuthFlow.Credential = .last, redirect: String? = nil,
                  verifier: OAuthFlow.Credential = .last) -> HTTPResponse {
        wait { oauth.exchange(code: code, secret: secret, redirect: redirect, verifier: verifier, completion: $0) }
    }

    func call(_ path: String = "/api/profile") -> HTTPResponse { wait { oauth.call(method: "GET", path: path, completion: $0) } }
    func refresh() -> HTTPResponse { wait { oauth.refresh(completion: $0) } }

    /// Interactions 1 to 3 in order.
    @discardableResult
    func happyPath() -> HTTPResponse {
        _ = authorize()
        _ = consent()
        return exchange()
    }
}

@Suite struct OAuthTests {
    @Test func pkceMatchesRFC7636AppendixB() {
        #expect(PKCE.challenge(for: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        #expect(PKCE.isWellFormed("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
        #expect(!PKCE.isWellFormed("short"))
        #expect(!PKCE.isWellFormed(String(repeating: "a", count: 42) + "!"))
        var random = SeededGenerator(seed: 1)
        #expect(PKCE.isWellFormed(PKCE.makeVerifier(using: &random)))
    }

    @Test func queriesRoundTrip() {
        let encoded = URLQuery.encode([("redirect_uri", "https://a.example/cb?x=1"), ("scope", "profile orders"), ("name", "李雷")])
        #expect(encoded == "redirect_uri=https%3A%2F%2Fa.example%2Fcb%3Fx%3D1&scope=profile%20orders&name=%E6%9D%8E%E9%9B%B7")
        let decoded = URLQuery.decode(encoded)!
        #expect(decoded.value("redirect_uri") == "https://a.example/cb?x=1")
        #expect(decoded.value("scope") == "profile orders")
        #expect(decoded.value("name") == "李雷")
        #expect(URLQuery.decode("a=%ZZ") == nil)
        #expect(URLQuery.decode("a=1+2")?.value("a") == "1 2")
    }

    @Test func aRouteIsThePathBeforeQueryAndFragmentEvenWhenTheQueryIsMalformed() {
        #expect(URLQuery.path(of: "/oauth/authorize?client_id=a&x=%ZZ") == "/oauth/authorize")
        #expect(URLQuery.path(of: "/app/#done?no") == "/app/")
        #expect(URLQuery.path(of: "/api/profile") == "/api/profile")
        #expect(URLQuery.path(of: "?only=query") == "")
    }

    @Test func happyPathWithPKCE() throws {
        let d = OAuthDriver()
        let page = d.authorize()
        #expect(page.status == 200)
        #expect(page.body?["page"] == "consent")
        #expect(page.body?["scopes"] == ["profile", "orders"])
        let callback = d.consent()
        #expect(callback.status == 200)
        #expect(d.oauth.app.lastCode != nil)
        let token = d.exchange()
        #expect(token.status == 200)
        #expect(token.body?["token_type"] == "Bearer")
        #expect(token.body?["expires_in"] == 600)
        #expect(token.body?["scope"] == "profile orders")
        #expect(token.headers["Cache-Control"] == "no-store")
        let claims = try #require(d.oauth.app.accessToken?.claims)
        #expect(claims["aud"]?.stringValue == d.oauth.app.registration?.appID)
        #expect(claims["sub"]?.stringValue?.hasPrefix("o_") == true)
        #expect(claims["scope"] == "profile orders")
        #expect(claims["exp"]!.intValue! - claims["iat"]!.intValue! == 600)
        #expect(d.call().status == 200)
        #expect(d.call("/api/orders").status == 200)
        // The token never reaches the browser: no message to it carries one.
        for entry in d.world.log.entries {
            if case .response(_, _, let to, _, _, let response) = entry.event, to == .browser {
                #expect(response.body?["access_token"] == nil)
                #expect(!(response.headers["Location"] ?? "").contains("access_token"))
            }
        }
    }

    @Test func theStepsHappenAsMessagesBetweenTheParties() {
        let d = OAuthDriver()
        d.happyPath()
        let hops = d.world.log.entries.compactMap { entry -> String? in
            if case .request(_, let from, let to, let r) = entry.event {
                return "\(from)→\(to) \(r.method) \(URLQuery.split(r.path)?.base ?? r.path)"
            }
            return nil
        }
        #expect(hops == [
            "browser→app GET /connect", "browser→platform GET /oauth/authorize",
            "browser→platform POST /oauth/consent", "browser→app GET /callback",
            "app-backend→platform POST /oauth/token",
        ])
    }

    @Test func redirectMismatchShowsAnErrorAndDoesNotRedirect() {
        let d = OAuthDriver()
        let page = d.authorize(redirect: "https://evil.example/steal")
        #expect(page.status == 400)
        #expect(page.errorCode == "invalid_request")
        #expect(page.headers["Location"] == nil)
        #expect(d.oauth.lastError == "invalid_request")
        #expect(!d.world.log.entries.contains { if case .request(_, _, let to, _) = $0.event { return to.name == "evil.example" }; return false })
        // Nor is a prefix or a sub-path of a registered URI good enough: exact match.
        #expect(d.authorize(redirect: "https://analytics.example/callback/../evil").status == 400)
        #expect(d.authorize(redirect: "https://analytics.example/callback?x=1").status == 400)
    }

    @Test func scopeBeyondTheRegistrationIsRedirectedAsInvalidScope() {
        let d = OAuthDriver()
        let result = d.authorize(scope: ["profile", "payments"])
        #expect(result.status == 400) // the app's callback page reporting the error
        #expect(d.oauth.lastError == "invalid_scope")
    }

    @Test func denyRedirectsWithAccessDenied() {
        let d = OAuthDriver()
        _ = d.authorize()
        let callback = d.consent(false)
        #expect(callback.errorCode == "access_denied")
        #expect(d.oauth.lastError == "access_denied")
        #expect(d.oauth.app.lastCode == nil)
    }

    @Test func theAppReceivesTheRedirectOnThePathItRegistered() {
        let d = OAuthDriver(redirect: "https://shop.example/oauth/return")
        _ = d.authorize()
        let callback = d.consent()
        #expect(callback.status == 200)
        #expect(d.world.log.entries.contains { LogFormatter.line($0).contains("browser → app  GET /oauth/return?code=") })
        #expect(d.exchange().status == 200)
        #expect(d.call().status == 200)
        // Another path at the app's origin is not its callback.
        #expect(d.oauth.app.handle(HTTPRequest(method: "GET", path: "/callback?code=x&state=y"), startURL: { nil }).status == 404)
    }

    /// The authorization request as a real client may send it: without `scope` (RFC 6749
    /// §3.3 lets the server default it), or with a parameter twice (§3.1 forbids it).
    @Test func anOmittedScopeDefaultsToTheRegisteredOnesAndARepeatedParameterIsRefused() throws {
        let d = OAuthDriver(scopes: ["openid", "profile", "orders"])
        let app = try #require(d.oauth.app.registration)
        let challenge = PKCE.challenge(for: String(repeating: "v", count: 43))
        func authorize(_ extra: [(String, String)]) -> HTTPResponse {
            let query = [("response_type", "code"), ("client_id", app.appID), ("redirect_uri", app.redirectURIs[0]), ("state", "s"),
                         ("code_challenge", challenge), ("code_challenge_method", "S256")] + extra
            return d.oauth.authorizationServer.handle(HTTPRequest(method: "GET", path: "/oauth/authorize?" + URLQuery.encode(query)), from: .browser)
        }
        let defaulted = authorize([])
        #expect(defaulted.status == 200)
        #expect(defaulted.body?["scopes"] == .array(["profile", "orders"]))
        #expect(authorize([("scope", "openid")]).body?["scopes"] == .array(["openid"]))
        let twice = authorize([("client_id", "someone_else")])
        #expect(twice.status == 400 && twice.headers["Location"] == nil)
        #expect(twice.body?["error_description"]?.stringValue?.hasPrefix("client_id is given more than once") == true)
        // Only openid registered: nothing to default to, and the redirect says what to ask for.
        let onlyOpenID = OAuthDriver(scopes: ["openid"])
        let id = try #require(onlyOpenID.oauth.app.registration)
        let query = URLQuery.encode([("response_type", "code"), ("client_id", id.appID), ("redirect_uri", id.redirectURIs[0]), ("state", "s"),
                                     ("code_challenge", challenge), ("code_challenge_method", "S256")])
        let refused = onlyOpenID.oauth.authorizationServer.handle(HTTPRequest(method: "GET", path: "/oauth/authorize?" + query), from: .browser)
        #expect(refused.status == 302 && refused.headers["Location"]?.contains("error=invalid_scope") == true)
    }

    /// `oauth expire`: a jump past the app's access token's exp; the API refuses it and a
    /// refresh renews it. Without a token there is nothing to expire.
    @Test func expireJumpsPastTheAccessTokenAndARefreshRenewsIt() {
        let d = OAuthDriver()
        #expect(throws: Simulation.ExpireFailure.noToken) { try d.world.expireOAuthAccess() }
        #expect(d.happyPath().status == 200)
        let exp = d.oauth.app.accessToken!.expiresAt
        #expect(throws: Never.self) { try d.world.expireOAuthAccess() }
        #expect(d.world.clock.now == exp + .seconds(1))
        let refused = d.call()
        #expect(refused.status == 401 && refused.body?["error_description"] == "The access token expired")
        #expect(d.refresh().status == 200)
        #expect(d.call().status == 200)
    }

    /// In a live world the clock stays with wall time: the platform judges every access
    /// token it issued so far expired — its API refuses them as expired (it was handed the
    /// judgement, it does not ask), introspection says inactive — and tokens issued after
    /// are good.
    @Test func liveExpireIsThePlatformsJudgementOnItsAPIAndIntrospection() throws {
        let d = OAuthDriver(configure: { $0.live = true })
        #expect(throws: Simulation.ExpireFailure.noneIssued) { try d.world.expireOAuthAccess() }
        #expect(d.happyPath().status == 200)
        let token = try #require(d.oauth.app.accessToken)
        let before = d.world.clock.now
        #expect(throws: Never.self) { try d.world.expireOAuthAccess() }
        #expect(d.world.clock.now == before, "the clock did not move")
        let refused = d.call()
        #expect(refused.status == 401 && refused.body?["error_description"] == "The access token expired")
        let api = d.oauth.authorizationServer.resourceServerClient
        var introspect = HTTPRequest(method: "POST", path: "/oauth/introspect", body: ["token": .string(token.raw), "client_id": .string(api.appID), "client_secret": .string(api.secret)])
        introspect.headers["Content-Type"] = "application/x-www-form-urlencoded"
        #expect(d.oauth.authorizationServer.handle(introspect, from: .platformAPI).body?["active"] == .bool(false))
        #expect(d.refresh().status == 200)
        #expect(d.call().status == 200)
        // The refreshed token can be judged in turn; then nothing is left to judge.
        #expect(throws: Never.self) { try d.world.expireOAuthAccess() }
        #expect(d.call().status == 401)
        #expect(throws: Simulation.ExpireFailure.noneIssued) { try d.world.expireOAuthAccess() }
    }

    @Test func forgedStateIsRejectedByTheApp() {
        let d = OAuthDriver()
        _ = d.authorize(state: "attacker-state")
        let callback = d.consent()
        #expect(callback.status == 403)
        #expect(callback.errorCode == "state_mismatch")
        #expect(d.oauth.app.lastCode == nil)
    }

    @Test func aCodeIsSingleUseAndReuseRevokesWhatItIssued() {
        let d = OAuthDriver()
        d.happyPath()
        #expect(d.call().status == 200)
        let again = d.exchange()
        #expect(again.status == 400)
        #expect(again.errorCode == "invalid_grant")
        // The refresh token is revoked at once: the platform checks it itself.
        #expect(d.refresh().errorCode == "invalid_grant")
        // An API that validates locally cannot see the revocation: the access token works
        // until it expires (10 minutes).
        #expect(d.call().status == 200)
        let exp = Instant(seconds: d.oauth.app.accessToken!.claims["exp"]!.intValue!)
        try! d.world.jump(to: exp - .milliseconds(41))
        #expect(d.call().status == 200, "the request reaches the API 1 ms before exp")
        #expect(d.call().body?["error_description"] == "The access token expired")
    }

    @Test func anIntrospectingAPISeesRevocationAtOnce() {
        let d = OAuthDriver { $0.oauth.apiValidation = .introspection }
        d.happyPath()
        #expect(d.call().status == 200)
        _ = d.exchange()
        let call = d.call()
        #expect(call.status == 401)
        #expect(call.body?["error_description"] == "The access token is not active (introspection: revoked, expired or unknown)")
        // The API asked the platform, as itself, every time: two introspections, no JWKS.
        let asked = d.world.log.entries.filter {
            if case .request(_, let from, let to, let request) = $0.event { return from == .platformAPI && to == .platform && request.path == "/oauth/introspect" }
            return false
        }
        #expect(asked.count == 2)
        #expect(d.oauth.resourceServer.jwks.fetches == 0)
    }

    @Test func clientAuthenticationIsRequired() {
        let d = OAuthDriver()
        _ = d.authorize()
        _ = d.consent()
        let missing = d.exchange(secret: .none)
        #expect(missing.status == 401)
        #expect(missing.errorCode == "invalid_client")
        #expect(missing.headers["WWW-Authenticate"] == "Basic realm=\"platform\"")
        #expect(d.exchange(secret: .value("guessed")).errorCode == "invalid_client")
        // Refused attempts do not spend the code: the real back end still gets its tokens.
        #expect(d.exchange().status == 200)
    }

    @Test func codeExpiresAfterTenMinutes() {
        let d = OAuthDriver()
        _ = d.authorize()
        _ = d.consent()
        try! d.world.jump(by: .minutes(10))
        let late = d.exchange()
        #expect(late.errorCode == "invalid_grant")
        #expect(late.body?["error_description"]?.stringValue?.hasPrefix("authorization code expired") == true)
    }

    @Test func redirectURIMustBeIdenticalAtTheTokenEndpoint() {
        let d = OAuthDriver()
        _ = d.authorize()
        _ = d.consent()
        #expect(d.exchange(redirect: "https://analytics.example/other").errorCode == "invalid_grant")
    }

    @Test func pkceVerifierMissingOrWrongIsRefused() {
        let d = OAuthDriver()
        _ = d.authorize()
        _ = d.consent()
        #expect(d.exchange(verifier: .none).body?["error_description"] == "code_verifier is required (a challenge was sent)")
        #expect(d.exchange(verifier: .value("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).body?["error_description"] == "code_verifier does not match the code_challenge")
        #expect(d.exchange().status == 200)
    }

    @Test func pkceRequiredByTheClientAndDowngradeRefused() {
        // The app is registered as requiring PKCE but sends no challenge.
        let d = OAuthDriver(pkce: true)
        d.oauth.app.registered(d.oauth.app.registration!, pkce: false)
        _ = d.authorize()
        #expect(d.oauth.lastError == "invalid_request")
        // Without PKCE registered, a verifier with no challenge is a downgrade: refused.
        let plain = OAuthDriver(pkce: false)
        _ = plain.authorize()
        _ = plain.consent()
        #expect(plain.exchange(verifier: .value("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).errorCode == "invalid_grant")
        #expect(plain.exchange().status == 200)
    }

    @Test func aStolenCodeIsUselessToAnotherClient() {
        let d = OAuthDriver(pkce: false)
        _ = d.authorize()
        _ = d.consent()
        let code = d.oauth.app.lastCode!
        let other = d.oauth.authorizationServer.register(name: "Evil", redirectURIs: ["https://evil.example/cb"], scopes: ["profile"], requiresPKCE: false)
        var stolen: HTTPResponse?
        var request = HTTPRequest(method: "POST", path: "/oauth/token", body: [
            "grant_type": "authorization_code", "code": .string(code), "redirect_uri": "https://evil.example/cb",
            "client_id": .string(other.appID), "client_secret": .string(other.secret),
        ])
        request.headers["Content-Type"] = "application/x-www-form-urlencoded"
        d.world.network.send(request, from: .attacker, to: .platform) { stolen = $0 }
        d.world.run(until: { stolen != nil })
        #expect(stolen?.errorCode == "invalid_grant")
        #expect(stolen?.body?["error_description"] == "authorization code was issued to another client")
    }

    @Test func refreshUnderRotationAndReuse() {
        let d = OAuthDriver()
        d.happyPath()
        let first = d.oauth.app.refreshToken!
        try! d.world.jump(by: .minutes(11))
        #expect(d.call().status == 401)
        #expect(d.refresh().status == 200)
        #expect(d.oauth.app.refreshToken != first)
        #expect(d.call().status == 200)
        // Replaying the spent refresh token revokes the grant: the current one dies too.
        var replay: HTTPResponse?
        d.world.network.send(HTTPRequest(method: "POST", path: "/oauth/token", body: [
            "grant_type": "refresh_token", "refresh_token": .string(first),
            "client_id": .string(d.oauth.app.registration!.appID), "client_secret": .string(d.oauth.app.registration!.secret),
        ]), from: .attacker, to: .platform) { replay = $0 }
        d.world.run(until: { replay != nil })
        #expect(replay?.errorCode == "invalid_grant")
        #expect(d.refresh().errorCode == "invalid_grant")
        // The API validates locally: the revoked grant's access token lives until its exp.
        #expect(d.call().status == 200)
        d.world.oauth.authorizationServer.policy.apiValidation = .introspection
        #expect(d.call().status == 401)

        let reuse = OAuthDriver { $0.oauth.refreshPolicy = .reuse }
        reuse.happyPath()
        let token = reuse.oauth.app.refreshToken
        #expect(reuse.refresh().status == 200)
        #expect(reuse.oauth.app.refreshToken == token)
        #expect(reuse.refresh().status == 200)
    }

    @Test func scopesAreCheckedByTheResourceServer() {
        let d = OAuthDriver()
        _ = d.authorize(scope: ["profile"])
        _ = d.consent()
        _ = d.exchange()
        #expect(d.call("/api/profile").status == 200)
        let orders = d.call("/api/orders")
        #expect(orders.status == 403)
        #expect(orders.errorCode == "insufficient_scope")
    }

    @Test func tokenEndpointRejectsOddRequests() {
        let d = OAuthDriver()
        d.happyPath()
        #expect(d.exchange(code: .value("nope")).body?["error_description"] == "unknown authorization code")
        // Missing, not unknown: a malformed request (RFC 6749 §5.2).
        #expect(d.exchange(code: .none).errorCode == "invalid_request")
        #expect(d.exchange(code: .none).body?["error_description"] == "code is required")
        #expect(!d.oauth.consent(approve: true, completion: { _ in }), "no consent page is open")
        var response: HTTPResponse?
        d.world.network.send(HTTPRequest(method: "POST", path: "/oauth/token", body: [
            "grant_type": "password", "client_id": .string(d.oauth.app.registration!.appID),
            "client_secret": .string(d.oauth.app.registration!.secret),
        ]), from: .appBackend, to: .platform) { response = $0 }
        d.world.run(until: { response != nil })
        #expect(response?.errorCode == "unsupported_grant_type")
    }
}
