import Testing
@testable import AuthEngine

@Suite struct InterceptorTests {
    @Test func theSixStepsRefreshStoreBothAndRetryOnce() throws {
        let sim = Simulation()
        sim.loginAndWait()
        let firstShort = sim.client.short!.jti
        try! sim.expire(.short)
        let outcome = try #require(sim.requestAndWait().first)
        #expect(outcome.status == 200)
        #expect(outcome.retried)
        #expect(sim.client.refreshCount == 1)
        #expect(sim.client.short!.jti != firstShort)
        #expect(sim.interceptorActions() == ["refresh", "refresh_succeeded", "retry"])
        // Event order: 401, refresh request, refresh response, retry, 200.
        let kinds = sim.log.entries.compactMap { entry -> String? in
            switch entry.event {
            case .request(_, _, _, let r): return "→ \(r.path)"
            case .response(_, _, _, _, let path, let r): return "← \(r.status) \(path)"
            default: return nil
            }
        }
        #expect(kinds.suffix(6) == ["→ /api/profile", "← 401 /api/profile", "→ /auth/refresh", "← 200 /auth/refresh", "→ /api/profile", "← 200 /api/profile"])
    }

    /// One numbering: the interceptor names a request by the exchange number its log lines
    /// carry (`#2`), and an outcome reports the exchange that gave its final answer.
    @Test func theInterceptorNamesRequestsByTheirExchangeNumbers() throws {
        let sim = Simulation()
        sim.loginAndWait()                        // #1
        try sim.expire(.short)
        let outcome = try #require(sim.requestAndWait().first)
        // #2 → 401, #3 the refresh, #4 the retry.
        #expect(outcome.exchange == ExchangeID(4))
        let notes = sim.logLines.filter { $0.contains("interceptor") }
        #expect(notes.contains { $0.hasSuffix("⟳ refresh: #2 got 401 token_expired") })
        #expect(notes.contains { $0.hasSuffix("↻ retry #2 with the new short token") })
        #expect(sim.logLines.contains { $0.contains("401 GET /api/profile") && $0.hasSuffix("#2") })
        #expect(sim.logLines.contains { $0.contains("200 GET /api/profile") && $0.hasSuffix("#4") })
        let json = sim.log.entries.compactMap { entry -> JSONObject? in
            if case .interceptor(.retry) = entry.event { return LogFormatter.json(entry) }; return nil
        }
        #expect(json.first?["exchange"] == .int(2))
    }

    @Test func aRequestNotYetSentIsNamedByMethodAndPath() {
        let sim = Simulation { $0.client.proactiveRefresh = .seconds(60) }
        sim.loginAndWait()
        try! sim.jump(by: .seconds(15 * 60 - 30))
        _ = sim.requestAndWait(count: 2)
        let notes = sim.logLines.filter { $0.contains("interceptor") }
        #expect(notes.contains { $0.hasSuffix("⟳ proactive refresh before sending GET /api/profile: the short token is about to expire") })
        #expect(notes.contains { $0.hasSuffix("⏸ GET /api/profile queued behind the refresh in flight") })
    }

    /// Live mode: `expire short` leaves the clock at wall time and makes the server judge the
    /// short tokens issued so far expired; the interceptor takes its usual 401 → refresh → retry.
    @Test func inALiveWorldExpireIsTheServersJudgementNotAJump() throws {
        let sim = Simulation { $0.live = true }
        sim.loginAndWait()
        let held = sim.client.short!.jti
        let before = sim.clock.now
        try sim.expire(.short)
        #expect(sim.clock.now == before)
        let outcome = try #require(sim.requestAndWait().first)
        #expect(outcome.status == 200 && outcome.retried)
        #expect(sim.client.short!.jti != held)
        #expect(sim.interceptorActions() == ["refresh", "refresh_succeeded", "retry"])
        // The fresh token is not judged: nothing left to expire until another is issued.
        #expect(sim.server.judgeIssuedExpired(.short) == 1)
        #expect(sim.server.judgeIssuedExpired(.short) == 0)
        #expect(throws: Simulation.ExpireFailure.noneIssued) { try sim.expire(.short) }
    }

    @Test func singleFlightRefreshesOnceForABurst() {
        let sim = Simulation { $0.policy.refreshPolicy = .rotate }
        sim.loginAndWait()
        try! sim.expire(.short)
        let outcomes = sim.requestAndWait(count: 5)
        #expect(outcomes.map(\.status) == [200, 200, 200, 200, 200])
        #expect(sim.client.refreshCount == 1)
        #expect(sim.interceptorActions().filter { $0 == "queued" }.count == 4)
        #expect(sim.interceptorActions().filter { $0 == "retry" }.count == 5)
        #expect(sim.client.state == .loggedIn)
    }

    @Test func withoutSingleFlightTheRaceUnderRotationLogsTheUserOut() {
        let sim = Simulation { $0.policy.refreshPolicy = .rotate; $0.client.singleFlight = false }
        sim.loginAndWait()
        try! sim.expire(.short)
        let outcomes = sim.requestAndWait(count: 5)
        #expect(sim.client.refreshCount == 5)
        #expect(outcomes.map(\.status) == [200, 401, 401, 401, 401])
        #expect(sim.client.state == .loginRequired)
        #expect(sim.client.short == nil && sim.client.long == nil)
        #expect(sim.logLines.contains { $0.contains("refresh_reused") })
    }

    @Test func withoutSingleFlightUnderReuseEveryoneRefreshesButSurvives() {
        let sim = Simulation { $0.client.singleFlight = false }
        sim.loginAndWait()
        try! sim.expire(.short)
        #expect(sim.requestAndWait(count: 3).map(\.status) == [200, 200, 200])
        #expect(sim.client.refreshCount == 3)
    }

    @Test func invalidTokenThroughTheInterceptorIsFinal() {
        // The server's signing key changes under the client: its short token no longer verifies.
        let sim = Simulation()
        sim.loginAndWait()
        sim.server.rotateKeyForTesting(secret: "rotated")
        let outcome = sim.requestAndWait().first!
        #expect(outcome.status == 401)
        #expect(outcome.error == "invalid_token")
        #expect(!outcome.retried)
        #expect(sim.client.refreshCount == 0)
        #expect(sim.interceptorActions() == ["no_refresh_on_invalid_token"])
    }

    @Test func oneRetryOnlyEvenIfTheNewTokenIsAlreadyExpired() {
        // The short token lives 1 s; each way takes 2 s: the retried token is expired on arrival.
        let sim = Simulation { $0.policy.shortLifetime = .seconds(1); $0.latency = .seconds(2) }
        sim.loginAndWait()
        let outcome = sim.requestAndWait().first!
        #expect(outcome.status == 401)
        #expect(outcome.retried)
        #expect(sim.client.refreshCount == 1)
        #expect(sim.interceptorActions().last == "retry_exhausted")
    }

    @Test func refresh500RejectsWaitersTogetherButKeepsTheLogin() {
        let sim = Simulation()
        sim.loginAndWait()
        try! sim.expire(.short)
        sim.failNextRefresh(.serverError)
        #expect(sim.requestAndWait(count: 3).map(\.status) == [401, 401, 401])
        #expect(sim.client.state == .loggedIn)
        #expect(sim.logLines.contains { $0.contains("refresh failed (500 server_error): tokens kept") && $0.contains("3 waiting requests rejected") })
        #expect(sim.requestAndWait().first?.status == 200)
        #expect(sim.client.refreshCount == 2)
    }

    @Test func expiredLongTokenMeansLogInAgain() {
        let sim = Simulation()
        sim.loginAndWait()
        try! sim.expire(.long)
        let outcome = sim.requestAndWait().first!
        #expect(outcome.status == 401)
        #expect(sim.client.state == .loginRequired)
        #expect(sim.network.lastErrorCode == "refresh_expired")
        // With no tokens held, the next request goes out bare.
        #expect(sim.requestAndWait().first?.error == "token_missing")
        #expect(sim.loginAndWait()?.status == 200)
        #expect(sim.client.state == .loggedIn)
    }

    @Test func lostRefreshResponseTimesOutAndTheReplayTripsReuseDetection() {
        let sim = Simulation { $0.policy.refreshPolicy = .rotate }
        sim.loginAndWait()
        try! sim.expire(.short)
        sim.failNextRefresh(.drop)
        let first = sim.requestAndWait().first!
        #expect(first.status == 401)
        #expect(sim.client.state == .loggedIn)
        #expect(sim.requestAndWait().first?.status == 401)
        #expect(sim.client.state == .loginRequired)
        #expect(sim.network.lastErrorCode == "refresh_reused")
    }

    @Test func lostRefreshResponseIsForgivenWithinAReuseGrace() {
        let sim = Simulation { $0.policy.refreshPolicy = .rotate; $0.policy.reuseGrace = .minutes(1) }
        sim.loginAndWait()
        try! sim.expire(.short)
        sim.failNextRefresh(.drop)
        _ = sim.requestAndWait()
        #expect(sim.requestAndWait().first?.status == 200)
        #expect(sim.client.state == .loggedIn)
    }

    @Test func proactiveRefreshHappensBeforeExpiryWithNo401() {
        let sim = Simulation { $0.client.proactiveRefresh = .seconds(30) }
        sim.loginAndWait()
        sim.clock.advance(by: .minutes(14) + .seconds(35))
        let outcome = sim.requestAndWait().first!
        #expect(outcome.status == 200)
        #expect(!outcome.retried)
        #expect(sim.client.refreshCount == 1)
        #expect(sim.interceptorActions().first == "proactive_refresh")
        #expect(!sim.logLines.contains { $0.contains("401") })
    }

    @Test func clientClockSkewShiftsProactiveRefresh() {
        // The client's clock runs 2 min ahead: it refreshes 2 min earlier than it needs to.
        let sim = Simulation { $0.client.proactiveRefresh = .seconds(30); $0.client.clockSkew = .minutes(2) }
        sim.loginAndWait()
        sim.clock.advance(by: .minutes(12) + .seconds(40))
        _ = sim.requestAndWait()
        #expect(sim.client.refreshCount == 1)
        let behind = Simulation { $0.client.proactiveRefresh = .seconds(30); $0.client.clockSkew = .minutes(-2) }
        behind.loginAndWait()
        behind.clock.advance(by: .minutes(14) + .seconds(40))
        _ = behind.requestAndWait()
        #expect(behind.client.refreshCount == 0) // it believes 2 min are left
        behind.clock.advance(by: .seconds(30))
        _ = behind.requestAndWait()
        #expect(behind.interceptorActions().first == "refresh") // too late for proactive: a 401 first
    }

    @Test func stolenLongTokenUnderRotationIsCaughtUnderReuseIsNot() {
        let rotate = Simulation { $0.policy.refreshPolicy = .rotate }
        rotate.loginAndWait()
        #expect(rotate.attacker.steal(from: rotate.client))
        try! rotate.expire(.short)
        #expect(rotate.requestAndWait().first?.status == 200) // the client rotates first
        var attackerStatus: Int?
        _ = rotate.attacker.refresh { attackerStatus = $0.status }
        rotate.run(until: { attackerStatus != nil })
        #expect(attackerStatus == 401)
        #expect(rotate.network.lastErrorCode == "refresh_reused")
        try! rotate.expire(.short)
        #expect(rotate.requestAndWait().first?.status == 401)
        #expect(rotate.client.state == .loginRequired)

        let reuse = Simulation()
        reuse.loginAndWait()
        _ = reuse.attacker.steal(from: reuse.client)
        var status: Int?
        _ = reuse.attacker.refresh { status = $0.status }
        reuse.run(until: { status != nil })
        #expect(status == 200)
        #expect(reuse.attacker.obtainedShort != nil)
        #expect(reuse.logLines.contains { $0.contains("issued to attacker") })
    }

    @Test func logoutForgetsTokensAndRevokesTheFamily() {
        let sim = Simulation()
        sim.loginAndWait()
        let long = sim.client.long!.raw
        var done = false
        sim.client.logout { _ in done = true }
        sim.run(until: { done })
        #expect(sim.client.state == .loggedOut)
        #expect(sim.client.long == nil)
        let replay = sim.rawRequest(HTTPRequest(method: "POST", path: "/auth/refresh", body: ["refresh_token": .string(long)]))
        #expect(replay.errorCode == "refresh_revoked")
    }

    @Test func backgroundTrafficKeepsGoingThroughExpiriesAndStops() {
        let sim = Simulation()
        sim.loginAndWait()
        sim.startTraffic(every: .seconds(10), method: "GET", path: "/api/orders")
        try! sim.jump(by: .hours(1))
        // Short tokens live 15 min from each refresh: 09:15, 09:30, 09:45 (+ a little each time).
        #expect(sim.client.refreshCount == 3)
        #expect(sim.log.totals.responsesByClass[4] == 3) // one 401 per expiry, each refreshed and retried
        sim.stopTraffic()
        try! sim.jump(by: .minutes(1)) // what was in flight settles
        let before = sim.log.totals.requests
        try! sim.jump(by: .hours(1))
        #expect(sim.log.totals.requests == before)
    }
}
