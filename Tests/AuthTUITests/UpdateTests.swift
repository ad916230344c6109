import Testing
@testable import AuthEngine
@testable import AuthTUI

@Suite struct UpdateTests {
    @Test func loginExpireRequestRunsTheSixSteps() {
        var state = makeState()
        state.type("l")
        #expect(state.world.client.state == .loggedIn)
        #expect(state.status?.tone == .good)
        state.type("x")
        #expect(state.world.clock.now == state.world.client.short!.expiresAt + .seconds(1))
        state.type("r")
        #expect(state.world.client.refreshCount == 1)
        #expect(state.status?.text.en == "GET /api/profile → 200 (after refresh + retry)")
    }

    @Test func adminBurstTrafficAndProfileKeys() {
        var state = makeState()
        state.type("a")
        #expect(state.status?.text.en.contains("401 token_missing") == true)
        state.type("la")
        #expect(state.status?.text.en == "GET /api/admin → 403 insufficient_scope")
        state.type("xb")
        #expect(state.status?.text.en == "burst of 5: 5× 200 (after refresh + retry)")
        #expect(state.world.client.refreshCount == 1)
        state.type("t")
        #expect(state.world.traffic != nil)
        state.press(.character("}"))
        #expect(state.world.log.totals.requests > 300)
        state.type("t")
        #expect(state.world.traffic == nil)
        state.type("u")
        #expect(state.world.server.users.account(username: "alice")?.name == "李雷")
    }

    @Test func policyFlightAndClockKeys() {
        var state = makeState()
        state.type("p")
        #expect(state.world.server.policy.refreshPolicy == .rotate)
        state.type("c")
        #expect(!state.world.client.settings.singleFlight)
        state.type(" ")
        #expect(!state.world.clock.isPaused)
        state.type("+")
        #expect(state.world.clock.speed == 600)
        state.type("--")
        #expect(state.world.clock.speed == 10)
        let before = state.world.clock.now
        state.press(.character("]"))
        #expect(state.world.clock.now == before + .minutes(1))
        state.press(.character("{"))
        #expect(state.world.clock.now == before + .minutes(1) + .days(1))
    }

    @Test func ticksMoveVirtualTimeAtTheSpeedAndNotWhenPaused() {
        var state = makeState()
        update(&state, .tick(seconds: 1))
        #expect(state.world.clock.now == .scenarioStart)
        state.world.clock.isPaused = false
        update(&state, .tick(seconds: 1))
        #expect(state.world.clock.now == .scenarioStart + .minutes(1))
    }

    @Test func attackAndFaultKeys() {
        var state = makeState()
        state.type("s")
        #expect(state.status?.tone == .bad)
        state.type("p") // rotate
        state.type("ls")
        state.type("xr")  // the client rotates first
        state.type("S")   // the attacker replays a spent token
        #expect(state.status?.text.en.contains("401 refresh_reused") == true)
        state.type("lf")
        state.type("xr")
        #expect(state.world.network.lastErrorCode == "server_error")
        state.type("v")
        state.type("xr")
        #expect(state.world.client.state == .loginRequired)
        state.type("L")
        #expect(state.status?.text.en == "not logged in")
    }

    @Test func focusScrollDetailsHelpAndQuit() {
        var state = makeState()
        state.type("lr")
        #expect(state.focus == .log)
        state.press(.up, .up)
        let newest = state.world.log.entries.last!.sequence
        #expect(state.logCursor == newest - 2)
        state.press(.enter)
        #expect(state.overlay == .details(sequence: newest - 2))
        state.press(.down, .escape)
        #expect(state.overlay == nil)
        state.press(.end)
        #expect(state.logCursor == nil)
        state.press(.tab)
        #expect(state.focus == .tokens)
        state.press(.down)
        #expect(state.selectedToken == .long)
        state.press(.tab)
        #expect(state.focus == .claims)
        state.press(.character("?"))
        #expect(state.overlay == .help)
        state.type("r") // ignored under the help overlay
        #expect(state.world.log.totals.requests == 2)
        state.press(.escape)
        state.press(.controlC)
        #expect(state.shouldQuit)
    }

    @Test func compactLayoutSkipsTheClaimsPanelWhenMovingFocus() {
        var state = makeState(width: 60, height: 20)
        state.press(.tab)
        #expect(state.focus == .tokens)
        state.press(.tab)
        #expect(state.focus == .log)
    }

    @Test func presenterStepsThroughAScenario() throws {
        let scenario = try ScenarioParser.parse("config short_ttl 5m\nlogin alice wonderland\nexpire short\n# The interceptor refreshes and retries.\nrequest GET /api/profile\nexpect status 200\nexpect refreshes 2", file: "demo").get()
        let session = ScenarioSession()
        let presenter = Presenter(scenario: scenario, session: session)
        var state = AppState(session: session, width: 100, height: 30, presenter: presenter)
        #expect(state.world.server.policy.shortLifetime == .minutes(5))
        state.type("nn")
        #expect(state.status?.text.en == "line 3: expire short")
        // An action runs with the expectations that check it; its comment is the narration.
        state.type("n")
        #expect(state.status?.text.en == "The interceptor refreshes and retries. ▸ line 5: request GET /api/profile · PASS expect status 200 · FAIL expect refreshes 2 — the client has sent 1 refresh")
        #expect(state.status?.tone == .bad)
        state.type("n")
        #expect(state.status?.text.en == "end of demo: 1 passed, 1 failed (0 restarts, N steps back)")
    }

    @Test func nextWakeSleepsWhenPausedAndCapsTheFrameRate() {
        let state = makeState()
        #expect(EventLoop.nextWake(state) == nil)
        state.world.clock.isPaused = false
        state.world.clock.speed = 3600
        #expect(EventLoop.nextWake(state) == EventLoop.minimumFrame)
        state.world.clock.speed = 1
        #expect(EventLoop.nextWake(state) == 1)
    }
}
