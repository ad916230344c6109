import Testing
@testable import AuthEngine
@testable import AuthTUI

/// Status lines say what the engine reported, not a fixed sentence (issue 11's reports).
@Suite struct NarrationTests {
    @Test func aRefusedRefreshIsNamedNotTheFirst401() {
        var state = makeState()
        state.type("lvxr")
        #expect(state.status?.text == "GET /api/profile → 401 token_expired; the refresh was refused (401 refresh_revoked): log in again (l)")
        state.type("l")
        #expect(state.status?.text == "logged in as alice: a short and a long token")
        state.type("fx")
        state.type("b")
        #expect(state.status?.text == "burst of 5: 5× 401 token_expired; the refresh failed (500 server_error): tokens kept, the next 401 tries again")
    }

    @Test func aRotateRaceEndsInReuseAndSaysSo() {
        var state = makeState()
        state.type("p") // rotate
        state.type("c") // single flight off: each 401 refreshes on its own
        state.type("lx")
        state.type("b")
        #expect(state.status?.text == "burst of 5: 1× 200 (after refresh + retry), 4× 401 token_expired; the refresh was refused (401 refresh_revoked): log in again (l)")
    }

    @Test func profileAndLoginSayWhatIsTrue() {
        var state = makeState()
        state.type("u")
        #expect(state.status?.text == "alice is now 李雷 (user,admin) on the server; no short token is held: the next login carries the new claims")
        state.type("l")
        state.type("u")
        #expect(state.status?.text == "alice is now Zoë 🔑 (user) on the server; her short token still says 李雷 until it is renewed")
        state.type("l")
        #expect(state.status?.text.hasPrefix("logged in as alice: a short and a long token (a new login:") == true)
    }

    @Test func speedKeysSayTheSpeed() {
        var state = makeState()
        state.type("+")
        #expect(state.status?.text == "speed 600×: a 15-minute token lasts 1.5 real seconds")
        state.type("--")
        #expect(state.status?.text == "speed 10×: a 15-minute token lasts 90 real seconds")
        state.type("-")
        #expect(state.status?.text == "speed 1×: a 15-minute token lasts 15 real minutes")
    }

    @Test func aRefusedOAuthRefreshDoesNotClaimItRenewed() {
        var state = makeState(width: 120, height: 40)
        state.type("2")
        for _ in 0..<30 where state.oauthFlow.app.refreshToken == nil || state.reveal != nil { state.type("n") }
        state.type("f")
        #expect(state.status?.text == "refresh the access token → 200. the refresh token renewed it without asking the user again")
        state.type("R") // replaying the code revokes what it issued
        state.type("f")
        #expect(state.status?.text == "refresh the access token → 400 invalid_grant (refresh token revoked): no new token; n authorizes again")
        #expect(state.status?.tone == .bad)
    }
}
