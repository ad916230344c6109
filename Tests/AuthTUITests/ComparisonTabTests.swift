import Testing
@testable import AuthEngine
@testable import AuthTUI

@Suite struct ComparisonTabTests {
    /// The tmux walk `4 l r u r v r D r o r a`: each line matches what the log shows.
    @Test func narrationFollowsTheDenylistAndWhoHoldsWhat() {
        var state = makeState(width: 80, height: 24)
        state.type("4lrurvrD")
        state.type("r")
        // The denylist is on: the JWT side looked the store up too.
        #expect(state.status?.text.en == "JWT 200 — verified with the key, then the denylist looked up in the store · session 401 session_missing")
        state.type("o")
        #expect(state.status?.text.en == "Store down: session 401 session_missing — it held no session to check; JWT 503 denylist_unavailable: its denylist lives in the store.")
        state.type("a")
        // The JWT client still holds its short token: somebody is logged in.
        #expect(state.status?.text.en == "4 servers: JWT 0/4 OK (503 denylist_unavailable), sessions 0/4 OK (401 session_missing).")
    }

    @Test func keysDriveBothDesignsAndNameTheTradeOff() {
        var state = makeState(width: 120, height: 34)
        state.type("4")
        #expect(state.world.mode == .both)
        state.type("l")
        #expect(state.world.client.state == .loggedIn && state.world.sessionClient.state == .loggedIn)
        state.type("r")
        #expect(state.status?.text.en == "JWT 200 — verified with the key alone · session 200 — looked up in the store")
        state.type("u")
        #expect(state.status?.text.en.hasPrefix("Renamed to 李雷: sessions say 李雷 at once; the JWT says Alice until its short token is renewed") == true)
        state.type("v")
        #expect(state.status?.text.en.hasPrefix("Forced logout: session 401 session_unknown at once; JWT 200") == true)
        state.type("D")
        #expect(state.world.comparison.denylist)
        state.type("l")
        state.type("v")
        #expect(state.status?.text.en.contains("JWT 401 invalid_token") == true)
        state.type("l")
        state.type("o")
        #expect(state.status?.text.en.hasPrefix("Store down: session 503 session_store_unavailable") == true)
        state.type("o")
        state.type("D")
        state.type("l")
        state.type("m")
        state.type("l")
        state.type("a")
        #expect(state.status?.text.en.hasPrefix("4 servers: JWT 4/4 OK with just the key; sessions") == true)
        #expect(state.status?.text.en.hasSuffix("the others never saw the session (server memory).") == true)
        state.type("1")
        #expect(state.world.mode == .jwt)
    }

    /// What tab 4 says is computed from what each design answered (issue 11's contradictions).
    @Test func narrationFollowsTheOutcomes() {
        var state = makeState(width: 120, height: 34)
        state.type("4")
        state.type("a")
        #expect(state.status?.text.en == "4 servers, but nobody is logged in: JWT 0/4, sessions 0/4 OK (l logs in first).")
        state.type("v")
        #expect(state.status?.text.en == "Forced logout: nobody was logged in (l logs in first).")
        state.type("l")
        #expect(state.status?.text.en == "Logged in on both sides: the JWT side holds a short and a long signed token, the session side an opaque cookie; the store holds the session.")
        state.type("my") // sessions in server memory, sticky
        state.type("l")
        state.type("r")
        #expect(state.status?.text.en.hasPrefix("JWT 200 — verified with the key alone · session 200 — looked up in app-") == true)
        #expect(state.status?.text.en.hasSuffix("'s own memory") == true)
        state.type("o")
        #expect(state.status?.text.en == "Store down: session 200 — these sessions live in server memory, not in the store; JWT 200: no store needed.")
        state.type("om")
        state.type("l")
        state.type("o")
        #expect(state.status?.text.en == "Store down: session 503 session_store_unavailable — no session can be checked; JWT 200: no store needed.")
    }

    @Test func tabFourAt120x40And80x24() {
        var state = makeState(width: 120, height: 40)
        state.type("4lr")
        let screen = state.screen
        #expect(screen.lines[0].contains("│ 1 Tokens 2 OAuth 3 WeChat 4 JWT/Sessions 5 Device │"))
        #expect(screen.lines[0].contains("store up"))
        #expect(screen.contains("JWT · stateless"))
        #expect(screen.contains("Sessions in Redis · stateful"))
        #expect(screen.row(containing: "bytes sent per request")?.contains("279") == true)
        #expect(screen.row(containing: "bytes sent per request")?.contains("30") == true)
        #expect(screen.row(containing: "store look-ups per request")?.contains("1") == true)
        #expect(screen.row(containing: "server-side state")?.contains("none") == true)
        #expect(screen.contains("app-1→redis SET sess:") || screen.contains("→redis SET sess:"))
        #expect(screen.contains("Cookie sid=s_"))
        state.width = 80
        state.height = 24
        let small = state.screen
        #expect(small.contains("Side by side"))
        for row in 0..<24 { #expect(DisplayWidth.of(small.lines[row]) == 80, "row \(row)") }
    }

    @Test func eachColumnShowsOnlyItsDesignsLog() {
        var state = makeState(width: 120, height: 40)
        state.type("4lr")
        let jwt = ComparisonScreen.entries(state.world, jwt: true)
        let sessions = ComparisonScreen.entries(state.world, jwt: false)
        #expect(jwt.contains { if case .request(_, .client, .server, _) = $0.event { return true }; return false })
        #expect(!jwt.contains { if case .storeCommand = $0.event { return true }; return false })
        #expect(sessions.contains { if case .storeCommand(_, _, let c, _) = $0.event { return c.hasPrefix("SET sess:") }; return false })
        #expect(!sessions.contains { if case .tokenIssued = $0.event { return true }; return false })
    }
}

@Suite struct ComparisonCompactTests {
    @Test func narrowTableKeepsAGapBetweenColumns() {
        var state = makeState(width: 40, height: 12)
        state.type("4lr")
        let row = state.screen.row(containing: "bytes sent")!
        #expect(row.contains("… 279") || row.contains("request 279"))
        #expect(!row.contains("…279"))
    }
}

@Suite struct ComparisonWindowTests {
    /// After turning the denylist on, the table says 1 look-up per JWT request, not an
    /// average with the requests made before.
    @Test func lookUpsPerRequestCountSinceTheLastChange() {
        var state = makeState(width: 120, height: 40)
        state.type("4lrrr")
        #expect(state.screen.row(containing: "store look-ups per request")?.contains(" 0 ") == true)
        state.type("D")
        state.type("rr")
        let row = state.screen.row(containing: "store look-ups per request") ?? ""
        #expect(row.split(separator: " ").contains("1"), "\(row)")
        #expect(!row.contains("0.5") && !row.contains("0.4"), "\(row)")
        #expect(state.world.jwtMeter.lookupsPerRequest < 1) // the whole-session figure scripts check stays as it was
    }
}
