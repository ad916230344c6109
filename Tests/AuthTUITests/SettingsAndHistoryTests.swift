import Foundation
import Testing
@testable import AuthEngine
@testable import AuthTUI

/// `,`: settings changed live, each run (and recorded) as its `config` line.
@Suite struct SettingsOverlayTests {
    @Test func aChangeRunsItsConfigLineAndNarratesWhatItChanges() throws {
        var state = makeState(width: 80, height: 24)
        state.type("l,")
        #expect(state.overlay == .settings)
        #expect(state.screen.contains("short token lifetime  ◀ 15m ▶"))
        #expect(state.screen.contains("script: config short_ttl 15m"))
        state.press(.left)
        #expect(state.world.server.policy.shortLifetime == .minutes(10))
        let exp = try #require(state.world.client.short).expiresAt.timeOfDay.prefix(8)
        #expect(state.status?.text.en == "config short_ttl 10m: short tokens issued from now on live 10m; the short token held keeps its exp (\(exp))")
        // The next token lives 10 minutes.
        state.press(.escape)
        state.type("xr")
        let short = try #require(state.world.client.short)
        #expect(short.expiresAt - short.issuedAt == .minutes(10))
        // Recorded as the config line, and the recording replays.
        let script = state.session.script()
        #expect(script.contains("login alice wonderland\n"))
        #expect(script.contains("config short_ttl 10m\n"))
        #expect(try RecordingTests().replay(script).failures.isEmpty)
    }

    @Test func everyRowChangesTheWorldBothWays() {
        var state = makeState(width: 100, height: 30)
        state.type(",")
        for (row, setting) in LiveSetting.allCases.enumerated() {
            state.settingsRow = row
            let before = setting.current(in: state.world)
            state.press(.right)
            let after = setting.current(in: state.world)
            #expect(after != before, "\(setting) did not change")
            #expect(state.status?.text.en.hasPrefix(ScenarioPrinter.line(.config(after)) + ": ") == true, "\(state.status?.text.en ?? "")")
            state.press(.left)
            #expect(setting.current(in: state.world) == before, "\(setting) did not step back")
        }
    }

    @Test func proactiveRefreshStepsFromOffAndBackAndSaysWhatItDoes() {
        var state = makeState(width: 80, height: 24)
        state.type(",")
        state.settingsRow = LiveSetting.allCases.firstIndex(of: .proactiveRefresh)!
        state.press(.left)
        #expect(state.status?.text.en.contains("is already at its smallest preset (off)") == true)
        state.press(.right)
        #expect(state.world.client.settings.proactiveRefresh == .seconds(10))
        #expect(state.status?.text.en == "config proactive_refresh 10s: the client refreshes before sending once its short token has less than 10s left (by its own clock)")
        state.press(.left)
        #expect(state.world.client.settings.proactiveRefresh == nil)
        #expect(state.status?.text.en == "config proactive_refresh off: the client refreshes only after a 401 token_expired")
    }

    @Test func skewAndLeewayAreNarratedFromTheWorld() {
        var state = makeState(width: 80, height: 24)
        state.type(",")
        state.settingsRow = LiveSetting.allCases.firstIndex(of: .clientSkew)!
        state.press(.left)
        #expect(state.status?.text.en == "config client_skew -30s: the client's clock reads 30s behind the server's; the server judges exp by its own")
        state.settingsRow = LiveSetting.allCases.firstIndex(of: .leeway)!
        state.press(.right)
        #expect(state.status?.text.en == "config leeway 5s: the server still accepts a token up to 5s past its exp (and iat 5s early)")
        // A token 3 s past exp is accepted with 5 s leeway.
        state.press(.escape)
        state.type("lx")
        state.type("r")
        #expect(state.world.client.refreshCount == 0)
        #expect(state.status?.text.en.hasPrefix("GET /api/profile → 200") == true)
    }
}

/// `h`: every narration message, with its time, scrollable; the area says when a message is cut.
@Suite struct NarrationHistoryTests {
    @Test func historyKeepsEveryMessageWithItsTimeAndScrolls() {
        var state = makeState(width: 80, height: 24)
        for _ in 0..<12 { state.type("lr]") }
        state.type("h")
        #expect(state.overlay == .history)
        let screen = state.screen
        // Opens at the newest message.
        #expect(screen.contains(state.status!.text.en))
        #expect(screen.row(containing: "Narration")?.contains("↑↓ PgUp PgDn") == true)
        let newestTop = state.historyOffset
        state.press(.home)
        #expect(state.historyOffset == 0)
        #expect(state.screen.contains("-- 2026-01-01"))
        #expect(state.screen.contains("09:00:00 logged in as alice: a short and a long token"))
        state.press(.end)
        #expect(state.historyOffset == newestTop)
        state.press(.down)
        #expect(state.historyOffset == newestTop, "never scrolled past the end")
        state.press(.escape)
        #expect(state.overlay == nil)
        #expect(state.narration.count == state.history.count + 1)
    }

    @Test func aMessageTooLongForTheAreaPointsToTheHistory() {
        var state = makeState(width: 80, height: 24)
        state.status = StatusMessage(text: .verbatim(Array(repeating: "word", count: 60).joined(separator: " ")))
        let rows = state.screen.lines.suffix(3).prefix(2)
        #expect(rows.last?.trimmingCharacters(in: .whitespaces).hasSuffix("word … h: whole") == true, "\(rows)")
        state.type("h")
        #expect(state.screen.lines.filter { $0.contains("word word") }.count >= 4)
    }
}

@Suite struct AlgorithmSettingTests {
    @Test func switchingTheAlgorithmSaysWhatChangedWholeAt80x24() {
        var state = makeState(width: 80, height: 24)
        state.type(",")
        state.settingsRow = LiveSetting.allCases.firstIndex(of: .algorithm)!
        for expected in ["rs256", "es256", "eddsa", "hs256"] {
            state.press(.right)
            #expect(state.world.server.policy.algorithm.keyword == expected)
            let narration = state.screen.lines.suffix(3).prefix(2).joined(separator: " ")
            #expect(narration.contains("config alg \(expected):") && !narration.contains("h: whole"), "\(narration)")
        }
    }
}
