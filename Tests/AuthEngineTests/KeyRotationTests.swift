import Testing
@testable import AuthEngine

extension OAuthDriver {
    var api: ResourceServer { oauth.resourceServer }
    var platform: AuthorizationServer { oauth.authorizationServer }
    func advance(_ span: Span) { try! world.jump(by: span) }
    /// The kid of the app's access token.
    var accessKID: String? { oauth.app.accessToken.flatMap { try? CompactJWS(parsing: $0.raw).keyID } }
    func checkIDToken(_ attack: IDTokenAttack? = nil) -> [IDTokenCheck] {
        var result: [IDTokenCheck]?
        #expect(oauth.checkIDToken(attack) { result = $0 } == nil)
        world.run(until: { result != nil })
        return result ?? []
    }
}

/// The API verifies with a JWKS it fetches over the network and caches (10 minutes, refetch
/// on an unknown kid at most every 30 s), and the platform rotates keys on the clock.
@Suite struct JWKSCacheTests {
    @Test func theAPIFetchesTheJWKSOnceAndAgainWhenItsCopyIsOld() {
        let d = OAuthDriver { $0.oauth.accessLifetime = .hours(1) }
        d.happyPath()
        #expect(d.api.jwks.fetches == 0, "nothing fetched before the first call")
        #expect(d.call().status == 200)
        #expect(d.call().status == 200)
        #expect(d.api.jwks.fetches == 1)
        let fetch = d.world.log.entries.first {
            if case .request(_, let from, let to, let request) = $0.event { return from == .platformAPI && to == .platform && request.path == "/oauth/jwks" }
            return false
        }
        #expect(fetch != nil, "the fetch is an exchange in the log")
        d.advance(.minutes(10))
        #expect(d.call().status == 200)
        #expect(d.api.jwks.fetches == 2, "a copy 10 minutes old is fetched again")
        #expect(d.world.log.entries.contains { LogFormatter.line($0).contains("platform-api fetches the platform's JWKS: its copy is 10m") })
    }

    @Test func theJWKSListsPublicKeysOnlyWithKidsAndTheDiscoveryAlgorithm() throws {
        let d = OAuthDriver()
        let jwks = d.platform.jwks["keys"]?.arrayValue ?? []
        #expect(jwks.count == 1)
        let key = try #require(jwks.first?.objectValue)
        #expect(key["kty"] == "RSA" && key["alg"] == "RS256" && key["use"] == "sig" && key["d"] == nil)
        d.happyPath()
        #expect(d.accessKID == key["kid"]?.stringValue, "access tokens name the published key")
    }

    @Test func rotationDoneRightNeverFailsARequest() throws {
        let d = OAuthDriver { $0.oauth.accessLifetime = .minutes(10) }
        d.happyPath()
        let oldKID = try #require(d.accessKID)
        #expect(d.call().status == 200)
        let new = try d.platform.publishKey()
        d.advance(.minutes(10)) // the verifiers' cache age: every copy now lists the new key
        #expect(d.call().status == 401, "the old token simply expired")
        #expect(d.refresh().status == 200)
        #expect(d.call().status == 200)
        try d.platform.startSigningWithNewestKey()
        #expect(d.refresh().status == 200)
        #expect(d.accessKID == new.kid && new.kid != oldKID)
        #expect(d.call().status == 200, "the API's copy (fetched after publication) already has the new key")
        d.advance(.minutes(10)) // every token the old key signed has expired
        try d.platform.retireOldestKey()
        #expect(d.refresh().status == 200)
        #expect(d.call().status == 200)
        #expect(d.platform.keyRing.published.map(\.kid) == [new.kid])
    }

    @Test func signingBeforeCachesKnowTheKeyFailsUntilTheCooldownLetsTheAPIRefetch() throws {
        let d = OAuthDriver()
        d.happyPath()
        #expect(d.call().status == 200) // the API's copy: the first key only
        try d.platform.publishKey()
        try d.platform.startSigningWithNewestKey() // the mistake: at once
        #expect(d.refresh().status == 200)
        let refused = d.call()
        #expect(refused.status == 401)
        let description = refused.body?["error_description"]?.stringValue ?? ""
        #expect(description.contains("The access token's key is unknown: kid") && description.contains("(cooldown)"), "\(description)")
        d.advance(.seconds(30))
        #expect(d.call().status == 200, "past the cooldown, an unknown kid fetches the JWKS again")
        #expect(d.api.jwks.fetches == 2)
    }

    @Test func retiringTheOldKeyWhileItsTokensLiveFailsThemWhenCachesRefresh() throws {
        let d = OAuthDriver { $0.oauth.accessLifetime = .hours(1) }
        _ = d.platform // the first key signs the first token
        d.happyPath()
        #expect(d.call().status == 200)
        try d.platform.publishKey()
        try d.platform.startSigningWithNewestKey()
        try d.platform.retireOldestKey() // the mistake: the app's token lives 1 h more
        #expect(d.call().status == 200, "the API's copy still lists the old key")
        d.advance(.minutes(10))
        let refused = d.call()
        #expect(refused.status == 401)
        #expect(refused.body?["error_description"]?.stringValue?.contains("is not in the JWKS fetched at") == true)
        // A retired key's tokens are still the platform's own: introspection knows them.
        d.platform.policy.apiValidation = .introspection
        #expect(d.call().status == 200)
    }

    @Test func theCooldownBoundsTheFetchesAKidSprayingAttackerCauses() {
        func spray(cooldown: Span) -> (fetches: Int, statuses: [Int]) {
            let d = OAuthDriver { $0.oauth.jwks.cooldown = cooldown }
            d.happyPath()
            #expect(d.call().status == 200)
            let before = d.api.jwks.fetches
            var statuses: [Int]?
            d.oauth.sprayKids(count: 60, every: .seconds(1)) { statuses = $0 }
            d.world.run(until: { statuses != nil })
            return (d.api.jwks.fetches - before, statuses ?? [])
        }
        let bounded = spray(cooldown: .seconds(30))
        #expect(bounded.statuses.count == 60 && bounded.statuses.allSatisfy { $0 == 401 })
        #expect(bounded.fetches == 1, "60 kids over 59 s: one refetch, 30 s after the last fetch; the next is due at 60 s")
        let open = spray(cooldown: .zero)
        #expect(open.fetches == 60, "without a cooldown, every invented kid costs the platform a fetch")
    }

    @Test func headerTricksAreRefusedBeforeAnyFetch() {
        let d = OAuthDriver()
        d.happyPath()
        let header = Base64URL.encode(Array(#"{"alg":"RS256","kid":"x","jku":"https://evil.example/jwks"}"#.utf8))
        var request = HTTPRequest(method: "GET", path: "/api/profile")
        request.headers["Authorization"] = "Bearer " + header + ".e30.c2ln"
        let answer = d.world.network.deliver(request, from: .attacker, to: .platformAPI)
        #expect(answer.status == 401)
        #expect(d.api.jwks.fetches == 0)
    }

    @Test func thePlatformRotatesThroughThreeRSAKeysAndEndlesslyWithES256() throws {
        let d = OAuthDriver()
        try d.platform.publishKey()
        try d.platform.publishKey()
        #expect(throws: PlatformKeyRing.Problem.noMoreKeys(.rs256, count: 3)) { try d.platform.publishKey() }
        #expect(throws: PlatformKeyRing.Problem.nothingToRetire) {
            let ring = PlatformKeyRing(algorithm: .es256, seed: 1, now: .scenarioStart)
            var copy = ring
            _ = try copy.retireOldest(at: .scenarioStart)
        }
        d.platform.policy.algorithm = .es256
        for _ in 0..<5 { try d.platform.publishKey() }
        #expect(Set(d.platform.keyRing.entries.map(\.kid)).count == 6)
        d.platform.policy.algorithm = .hs256
        #expect(d.platform.policy.algorithm == .es256, "the platform publishes its keys: no shared secret")
    }
}

/// OpenID Connect Core §3.1.3.7 in the simulated app: each attack fails on its own rule.
@Suite struct IDTokenValidationTests {
    @Test func theAppValidatesItsIDTokenWithItsOwnJWKSCopy() {
        let d = OAuthDriver(scopes: ["openid", "profile"])
        #expect(d.happyPath().status == 200)
        let checks = d.oauth.app.idTokenChecks
        #expect(checks.map(\.rule) == IDTokenValidation.rules)
        #expect(checks.allSatisfy { $0.passed })
        #expect(d.oauth.app.jwks.fetches == 1)
        #expect(d.world.log.entries.contains { LogFormatter.line($0).contains("app accepted its ID token: 7 checks passed") })
    }

    @Test func eachAttackFailsOnItsRule() {
        let d = OAuthDriver(scopes: ["openid", "profile"])
        d.happyPath()
        #expect(IDTokenValidation.firstFailure(d.checkIDToken(.replayed))?.rule == "nonce")
        #expect(IDTokenValidation.firstFailure(d.checkIDToken(.otherApp))?.rule == "aud")
        #expect(IDTokenValidation.firstFailure(d.checkIDToken(.swapped))?.rule == "at_hash")
        #expect(IDTokenValidation.firstFailure(d.checkIDToken()) == nil)
        d.advance(.minutes(10))
        let expired = IDTokenValidation.firstFailure(d.checkIDToken())
        #expect(expired?.rule == "exp" && expired?.detail.hasPrefix("expired at") == true)
    }

    @Test func withoutOpenIDThereIsNothingToCheck() {
        let d = OAuthDriver()
        d.happyPath()
        #expect(d.oauth.checkIDToken(nil) { _ in } != nil)
    }

    @Test func edDSAIDTokensHashWithSHA512() {
        let d = OAuthDriver(scopes: ["openid", "profile"]) { $0.oauth.algorithm = .edDSA }
        d.happyPath()
        #expect(d.oauth.app.idTokenChecks.allSatisfy { $0.passed })
        let idToken = d.oauth.app.idToken ?? ""
        let claimed = (try? CompactJWS(parsing: idToken))?.payload["at_hash"]?.stringValue
        #expect(claimed?.count == 43, "32 bytes of SHA-512")
    }
}
