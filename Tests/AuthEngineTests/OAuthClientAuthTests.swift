import Crypto
import Testing
@testable import AuthEngine

/// The token endpoint as real clients call it: client_secret_basic, client_secret_post and
/// public clients with PKCE; loopback redirects on any port; revocation and introspection.
@Suite struct OAuthClientAuthTests {
    let sim = Simulation()
    var server: AuthorizationServer { sim.oauth.authorizationServer }

    func post(_ path: String, _ form: [(String, String)], basic: (String, String)? = nil) -> HTTPResponse {
        var request = HTTPRequest(method: "POST", path: path, body: JSONObject(form.map { ($0.0, .string($0.1)) }))
        if let (id, secret) = basic {
            request.headers["Authorization"] = "Basic " + Self.standardBase64(URLQuery.escape(id) + ":" + URLQuery.escape(secret))
        }
        return server.handle(request, from: Party("peer 127.0.0.1:1"))
    }

    static func standardBase64(_ text: String) -> String {
        var s = Base64URL.encode(text).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        return s
    }

    /// Authorize with PKCE as `client`, consent as `user`; returns the code and verifier.
    func code(_ client: ClientRegistration, redirect: String, user: String = "alice") throws -> (code: String, verifier: String) {
        let verifier = String(repeating: "v", count: 43)
        let query = URLQuery.encode([("response_type", "code"), ("client_id", client.appID), ("redirect_uri", redirect), ("scope", "profile"),
                                     ("state", "s1"), ("code_challenge", PKCE.challenge(for: verifier)), ("code_challenge_method", "S256")])
        let page = server.handle(HTTPRequest(method: "GET", path: "/oauth/authorize?" + query), from: .browser)
        let ticket = try #require(page.body?["consent_ticket"]?.stringValue, "\(page)")
        let redirectBack = post("/oauth/consent", [("consent_ticket", ticket), ("decision", "approve"), ("username", user)])
        let location = try #require(redirectBack.headers["Location"])
        #expect(location.hasPrefix(redirect + "?"))
        let code = try #require(URLQuery.split(location)?.query.value("code"))
        return (code, verifier)
    }

    @Test func aConfidentialClientAuthenticatesWithBasic() throws {
        let client = server.register(name: "Backend", redirectURIs: ["https://b.example/cb"], scopes: ["profile"], requiresPKCE: false,
                                     appID: "demo-backend", secret: "s3cret/+=")
        let (code, verifier) = try code(client, redirect: "https://b.example/cb")
        let answer = post("/oauth/token", [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", "https://b.example/cb"), ("code_verifier", verifier)],
                          basic: ("demo-backend", "s3cret/+="))
        #expect(answer.status == 200, "\(answer)")
        // Basic and client_secret together: one method only.
        let both = post("/oauth/token", [("grant_type", "refresh_token"), ("client_secret", "s3cret/+="), ("refresh_token", "x")], basic: ("demo-backend", "s3cret/+="))
        #expect(both.status == 400 && both.errorCode == "invalid_request")
        let wrong = post("/oauth/token", [("grant_type", "refresh_token"), ("refresh_token", "x")], basic: ("demo-backend", "nope"))
        #expect(wrong.status == 401 && wrong.errorCode == "invalid_client")
        #expect(wrong.headers["WWW-Authenticate"] == "Basic realm=\"platform\"")
    }

    @Test func aPublicClientHasNoSecretAndMustUsePKCEOnALoopbackPortOfItsChoosing() throws {
        let client = server.register(name: "CLI", redirectURIs: ["http://127.0.0.1/callback"], scopes: ["profile"], requiresPKCE: false,
                                     isPublic: true, appID: "demo-cli")
        #expect(client.requiresPKCE && client.isPublic)
        let redirect = "http://127.0.0.1:51234/callback" // RFC 8252 §7.3: any port
        let (code, verifier) = try code(client, redirect: redirect, user: "bob")
        let answer = post("/oauth/token", [("grant_type", "authorization_code"), ("client_id", "demo-cli"), ("code", code),
                                           ("redirect_uri", redirect), ("code_verifier", verifier)])
        #expect(answer.status == 200, "\(answer)")
        let access = try #require(answer.body?["access_token"]?.stringValue)
        let profile = sim.network.deliver(HTTPRequest(method: "GET", path: "/api/profile", headers: HTTPHeaders([("Authorization", "Bearer " + access)])), from: .appBackend, to: .platformAPI)
        #expect(profile.body?["name"] == .string("Bob"), "consent signed in as bob")
        // A public client that sends a secret is refused; an authorization without PKCE is too.
        #expect(post("/oauth/token", [("grant_type", "refresh_token"), ("client_id", "demo-cli"), ("client_secret", "guess"), ("refresh_token", "x")]).errorCode == "invalid_client")
        let noPKCE = server.handle(HTTPRequest(method: "GET", path: "/oauth/authorize?" + URLQuery.encode([("response_type", "code"), ("client_id", "demo-cli"),
                     ("redirect_uri", redirect), ("scope", "profile"), ("state", "s")])), from: .browser)
        #expect(noPKCE.status == 302 && noPKCE.headers["Location"]?.contains("error=invalid_request") == true)
        // Another path, or a non-loopback host, is not the registered listener.
        let elsewhere = server.handle(HTTPRequest(method: "GET", path: "/oauth/authorize?" + URLQuery.encode([("response_type", "code"), ("client_id", "demo-cli"),
                     ("redirect_uri", "http://127.0.0.1:51234/other"), ("scope", "profile")])), from: .browser)
        #expect(elsewhere.status == 400)
    }

    @Test func revocationAndIntrospectionReflectTheGrantsState() throws {
        let client = server.register(name: "Backend", redirectURIs: ["https://b.example/cb"], scopes: ["profile"], requiresPKCE: false,
                                     appID: "demo-backend", secret: "secret")
        let (code, verifier) = try code(client, redirect: "https://b.example/cb")
        let tokens = post("/oauth/token", [("grant_type", "authorization_code"), ("client_id", "demo-backend"), ("client_secret", "secret"), ("code", code),
                                           ("redirect_uri", "https://b.example/cb"), ("code_verifier", verifier)])
        let access = try #require(tokens.body?["access_token"]?.stringValue)
        let refresh = try #require(tokens.body?["refresh_token"]?.stringValue)
        func introspect(_ token: String) -> JSONObject? {
            post("/oauth/introspect", [("token", token)], basic: ("demo-backend", "secret")).body
        }
        #expect(introspect(access)?["active"] == .bool(true))
        #expect(introspect(access)?["scope"] == .string("profile"))
        #expect(introspect(refresh)?["token_type"] == .string("refresh_token"))
        #expect(introspect("garbage")?["active"] == .bool(false))
        #expect(post("/oauth/introspect", [("token", access)]).status == 401, "introspection needs client authentication")
        let revoked = post("/oauth/revoke", [("token", refresh), ("token_type_hint", "refresh_token")], basic: ("demo-backend", "secret"))
        #expect(revoked.status == 200)
        #expect(introspect(refresh)?["active"] == .bool(false))
        #expect(introspect(access)?["active"] == .bool(false), "revoking the grant revokes its access tokens")
        #expect(post("/oauth/revoke", [("token", "unknown")], basic: ("demo-backend", "secret")).status == 200, "RFC 7009 §2.2")
        // Expiry shows too.
        let (code2, verifier2) = try self.code(client, redirect: "https://b.example/cb")
        let second = post("/oauth/token", [("grant_type", "authorization_code"), ("client_id", "demo-backend"), ("client_secret", "secret"), ("code", code2),
                                           ("redirect_uri", "https://b.example/cb"), ("code_verifier", verifier2)])
        let access2 = try #require(second.body?["access_token"]?.stringValue)
        try sim.jump(by: .minutes(10))
        #expect(introspect(access2)?["active"] == .bool(false), "expired at exactly exp")
    }

    /// RFC 6749 §5.2: a required parameter missing is `invalid_request`; present but unknown,
    /// `invalid_grant` — a client library tells a bug in its own request from a dead grant.
    @Test func aMissingGrantParameterIsAMalformedRequest() {
        let demo = "public-cli"
        _ = server.register(name: "CLI", redirectURIs: ["http://127.0.0.1/callback"], scopes: ["profile"], requiresPKCE: true, isPublic: true, appID: demo)
        for (grant, parameter) in [("authorization_code", "code"), ("refresh_token", "refresh_token"), (AuthorizationServer.deviceGrantType, "device_code")] {
            let missing = post("/oauth/token", [("grant_type", grant), ("client_id", demo)])
            #expect(missing.errorCode == "invalid_request" && missing.body?["error_description"] == .string("\(parameter) is required"), "\(grant)")
            let unknown = post("/oauth/token", [("grant_type", grant), ("client_id", demo), (parameter, "nope")])
            #expect(unknown.errorCode == "invalid_grant", "\(grant)")
        }
    }
}

/// OpenID Connect on the code flow: an ID token when the scope asks for openid.
@Suite struct OpenIDConnectTests {
    @Test func openidScopeAddsAnIDTokenBoundToTheNonceAndTheAccessToken() throws {
        let suite = OAuthClientAuthTests()
        let server = suite.server
        let client = server.register(name: "OIDC app", redirectURIs: ["https://rp.example/cb"], scopes: ["openid", "profile"], requiresPKCE: false,
                                     appID: "rp", secret: "rp-secret")
        let verifier = String(repeating: "w", count: 43)
        let query = URLQuery.encode([("response_type", "code"), ("client_id", "rp"), ("redirect_uri", "https://rp.example/cb"), ("scope", "openid profile"),
                                     ("state", "s"), ("nonce", "n-0S6_WzA2Mj"), ("code_challenge", PKCE.challenge(for: verifier)), ("code_challenge_method", "S256")])
        let page = server.handle(HTTPRequest(method: "GET", path: "/oauth/authorize?" + query), from: .browser)
        let ticket = try #require(page.body?["consent_ticket"]?.stringValue)
        let redirect = suite.post("/oauth/consent", [("consent_ticket", ticket), ("decision", "approve")])
        let code = try #require(URLQuery.split(redirect.headers["Location"] ?? "")?.query.value("code"))
        let tokens = suite.post("/oauth/token", [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", "https://rp.example/cb"), ("code_verifier", verifier)],
                                basic: ("rp", "rp-secret"))
        let access = try #require(tokens.body?["access_token"]?.stringValue)
        let idToken = try #require(tokens.body?["id_token"]?.stringValue)
        // Verified with the published public key alone.
        let jwk = try #require(JWK.publicJWK(of: server.signingKey))
        let jws = try JWTVerifier(key: try JWK.key(from: jwk).get()).verify(idToken, at: suite.sim.clock.now, expecting: JWTExpectations())
        #expect(jws.header["alg"] == "RS256" && jws.header["kid"] == jwk["kid"])
        let claims = jws.payload
        for name in ["iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "azp", "at_hash"] { #expect(claims[name] != nil, "\(name)") }
        #expect(claims["nonce"] == "n-0S6_WzA2Mj" && claims["aud"] == "rp" && claims["azp"] == "rp")
        #expect(claims["at_hash"]?.stringValue == AuthorizationServer.atHash(access, algorithm: .rs256))
        // UserInfo's sub is the ID token's.
        let userinfo = suite.sim.network.deliver(HTTPRequest(method: "GET", path: "/api/userinfo", headers: HTTPHeaders([("Authorization", "Bearer " + access)])), from: .appBackend, to: .platformAPI)
        #expect(userinfo.body?["sub"] == claims["sub"])
        // An ID token is not an access token: the API refuses it.
        let misuse = suite.sim.network.deliver(HTTPRequest(method: "GET", path: "/api/profile", headers: HTTPHeaders([("Authorization", "Bearer " + idToken)])), from: .appBackend, to: .platformAPI)
        #expect(misuse.status == 401 && misuse.errorCode == "invalid_token")
        #expect(client.scopes.contains("openid"))
    }

    /// at_hash (Core §3.1.3.6) for the spec's example access token (Core A.3: "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y" → "77QmUPtjPfzWtF2AnpK9RQ").
    @Test func atHashMatchesTheSpecExample() {
        #expect(AuthorizationServer.atHash("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y", algorithm: .rs256) == "77QmUPtjPfzWtF2AnpK9RQ")
        // EdDSA: the left half of SHA-512, 32 bytes (43 base64url characters), not SHA-256's 16.
        let ed = AuthorizationServer.atHash("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y", algorithm: .edDSA)
        #expect(ed.count == 43 && ed != AuthorizationServer.atHash("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y", algorithm: .es256))
        #expect(Base64URL.decode(ed) == Array(SHA512.hash(data: Array("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y".utf8))).prefix(32).map { $0 })
    }
}

/// RFC 8628 on the platform, message by message.
@Suite struct DeviceGrantTests {
    @Test func codesArePollingRulesAndTheUserCodeAlphabet() throws {
        let sim = Simulation()
        let flow = sim.oauth
        var answer: HTTPResponse?
        flow.deviceStart(scope: ["openid", "profile"]) { answer = $0 }
        sim.run(until: { answer != nil })
        let body = try #require(answer?.body)
        let userCode = try #require(body["user_code"]?.stringValue)
        #expect(userCode.count == 9 && userCode.filter { $0 != "-" }.allSatisfy { DeviceGrant.alphabet.contains($0) })
        #expect(body["interval"] == .int(5) && body["expires_in"] == .int(600))
        #expect(body["verification_uri_complete"]?.stringValue == "https://platform.example/device?user_code=" + userCode)
        func poll() -> HTTPResponse {
            var result: HTTPResponse?
            _ = flow.devicePoll { result = $0 }
            sim.run(until: { result != nil })
            return result!
        }
        #expect(poll().errorCode == "authorization_pending")
        #expect(poll().errorCode == "slow_down")
        // The interval grew to 10 s for good: 5 s later is still too soon.
        try sim.jump(by: .seconds(5))
        #expect(poll().errorCode == "slow_down")
        // A lower-case code with spaces is the same code (§6.1: forgiving input).
        var decided: HTTPResponse?
        _ = flow.deviceDecide(approve: true, username: "bob", code: userCode.lowercased().replacingOccurrences(of: "-", with: " ")) { decided = $0 }
        sim.run(until: { decided != nil })
        #expect(decided?.status == 200)
        try sim.jump(by: .seconds(15))
        let tokens = poll()
        #expect(tokens.status == 200 && tokens.body?["id_token"] != nil)
        try sim.jump(by: .seconds(20))
        #expect(poll().errorCode == "invalid_grant", "a device code is redeemed once")
    }
}
