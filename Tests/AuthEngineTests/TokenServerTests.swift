import Testing
@testable import AuthEngine

@Suite struct TokenServerTests {
    func login(_ sim: Simulation, _ user: String = "alice", _ password: String = "wonderland") -> HTTPResponse {
        sim.rawRequest(HTTPRequest(method: "POST", path: "/auth/login", body: ["username": .string(user), "password": .string(password)]))
    }

    func refresh(_ sim: Simulation, _ token: String, from party: Party = .client) -> HTTPResponse {
        sim.rawRequest(HTTPRequest(method: "POST", path: "/auth/refresh", body: ["refresh_token": .string(token)]), from: party)
    }

    func get(_ sim: Simulation, _ path: String, _ token: String?) -> HTTPResponse {
        var request = HTTPRequest(method: "GET", path: path)
        if let token { request.headers["Authorization"] = "Bearer " + token }
        return sim.rawRequest(request)
    }

    @Test func loginIssuesShortAndLongTokensWithTheirClaims() throws {
        let sim = Simulation()
        let response = login(sim)
        #expect(response.status == 200)
        let short = try CompactJWS(parsing: response.body!["access_token"]!.stringValue!).payload
        let long = try CompactJWS(parsing: response.body!["refresh_token"]!.stringValue!).payload
        #expect(short.keys == ["iss", "sub", "name", "roles", "iat", "exp", "jti", "typ"])
        #expect(short["sub"] == "1001")
        #expect(short["name"] == "Alice")
        #expect(short["roles"] == ["user"])
        #expect(short["typ"] == "access")
        #expect(short["exp"]!.intValue! - short["iat"]!.intValue! == 15 * 60)
        #expect(long["typ"] == "refresh")
        #expect(long["fam"]?.stringValue?.hasPrefix("fam-") == true)
        #expect(long["exp"]!.intValue! - long["iat"]!.intValue! == 7 * 86_400)
        #expect(response.body!["expires_in"] == 900)
    }

    @Test func wrongPasswordAndMissingFieldsAreRefused() {
        let sim = Simulation()
        #expect(login(sim, "alice", "nope").errorCode == "invalid_credentials")
        #expect(login(sim, "mallory", "x").status == 401)
        #expect(sim.rawRequest(HTTPRequest(method: "POST", path: "/auth/login")).status == 400)
        let wrongMethod = sim.rawRequest(HTTPRequest(method: "GET", path: "/auth/login"))
        #expect(wrongMethod.status == 405 && wrongMethod.headers["Allow"] == "POST")
        #expect(sim.rawRequest(HTTPRequest(method: "GET", path: "/nowhere")).status == 404)
    }

    @Test func protectedRoutesAnswerFromClaimsAndCheckRoles() {
        let sim = Simulation()
        let alice = login(sim).body!["access_token"]!.stringValue!
        let bob = login(sim, "bob", "builder").body!["access_token"]!.stringValue!
        let profile = get(sim, "/api/profile", alice)
        #expect(profile.status == 200)
        #expect(profile.body?["name"] == "Alice")
        #expect(get(sim, "/api/orders", alice).status == 200)
        let forbidden = get(sim, "/api/admin", alice)
        #expect(forbidden.status == 403)
        #expect(forbidden.errorCode == "insufficient_scope")
        #expect(forbidden.headers["WWW-Authenticate"]?.contains(#"error="insufficient_scope""#) == true)
        #expect(get(sim, "/api/admin", bob).status == 200)
        let missing = get(sim, "/api/profile", nil)
        #expect(missing.status == 401)
        #expect(missing.errorCode == "token_missing")
        #expect(missing.headers["WWW-Authenticate"] == #"Bearer realm="authtui""#)
    }

    @Test func expiredShortTokenGetsTheRFC6750ChallengeExactlyAtExp() throws {
        let sim = Simulation()
        let token = login(sim).body!["access_token"]!.stringValue!
        let exp = Instant(seconds: try CompactJWS(parsing: token).payload["exp"]!.intValue!)
        // Arrives at the server one latency after sending: aim it at exp − 1 ms, then exactly exp.
        sim.clock.advance(to: exp - .milliseconds(41))
        #expect(get(sim, "/api/profile", token).status == 200)
        sim.clock.advance(to: exp - .milliseconds(40))
        let expired = get(sim, "/api/profile", token)
        #expect(expired.status == 401)
        #expect(expired.errorCode == "token_expired")
        #expect(expired.headers["WWW-Authenticate"] == #"Bearer realm="authtui", error="invalid_token", error_description="The access token expired""#)
    }

    @Test func badSignatureOrWrongTypeIsInvalidNotExpired() throws {
        let sim = Simulation()
        let tokens = login(sim).body!
        let access = tokens["access_token"]!.stringValue!
        let forged = try JWTSigner.sign(try CompactJWS(parsing: access).payload, with: .hs256(secret: "guessed", id: "k1"))
        let bad = get(sim, "/api/profile", forged)
        #expect(bad.status == 401)
        #expect(bad.errorCode == "invalid_token")
        #expect(get(sim, "/api/profile", "not.a.jwt").errorCode == "invalid_token")
        // A long token is not an access token (explicit typing, RFC 8725 §3.11).
        #expect(get(sim, "/api/profile", tokens["refresh_token"]!.stringValue!).errorCode == "invalid_token")
        // An access token is not a refresh token either.
        #expect(refresh(sim, access).errorCode == "invalid_token")
    }

    @Test func reusePolicyKeepsTheLongToken() {
        let sim = Simulation()
        let long = login(sim).body!["refresh_token"]!.stringValue!
        let first = refresh(sim, long)
        #expect(first.status == 200)
        #expect(first.body?["refresh_token"]?.stringValue == long)
        #expect(refresh(sim, long).status == 200)
    }

    @Test func rotationIssuesANewLongTokenAndReuseRevokesTheFamily() {
        let sim = Simulation { $0.policy.refreshPolicy = .rotate }
        let l0 = login(sim).body!["refresh_token"]!.stringValue!
        let r1 = refresh(sim, l0)
        let l1 = r1.body!["refresh_token"]!.stringValue!
        #expect(r1.status == 200)
        #expect(l1 != l0)
        let replay = refresh(sim, l0)
        #expect(replay.status == 401)
        #expect(replay.errorCode == "refresh_reused")
        // The whole family is gone: the legitimate newest token is refused too.
        #expect(refresh(sim, l1).errorCode == "refresh_revoked")
        #expect(sim.log.totals.familiesRevoked == 1)
    }

    @Test func reuseGraceHonoursARecentReplayOnly() {
        let sim = Simulation { $0.policy.refreshPolicy = .rotate; $0.policy.reuseGrace = .seconds(30) }
        let l0 = login(sim).body!["refresh_token"]!.stringValue!
        #expect(refresh(sim, l0).status == 200)
        sim.clock.advance(by: .seconds(10))
        #expect(refresh(sim, l0).status == 200)
        sim.clock.advance(by: .seconds(30))
        #expect(refresh(sim, l0).errorCode == "refresh_reused")
    }

    @Test func slidingRenewsOnlyInsideTheWindow() {
        let sim = Simulation { $0.policy.refreshPolicy = .sliding }
        let l0 = login(sim).body!["refresh_token"]!.stringValue!
        sim.clock.advance(by: .days(5)) // 48 h left: more than the window
        #expect(refresh(sim, l0).body?["refresh_token"]?.stringValue == l0)
        sim.clock.advance(by: .hours(15)) // 33 h left: under the 33.6 h window (20 % of 7 d)
        let renewed = refresh(sim, l0).body!["refresh_token"]!.stringValue!
        #expect(renewed != l0)
        #expect(try! CompactJWS(parsing: renewed).payload["exp"]!.intValue! == sim.clock.now.seconds + 7 * 86_400)
    }

    @Test func expiredRevokedAndLoggedOutLongTokens() {
        let sim = Simulation()
        let long = login(sim).body!["refresh_token"]!.stringValue!
        sim.clock.advance(by: .days(7))
        #expect(refresh(sim, long).errorCode == "refresh_expired")

        let long2 = login(sim).body!["refresh_token"]!.stringValue!
        #expect(sim.server.revokeFamily(ofLongToken: long2, because: .administrator))
        #expect(refresh(sim, long2).errorCode == "refresh_revoked")

        let long3 = login(sim).body!["refresh_token"]!.stringValue!
        let out = sim.rawRequest(HTTPRequest(method: "POST", path: "/auth/logout", body: ["refresh_token": .string(long3)]))
        #expect(out.status == 200)
        #expect(refresh(sim, long3).errorCode == "refresh_revoked")
    }

    @Test func profileChangesShowOnlyInNewShortTokens() {
        let sim = Simulation()
        let tokens = login(sim).body!
        let old = tokens["access_token"]!.stringValue!
        #expect(sim.updateProfile(username: "alice", name: "李雷", roles: ["user", "admin"]))
        #expect(get(sim, "/api/profile", old).body?["name"] == "Alice")
        #expect(get(sim, "/api/admin", old).status == 403)
        let fresh = refresh(sim, tokens["refresh_token"]!.stringValue!).body!["access_token"]!.stringValue!
        #expect(get(sim, "/api/profile", fresh).body?["name"] == "李雷")
        #expect(get(sim, "/api/admin", fresh).status == 200)
        #expect(!sim.updateProfile(username: "nobody", name: "x", roles: nil))
    }

    @Test func injectedServerErrorAnswers500Once() {
        let sim = Simulation()
        let long = login(sim).body!["refresh_token"]!.stringValue!
        sim.failNextRefresh(.serverError)
        #expect(refresh(sim, long).status == 500)
        #expect(refresh(sim, long).status == 200)
    }
}
