import Testing
@testable import AuthEngine
@testable import AuthTUI

@Suite struct RenderTests {
    @Test func startScreenAt80x24() {
        let state = makeState(width: 80, height: 24)
        let expected = """
        │ 1 Tokens 2 OAuth 3 WeChat 4 JWT/Sessions 5 Device │ 09:00:00 │ ⏸ │ logged out
        ╭ Tokens ────────────────────────╮╭ Request log ───────────────────────────────╮
        │ ▸ short none                   ││ Nothing yet.                               │
        │   ░░░░░░░░░░░░░░░░░░░░░░░░░░░░ ││                                            │
        │   long  none                   ││ l  log in as alice                         │
        │   ░░░░░░░░░░░░░░░░░░░░░░░░░░░░ ││ r  GET /api/profile                        │
        │ sent: short 0× · long 0×       ││ x  jump to the short token's expiry        │
        ╰────────────────────────────────╯│ ?  every key                               │
        ╭ Claims · short token ──────────╮│                                            │
        │ No short token held.           ││                                            │
        │ Press l to log in.             ││                                            │
        │                                ││                                            │
        │                                ││                                            │
        │                                ││                                            │
        │                                ││                                            │
        │                                ││                                            │
        │                                ││                                            │
        │                                ││                                            │
        │                                ││                                            │
        │                                ││                                            │
        ╰────────────────────────────────╯╰────────────────────────────────────────────╯


        l log in  space resume  + - speed  Tab focus  @ record  ` 中文  ? help  q quit
        """
        #expect(state.screen.text == expected)
    }

    @Test func theSixStepsAt100x30ShowThe401RefreshRetryAndClaims() {
        var state = makeState(width: 100, height: 30)
        state.type("lxr")
        let screen = state.screen
        #expect(screen.contains("s→c 401 GET /api/profile  token_expired"))
        #expect(screen.contains("⟳ refresh (#2 got token_expired)"))
        #expect(screen.contains("↻ retry #2 with the new token"))
        #expect(screen.contains("s→c 200 GET /api/profile"))
        #expect(screen.row(containing: "name")?.contains("Alice") == true)
        #expect(screen.contains("sent: short 2× · long 1×"))
        #expect(screen.lines[0].contains("logged in"))
        // The log follows the newest entry: it is the last line in the box.
        // The log follows the newest entry: nothing below it in the log box.
        let last = screen.lines.lastIndex { $0.contains("s→c 200 GET /api/profile  #4") }!
        let log = ScreenLayout(width: 100, height: 30).log.inner
        let below = (log.x..<log.maxX).map { screen[$0, last + 1].character }
        #expect(below.allSatisfy { $0 == " " })
        #expect(screen.row(containing: "iat ")?.contains("09:15:01  now") == true)
    }

    @Test func claimsAndCountdownsAt120x40() {
        var state = makeState(width: 120, height: 40)
        state.type("l")
        try! state.world.jump(to: .scenarioStart + .minutes(3) + .seconds(56))
        let screen = state.screen
        #expect(screen.lines[0].contains("│ 1 Tokens 2 OAuth 3 WeChat 4 JWT/Sessions 5 Device │ 09:03:56 │ ⏸ paused │ policy reuse │ logged in"))
        // 15 min from 09:00:00.040 (exp is in whole seconds: 09:15:00).
        #expect(screen.row(containing: "▸ short")?.contains("11:04") == true)
        #expect(screen.row(containing: "long  ")?.contains("6d 23h 56m") == true)
        #expect(screen.row(containing: "exp ")?.contains("09:15:00  in 11:04") == true)
        #expect(screen.row(containing: "iat ")?.contains("09:00:00  03:56 ago") == true)
        #expect(screen.row(containing: "roles")?.contains(#"["user"]"#) == true)
        #expect(screen.row(containing: "kid")?.contains("k1") == true)
        // The long token's claims when it is selected, with a date for a later day.
        state.press(.tab, .down)
        #expect(state.screen.row(containing: "exp ")?.contains("2026-01-08 09:00") == true)
        #expect(state.screen.contains("Claims · long token"))
    }

    @Test func tokenBarsEmptyAndChangeColourWithAge() {
        var state = makeState(width: 100, height: 30)
        state.type("l")
        let fresh = TokenStatus(.short, in: state.world)
        #expect(fresh.condition == .fresh)
        try! state.world.jump(by: .minutes(13))
        let expiring = TokenStatus(.short, in: state.world)
        #expect(expiring.condition == .expiring)
        #expect(expiring.style == Theme.warning)
        state.type("x")
        let expired = TokenStatus(.short, in: state.world)
        #expect(expired.condition == .expired)
        #expect(expired.countdown.en == "expired 00:01 ago")
        let barRow = state.screen.lines.firstIndex { $0.contains("▸ short") }! + 1
        #expect(!state.screen.lines[barRow].contains("█"))
        state.type("v")
        #expect(TokenStatus(.long, in: state.world).condition == .revoked)
        #expect(state.screen.row(containing: "long  ")?.contains("revoked") == true)
    }

    @Test func nonASCIINamesLineUp() {
        var state = makeState(width: 100, height: 30)
        state.type("lu")   // alice becomes 李雷 server-side
        state.type("xr")   // a new short token carries it
        var screen = state.screen
        #expect(screen.row(containing: "name")?.contains("李雷") == true)
        state.type("uxr")  // then Zoë 🔑
        screen = state.screen
        let nameRow = screen.row(containing: "Zoë 🔑")!
        #expect(DisplayWidth.of(nameRow) == 100)
        // Every row is exactly the terminal's width, and the box borders stay in their column.
        let borderColumn = ScreenLayout(width: 100, height: 30).claims!.maxX - 1
        for row in 1..<(ScreenLayout(width: 100, height: 30).status.y) {
            #expect(DisplayWidth.of(screen.lines[row]) == 100, "row \(row)")
            #expect(screen[borderColumn, row].character == "│" || screen[borderColumn, row].character == "╮" || screen[borderColumn, row].character == "╯" || screen[borderColumn, row].character == "╰" || screen[borderColumn, row].character == "╭", "row \(row)")
        }
    }

    @Test func compactLayoutFrom40x12() {
        var state = makeState(width: 40, height: 12)
        state.type("lxr")
        let screen = state.screen
        #expect(ScreenLayout(width: 40, height: 12).mode == .compact)
        #expect(screen.lines[0].contains("logged in"))
        #expect(screen.lines[1].hasPrefix("short"))
        #expect(screen.lines[2].hasPrefix("long"))
        #expect(screen.contains("s→c 200 /api/profile"))
        #expect(!screen.contains("Claims"))
        #expect(screen.lines[11].contains("? help"))
        #expect(screen.lines[11].contains("q quit"))
    }

    @Test func tooSmallBelow40x12() {
        for (w, h) in [(39, 12), (40, 11), (20, 5)] {
            let screen = makeState(width: w, height: h).screen
            #expect(screen.contains("Terminal too small"), "\(w)×\(h)")
        }
        #expect(makeState(width: 30, height: 8).screen.contains("30×8: AuthTUI needs"))
        #expect(makeState(width: 0, height: 0).screen.lines.isEmpty)
    }

    @Test func resizingRerendersAtTheNewSize() {
        var state = makeState(width: 100, height: 30)
        state.type("l")
        update(&state, .resize(width: 60, height: 16))
        #expect(state.screen.width == 60)
        #expect(ScreenLayout(width: 60, height: 16).mode == .compact)
        update(&state, .resize(width: 120, height: 40))
        #expect(state.screen.contains("Claims · short token"))
    }

    @Test func helpAndDetailsOverlays() {
        var state = makeState(width: 100, height: 30)
        state.type("l?")
        var screen = state.screen
        #expect(screen.contains("Help ") && screen.contains("Esc closes"))
        #expect(screen.contains("jump to the short token's expiry"))
        state.press(.end)
        #expect(state.screen.contains("Log legend"))
        #expect(screen.lines[29].contains("Esc close help"))
        state.press(.escape, .up, .enter) // the login response
        screen = state.screen
        #expect(screen.contains("Details · Esc closes"))
        #expect(screen.contains("server → client   200 for POST /auth/login"))
        #expect(screen.contains("Token in access_token"))
    }

    @Test func noColorKeepsAttributesButDropsColours() {
        var state = makeState(width: 80, height: 24)
        state.type("l")
        state.colors = false
        let screen = state.screen
        for y in 0..<screen.height {
            for x in 0..<screen.width {
                #expect(screen[x, y].style.foreground == .default && screen[x, y].style.background == .default)
            }
        }
        #expect(screen[1, 0].style.reverse) // the header stays distinct
    }

    @Test func scrolledLogShowsTheCursorAndTheTitleSaysSo() {
        var state = makeState(width: 100, height: 30)
        state.type("l")
        for _ in 0..<10 { state.type("r") }
        state.press(.home)
        let screen = state.screen
        #expect(screen.contains("Request log · ↑ scrolled (End follows)"))
        let first = state.world.log.entries.first!
        #expect(screen.contains(String(first.at.timeOfDay)))
        let row = screen.lines.firstIndex { $0.contains("POST /auth/login  #1") }!
        let text = ScreenLayout(width: 100, height: 30).log.inner.insetBy(dx: 1, dy: 0)
        #expect((text.x..<text.maxX).allSatisfy { screen[$0, row].style.reverse })
    }
}

/// A narrow log leads each exchange with its number, unless that would cut the error code.
@Suite struct CompactExchangeNumberTests {
    @Test func theNumberGivesWayToTheErrorCode() {
        let entry = LogEntry(sequence: 1, at: Instant(seconds: 0), event: .response(ExchangeID(26), from: SessionClient.balancer, to: SessionClient.party,
            method: "GET", path: "/api/profile", .error(503, "session_store_unavailable", "down")))
        let text = { (width: Int) in LogPanel.segments(entry, compact: true, width: width).map(\.0).joined() }
        #expect(text(60).hasPrefix("00:00:00 #26 lb→sc 503 session_store_unavailable"))
        #expect(text(46).hasPrefix("00:00:00 lb→sc 503 session_store_unavailable /api/profile"))
        let request = LogEntry(sequence: 2, at: Instant(seconds: 0), event: .request(ExchangeID(27), from: .client, to: .server, HTTPRequest(method: "GET", path: "/api/profile")))
        #expect(LogPanel.segments(request, compact: true, width: 46).map(\.0).joined().hasPrefix("00:00:00 #27 c→s GET /api/profile"))
    }
}
