import Testing
@testable import AuthEngine

@Suite struct SessionStoreTests {
    @Test func keysExpireAtTheirTTLOnTheVirtualClock() throws {
        let sim = Simulation()
        let store = sim.store
        try store.set("k", "v", ttl: .seconds(30), from: .client)
        sim.clock.advance(by: .seconds(29))
        #expect(try store.get("k", from: .client) == "v")
        try store.expire("k", ttl: .seconds(30), from: .client) // sliding
        sim.clock.advance(by: .seconds(29))
        #expect(try store.get("k", from: .client) == "v")
        sim.clock.advance(by: .seconds(1))
        #expect(try store.get("k", from: .client) == nil) // gone at exactly its TTL
        try store.set("p", "forever", ttl: nil, from: .client)
        sim.clock.advance(by: .days(365))
        #expect(store.keys(prefix: "") == ["p"])
        #expect(try store.delete("p", from: .client))
        #expect(try !store.delete("p", from: .client))
    }

    @Test func aDownStoreRefusesEveryCommandAndLogsIt() {
        let sim = Simulation()
        sim.store.setUp(false)
        #expect(throws: SessionStore.Failure.unavailable) { try sim.store.get("k", from: .client) }
        #expect(throws: SessionStore.Failure.unavailable) { try sim.store.set("k", "v", ttl: nil, from: .client) }
        #expect(sim.log.entries.contains { if case .storeCommand(_, _, "GET k", "ERR connection refused") = $0.event { return true }; return false })
        sim.store.setUp(true)
        #expect((try? sim.store.get("k", from: .client)) == .some(nil))
    }
}

@Suite struct SessionComparisonTests {
    func both(_ configure: (Simulation) -> Void = { _ in }) -> Simulation {
        let sim = Simulation()
        sim.mode = .both
        configure(sim)
        sim.loginAndWait()
        var done = false
        sim.sessionClient.login(username: "alice", password: "wonderland") { _ in done = true }
        sim.run(until: { done })
        return sim
    }

    func sessionRequest(_ sim: Simulation, _ path: String = "/api/profile") -> RequestOutcome {
        var outcome: RequestOutcome?
        sim.sessionClient.send(method: "GET", path: path) { outcome = $0 }
        sim.run(until: { outcome != nil })
        return outcome!
    }

    @Test func bytesStateAndLookupsPerRequest() {
        let sim = both()
        for _ in 0..<3 { _ = sim.requestAndWait(); _ = sessionRequest(sim) }
        #expect(sim.jwtMeter.requests == 3 && sim.sessionMeter.requests == 3)
        #expect(sim.jwtMeter.bytesPerRequest > 250)
        #expect(sim.sessionMeter.bytesPerRequest < 40)
        #expect(sim.jwtMeter.lookupsPerRequest == 0)
        #expect(sim.sessionMeter.lookupsPerRequest == 1)
        #expect(sim.sessionCluster.sessionCount == 1)
        #expect(sim.sessionCluster.sessionBytes > 40)
    }

    @Test func profileChangeShowsAtOnceInSessionsOnlyAfterRenewalInJWT() {
        let sim = both()
        _ = sim.updateProfile(username: "alice", name: "李雷", roles: nil)
        #expect(sessionRequest(sim).body?["name"] == "李雷")
        #expect(sim.requestAndWait().first?.body?["name"] == "Alice")
        try! sim.expire(.short)
        #expect(sim.requestAndWait().first?.body?["name"] == "李雷")
    }

    @Test func forcedLogoutCutsSessionsAtOnceAndJWTOnlyWithADenylist() {
        let sim = both()
        let result = sim.forceLogout(username: "alice")
        #expect(result.sessions == 1 && result.jwt)
        #expect(sessionRequest(sim).error == "session_unknown")
        #expect(sim.sessionClient.state == .loginRequired)
        #expect(sim.requestAndWait().first?.status == 200) // the short token lives on

        let strict = both { $0.comparison.denylist = true }
        _ = strict.forceLogout(username: "alice")
        #expect(strict.requestAndWait().first?.body?["error_description"] == "The access token was revoked (denylist)")
        #expect(strict.jwtMeter.lookupsPerRequest == 1)
        #expect(strict.store.keys(prefix: "deny:").count == 1)
        // The denylist entry lives only as long as the token would have.
        try! strict.jump(by: .minutes(15))
        #expect(strict.store.keys(prefix: "deny:").isEmpty)
    }

    @Test func storeDownStopsSessionsNotJWT() {
        let sim = both()
        sim.store.setUp(false)
        #expect(sessionRequest(sim).status == 503)
        #expect(sim.requestAndWait().first?.status == 200)
        sim.comparison.denylist = true
        #expect(sim.requestAndWait().first?.error == "denylist_unavailable")
    }

    @Test func localSessionsBreakWithoutStickinessAndTheSharedStoreScales() {
        let local = both { $0.comparison.localSessions = true }
        #expect(sessionRequest(local).error == "session_unknown") // login hit app-1, this hits app-2
        let sticky = both { $0.comparison.localSessions = true; $0.comparison.sticky = true }
        #expect((0..<4).map { _ in sessionRequest(sticky).status } == [200, 200, 200, 200])
        let shared = both { $0.comparison.servers = 5 }
        let served = (0..<5).map { _ in sessionRequest(shared).body?["served_by"]?.stringValue ?? "" }
        #expect(Set(served).count == 5)
        #expect(shared.requestAndWait().first?.body?["served_by"]?.stringValue?.hasPrefix("jwt-app-") == true)
    }

    @Test func sessionsExpireWhenIdleAndSlideWhenUsed() {
        let sim = both()
        try! sim.jump(by: .minutes(29))
        #expect(sessionRequest(sim).status == 200) // slides the TTL
        try! sim.jump(by: .minutes(29))
        #expect(sessionRequest(sim).status == 200)
        try! sim.jump(by: .minutes(30))
        #expect(sessionRequest(sim).error == "session_unknown")
    }

    @Test func jwtModeAloneIsUnchanged() {
        let sim = Simulation()
        sim.loginAndWait()
        #expect(sim.requestAndWait().first?.body?["served_by"] == nil)
        #expect(sim.jwtMeter.requests == 0)
    }
}
