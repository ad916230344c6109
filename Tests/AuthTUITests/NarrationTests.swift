import Foundation
import Testing
@testable import AuthEngine
@testable import AuthTUI

/// Status lines say what the engine reported, not a fixed sentence (issue 11's reports).
@Suite struct NarrationTests {
    @Test func aRefusedRefreshIsNamedNotTheFirst401() {
        var state = makeState()
        state.type("lvxr")
        #expect(state.status?.text.en == "GET /api/profile → 401 token_expired; the refresh was refused (401 refresh_revoked): log in again (l)")
        state.type("l")
        #expect(state.status?.text.en == "logged in as alice: a short and a long token")
        state.type("fx")
        state.type("b")
        #expect(state.status?.text.en == "burst of 5: 5× 401 token_expired; the refresh failed (500 server_error): tokens kept, the next 401 tries again")
    }

    /// The welcome names tab 1's keys; a tab opened before anything was done says its own
    /// first keys instead, and the untouched welcome does not linger as history there.
    @Test func aTabOpenedBeforeAnythingWasDoneSaysHowToBeginThere() {
        var state = makeState()
        state.status = Welcome.message(presenter: nil, liveURL: nil)
        state.type("5")
        #expect(state.status?.text.en.hasPrefix("Welcome. Press n for each message of the flow") == true)
        #expect(state.history.isEmpty)
        state.type("4")
        #expect(state.status?.text.en.hasPrefix("Welcome. Press l to log in to both designs") == true)
        state.type("1")
        #expect(state.status == Welcome.firstSteps(on: .tokens))
        #expect(state.history.isEmpty)
        // Once something was done, a tab switch clears the status and keeps what was said.
        state.type("l")
        state.type("2")
        #expect(state.status == nil)
        #expect(state.history.last?.message.text.en == "logged in as alice: a short and a long token")
        #expect(!state.history.contains { $0.message.text.en.hasPrefix("Welcome.") })
        // Read at 80 columns, no welcome splits the language's name across rows.
        for tab in Tab.allCases {
            let rows = LineBreak.wrap(Welcome.firstSteps(on: tab).text.en, width: 80)
            #expect(rows.contains { $0.contains("` for 中文.") }, "\(tab): \(rows)")
        }
    }

    @Test func anExpiryKeyOnATokenAlreadyExpiredSaysTheClockStays() {
        var state = makeState()
        state.type("lx")
        #expect(state.status?.text.en == "jumped to 1 s past the short token's expiry: press r")
        let now = state.world.clock.now
        state.type("x")
        #expect(state.world.clock.now == now)
        #expect(state.status?.text.en == "the short token had expired already (at \(state.world.client.short!.expiresAt.timeOfDay.prefix(8))): the clock stays")
    }

    @Test func aRotateRaceEndsInReuseAndSaysSo() {
        var state = makeState()
        state.type("p") // rotate
        state.type("c") // single flight off: each 401 refreshes on its own
        state.type("lx")
        state.type("b")
        #expect(state.status?.text.en == "burst of 5: 1× 200 (after refresh + retry), 4× 401 token_expired; the refresh was refused (401 refresh_revoked): log in again (l)")
    }

    @Test func profileAndLoginSayWhatIsTrue() {
        var state = makeState()
        state.type("u")
        #expect(state.status?.text.en == "alice is now 李雷 (user,admin) on the server; no short token is held: the next login carries the new claims")
        state.type("l")
        state.type("u")
        #expect(state.status?.text.en == "alice is now Zoë 🔑 (user) on the server; her short token still says 李雷 until it is renewed")
        state.type("l")
        #expect(state.status?.text.en.hasPrefix("logged in as alice: a short and a long token (a new login:") == true)
    }

    @Test func speedKeysSayTheSpeed() {
        var state = makeState()
        state.type("+")
        #expect(state.status?.text.en == "speed 600×: a short token of 15 minutes lasts 1.5 real seconds")
        #expect(state.status?.text.zh == "速度 600×：15 分钟的短token只撑真实的 1.5 秒")
        state.type("--")
        #expect(state.status?.text.en == "speed 10×: a short token of 15 minutes lasts 90 real seconds")
        state.type("-")
        #expect(state.status?.text.en == "speed 1×: a short token of 15 minutes lasts 15 real minutes")
    }

    /// The token each tab counts down, with the lifetime a setting gave it.
    @Test func speedKeysSayTheLifetimeAsSet() {
        var state = makeState { $0.policy.shortLifetime = .minutes(5); $0.oauth.accessLifetime = .hours(1) }
        state.type("+")
        #expect(state.status?.text.en == "speed 600×: a short token of 5 minutes lasts 0.5 real seconds")
        state.type("2+")
        #expect(state.status?.text.en == "speed 3600×: an access token of 1 h lasts 1 real second")
        state.type("3-")
        #expect(state.status?.text.en == "speed 600×: a component_access_token of 2 h lasts 12 real seconds")
    }

    @Test func aRefusedOAuthRefreshDoesNotClaimItRenewed() {
        var state = makeState(width: 120, height: 40)
        state.type("2")
        for _ in 0..<30 where state.oauthFlow.app.refreshToken == nil || state.reveal != nil { state.type("n") }
        state.type("f")
        #expect(state.status?.text.en == "refresh the access token → 200. the refresh token renewed it without asking the user again")
        state.type("R") // replaying the code revokes what it issued
        state.type("f")
        #expect(state.status?.text.en == "refresh the access token → 400 invalid_grant (refresh token revoked): no new token; n authorizes again")
        #expect(state.status?.tone == .bad)
    }
}

@Suite struct SmallerItemsTests {
    @Test func ctrlCExits130AndSignalsExit128PlusN() {
        var state = makeState()
        state.press(.controlC)
        #expect(state.shouldQuit && state.exitCode == 130)
        var term = makeState()
        update(&term, .terminated(signal: 15))
        #expect(term.shouldQuit && term.exitCode == 143)
        var q = makeState()
        q.type("q")
        #expect(q.shouldQuit && q.exitCode == 0)
    }

    @Test func theTooSmallScreenTakesOnlyQuitAndRedraw() {
        var state = makeState(width: 30, height: 8)
        state.type("lxr")
        #expect(state.world.log.totals.requests == 0)
        state.press(.controlL)
        #expect(state.redrawRequested)
        state.type("q")
        #expect(state.shouldQuit)
    }

    @Test func ctrlLAsksForARedraw() {
        var state = makeState()
        state.press(.controlL)
        #expect(state.redrawRequested)
    }

    @Test func detailsWrapAtSpacesNotMidWord() {
        let rows = DetailsOverlay.wrap("  WWW-Authenticate: Bearer realm=\"authtui\", error=\"invalid_token\", error_description=\"The access token expired\"", 70, Theme.value)
        #expect(rows.map(\.0) == ["  WWW-Authenticate: Bearer realm=\"authtui\", error=\"invalid_token\", ",
                                 "    error_description=\"The access token expired\""])
        // A word longer than a row is still split, never lost.
        let long = DetailsOverlay.wrap(String(repeating: "x", count: 25), 10, Theme.value).map(\.0).joined()
        #expect(long.filter { $0 == "x" }.count == 25)
    }

    @Test func theDetailsOverlayHidesTheScreenBehind() {
        var state = makeState(width: 80, height: 24)
        state.type("lxr")
        state.press(.enter)
        let screen = state.screen
        for row in 2..<22 {
            let line = screen.lines[row]
            #expect(line.prefix(3).allSatisfy { $0 == " " } && line.suffix(3).allSatisfy { $0 == " " }, "row \(row): \(line)")
        }
    }
}

@Suite struct HelpScrollTests {
    /// At 80×24 help scrolls to its last line: every key, the View keys and the legend.
    @Test func helpScrollsToShowEverythingAt80x24() {
        var state = makeState(width: 80, height: 24)
        state.type("?")
        var seen = Set<String>()
        for _ in 0..<120 {
            for line in state.screen.lines { seen.insert(line) }
            state.type("j")
        }
        // Scrolled to the end: "Help N/N".
        let m = state.screen.lines[1].firstMatch(of: /Help (\d+)\/(\d+)/)
        #expect(m != nil && m?.1 == m?.2, "\(state.screen.lines[1])")
        // One key back from the end moves one line up.
        state.press(.end)
        let bottom = state.helpOffset
        state.type("k")
        #expect(state.helpOffset == bottom - 1)
        let all = seen.joined(separator: "\n")
        for text in ["log in as alice", "record the session", "reset: a fresh world", "redraw the screen", "Log legend", "the clock jumped", "JWT vs server sessions", "quit"] {
            #expect(all.contains(text), "\(text)")
        }
        #expect(state.screen.lines[1].contains("Help ") && state.screen.lines[1].contains("Esc closes"))
        state.press(.escape)
        #expect(state.overlay == nil)
    }
}

@Suite struct NarrationAreaTests {
    /// The narration rows, joined back into text.
    func narration(_ state: AppState) -> String {
        let layout = ScreenLayout(width: state.width, height: state.height)
        let lines = state.screen.lines
        return (layout.status.y..<layout.status.maxY).map { lines[$0].trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// At 80×24 every attack's and fault's message, with the rule that stops it, is read whole.
    @Test(arguments: ["2e", "2s", "2F", "2V", "2d", "3T", "3W", "3E", "3A", "3K", "3U", "4lo", "4lma"])
    func theWholeMessageIsVisibleAt80x24(_ keys: String) {
        var state = makeState(width: 80, height: 24)
        state.type(keys)
        let text = state.status?.text.en ?? ""
        #expect(!text.isEmpty)
        #expect(narration(state).hasSuffix(text), "\(keys): \(narration(state)) ≠ \(text)")
    }

    @Test func earlierMessagesStayAboveTheNewest() {
        var state = makeState(width: 100, height: 40)
        state.type("l")
        state.type("x")
        state.type("r")
        let layout = ScreenLayout(width: 100, height: 40)
        #expect(layout.status.height == 3)
        let rows = (layout.status.y..<layout.status.maxY).map { state.screen.lines[$0] }
        #expect(rows[0].hasPrefix("logged in as alice"))
        #expect(rows[1].hasPrefix("jumped to 1 s past the short token's expiry"))
        #expect(rows[2].hasPrefix("GET /api/profile → 200 (after refresh + retry)"))
    }

    @Test func wrapBreaksAtSpaces() {
        #expect(LineBreak.wrap("one two three four", width: 9) == ["one two", "three", "four"])
        #expect(LineBreak.wrap("abcdefghijkl", width: 5) == ["abcde", "fghij", "kl"])
        #expect(LineBreak.wrap("李雷 李雷 李雷", width: 9) == ["李雷 李雷", "李雷"])
    }
}

@Suite struct NothingCutAt80x24Tests {
    /// The words a cut would hide: `token_expir│` must never be what a student copies down.
    static let words = ["token_expired", "refresh_revoked", "refresh_reused", "refresh_expired", "invalid_grant", "invalid_token",
                        "invalid_client", "invalid_request", "state_mismatch", "access_denied", "session_unknown", "session_missing",
                        "insufficient_scope", "authorization_pending", "expired_token", "slow_down"]

    /// Every panel segment that ends in a strict prefix of one of the words.
    static func cuts(_ screen: Canvas) -> [String] {
        var found: [String] = []
        for line in screen.lines {
            for segment in line.split(separator: "│").map({ String($0).trimmingCharacters(in: .whitespaces) }) {
                for word in words where !segment.hasSuffix(word) {
                    let floor = (word.firstIndex(of: "_").map { word.distance(from: word.startIndex, to: $0) } ?? 4) + 2
                    if (floor..<word.count).contains(where: { segment.hasSuffix(String(word.prefix($0))) }) { found.append(segment) }
                }
            }
        }
        return found
    }

    @Test(arguments: ["lvxr", "lpcxb", "lfxr", "la"])
    func tabOneLogKeepsItsErrorCodes(_ keys: String) {
        var state = makeState(width: 80, height: 24)
        state.type(keys)
        #expect(Self.cuts(state.screen).isEmpty, "\(Self.cuts(state.screen))")
    }

    @Test func aRevocationReadsWholeInTheNarrowLog() {
        var state = makeState(width: 80, height: 24)
        state.type("lv")
        #expect(state.screen.contains("✗ revoked by an administrator"))
        state.type("lpcxb")
        #expect(state.screen.contains("✗ revoked: reuse detected"))
    }

    @Test func tabThreeLifetimesAreNeverCut() {
        var state = makeState(width: 80, height: 24)
        state.type("3")
        for _ in 0..<12 { state.type("n") }
        let screen = state.screen
        for (label, left) in [("ticket", "11h 59m left"), ("component", "1h 59m left"), ("pre_auth", "09:59 left"), ("auth_code", "09:59 left")] {
            let row = screen.row(containing: "│ \(label) ")
            #expect(row?.contains(left) == true, "\(label): \(row ?? "none")")
        }
    }
}

@Suite struct SeedPointTests {
    @Test func aStolenShortTokenWorksUntilItsExpAndNoLonger() throws {
        var state = makeState()
        state.type("ldD")
        #expect(state.status?.text.en.hasPrefix("attacker's GET /api/profile with the stolen short token → 200: it works until its exp (in 14:59)") == true, "\(state.status?.text.en ?? "")")
        state.type("xD")
        #expect(state.status?.text.en == "attacker's GET /api/profile with the stolen short token → 401 token_expired: a short token's short life is what limits a theft")
        #expect(state.status?.tone == .good)
        // The same lesson replays as a script.
        let run = try ScenarioParser.parse(state.session.script(), file: "r").get()
        var failed = 0
        ScenarioRunner(scenario: run) { if case .expectation(let r) = $0, !r.passed { failed += 1 } }.run()
        #expect(failed == 0)
        #expect(state.session.script().contains("steal short\nwait") || state.session.script().contains("steal short\nattacker request GET /api/profile\nexpect status 200\n"))
    }

    @Test func tamperingInTabOneIsInvalidTokenNotExpiry() {
        var state = makeState()
        state.type("T")
        #expect(state.status?.text.en == "the client holds no short token to tamper with: press l to log in")
        state.type("lT")
        #expect(state.status?.text.en == "roles=user,admin written into the short token, not re-signed: GET /api/admin → 401 invalid_token — the signature no longer matches (never refreshed)")
        #expect(state.world.client.refreshCount == 0)
        // The rule is read whole in the narration area at 80×24.
        state.width = 80
        state.height = 24
        let narration = state.screen.lines.suffix(3).prefix(2).joined(separator: " ")
        #expect(narration.contains("the signature no longer matches (never refreshed)"), "\(narration)")
    }
}

@Suite struct PerTabLogTests {
    @Test func eachTabsLogShowsItsOwnFlowAndStarShowsAll() {
        var state = makeState(width: 120, height: 40)
        state.type("lxr")          // token-flow traffic
        state.type("3")            // WeChat: its pushes start
        state.type("2nn")          // OAuth: register, interaction 1
        let oauth = LogScope.entries(state)
        #expect(!oauth.isEmpty)
        #expect(oauth.allSatisfy { LogScope.tabs(of: $0, live: nil)?.contains(.oauth) ?? true })
        #expect(!state.screen.contains("c→s GET /api/profile"))
        #expect(!state.screen.contains("wx→comp"))
        state.type("*")
        #expect(state.screen.contains("all flows"))
        #expect(LogScope.entries(state).count == state.world.log.entries.count)
        state.type("*1")
        let tokens = LogScope.entries(state)
        #expect(tokens.contains { if case .request(_, .client, .server, _) = $0.event { return true }; return false })
        #expect(!tokens.contains { if case .request(_, .wechat, _, _) = $0.event { return true }; return false })
    }

    @Test func scrollingMovesOverTheTabsOwnEntries() {
        var state = makeState(width: 120, height: 40)
        state.type("lr3")
        state.type("1")
        state.press(.up)
        let cursor = try! #require(state.logCursor)
        let entry = state.world.log.entries.first { $0.sequence == cursor }!
        #expect(LogScope.tabs(of: entry, live: nil)?.contains(.tokens) ?? true)
    }
}

@Suite struct PresenterTests {
    func presenting(_ text: String) throws -> AppState {
        let scenario = try ScenarioParser.parse(text, file: "lesson").get()
        let session = ScenarioSession()
        let presenter = Presenter(scenario: scenario, session: session)
        return AppState(session: session, width: 120, height: 40, presenter: presenter)
    }

    /// Presenting a shipped script gives its verdicts as `authtui run` does: every one passes
    /// (`expect log` included), then restarting and walking it again passes again.
    static var shippedScripts: [String] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scenarios")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".authtui") }.sorted().map { folder.appendingPathComponent($0).path }
    }

    @Test(arguments: shippedScripts)
    func aShippedScriptPassesWhenPresented(_ path: String) throws {
        let url = URL(fileURLWithPath: path)
        let name = url.lastPathComponent
        let scenario = try ScenarioParser.parse(String(contentsOf: url, encoding: .utf8), file: name).get()
        let session = ScenarioSession()
        let presenter = Presenter(scenario: scenario, session: session)
        var state = AppState(session: session, width: 80, height: 24, presenter: presenter)
        state.world.clock.isPaused = true
        for _ in 0..<200 where !presenter.isFinished { state.type("n") }
        #expect(presenter.failed == 0, "\(state.narration.map(\.message.text.en).filter { $0.contains("FAIL") })")
        #expect(presenter.passed > 0)
        state.type("0")
        for _ in 0..<200 where !presenter.isFinished { state.type("n") }
        #expect(presenter.failed == 0)
    }

    @Test func nRunsTheScriptOnAnyTabAndTheTabFollows() throws {
        var state = try presenting("login alice wonderland\noauth register A redirect=https://a.example/cb scopes=profile\noauth authorize\nexpect status 200\nwechat component_token\nmode both\nlogin alice wonderland\nrequest GET /api/profile\nexpect status 200")
        state.type("2") // on tab 2, n would walk the OAuth flow; presenting, it runs the script
        state.type("n")
        #expect(state.tab == .tokens && state.world.client.state == .loggedIn)
        state.type("nn")
        #expect(state.tab == .oauth)
        #expect(state.status?.text.en == "line 3: oauth authorize · PASS expect status 200")
        state.type("n")
        #expect(state.tab == .wechat)
        state.type("nnn")
        #expect(state.tab == .compare)
        #expect(state.presenter?.isFinished == true)
        #expect(state.presenter?.passed == 2)
    }

    @Test func stepBackAndRestartReplayInAFreshWorld() throws {
        var state = try presenting("login alice wonderland\nexpire short\nrequest GET /api/profile\nexpect refreshes 1\nrequest GET /api/profile\nexpect refreshes 1")
        state.type("nnnn")
        #expect(state.presenter?.isFinished == true)
        #expect(state.presenter?.passed == 2)
        state.type("N")
        #expect(state.status?.text.en == "stepped back: a fresh world, replayed up to line 5")
        #expect(state.presenter?.passed == 1 && state.world.client.refreshCount == 1)
        state.type("N")
        #expect(state.presenter?.next == 2 && state.world.client.refreshCount == 0)
        state.type("0")
        #expect(state.presenter?.next == 0 && state.world.client.state == .loggedOut)
        state.type("nnnn")
        #expect(state.presenter?.passed == 2 && state.presenter?.failed == 0)
        // The recording holds the resets and still replays.
        let script = state.session.script()
        #expect(script.contains("\nreset\n"))
        let replay = try ScenarioParser.parse(script, file: "r").get()
        var failed = 0
        ScenarioRunner(scenario: replay) { if case .expectation(let r) = $0, !r.passed { failed += 1 } }.run()
        #expect(failed == 0)
    }

    @Test func theScriptsCommentsAreItsNarration() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: folder.appendingPathComponent("scenarios/09-stolen-long-token.authtui"), encoding: .utf8)
        var state = try presenting(text)
        #expect(state.presenter?.introduction.hasPrefix("An attacker steals the long token and replays it.") == true)
        state.type("nnn")
        #expect(state.status?.text.en.hasPrefix("The user refreshes first, spending the token the attacker holds. ▸ line 10: expire short") == true, "\(state.status?.text.en ?? "")")
    }
}

@Suite struct LogDateLineTests {
    @Test func aDateLineMarksEachNewDayInTheLog() {
        var state = makeState(width: 100, height: 30)
        state.type("l")
        state.press(.character("{"))   // a day later
        state.type("r")
        let screen = state.screen
        #expect(screen.contains("── 2026-01-02 ─"))
        let dateRow = screen.lines.firstIndex { $0.contains("── 2026-01-02 ─") }!
        #expect(screen.lines[dateRow + 1].contains("09:00:00") || screen.lines[dateRow + 1].contains("09:00:0"))
        // The newest entry is still the last line in the box.
        let last = state.world.log.entries.last!
        #expect(screen.lines.contains { $0.contains(last.at.timeOfDay) })
    }
}

@Suite struct TokenSizeTests {
    @Test func addingRolesGrowsTheNextShortToken() {
        var state = makeState(width: 100, height: 30)
        state.type("l")
        let before = state.world.client.short!.raw.utf8.count
        #expect(state.screen.contains("\(before) B · jti "))
        state.type("mmm")
        #expect(state.status?.text.en == "alice has 4 roles on the server: her short token is \(before) bytes; the next one (x, then r) carries the new role and is bigger — every request sends it")
        state.type("xr")
        let after = state.world.client.short!.raw.utf8.count
        #expect(after > before)
        #expect(state.screen.contains("\(after) B"))
        #expect(state.world.client.short!.claims["roles"]?.plainText == "user,role2,role3,role4")
    }
}

@Suite struct ForgeryKeyTests {
    /// F in tab 1: each forgery in turn, its refusal and rule read whole at 80×24.
    @Test func eachForgeryIsRefusedWithItsRuleVisibleAt80x24() {
        var state = makeState(width: 80, height: 24) { $0.policy.algorithm = .rs256 }
        state.type("l")
        let rules = ["\"alg\": \"none\" is never accepted", "the header says \"HS256\" but the key is for RS256",
                     "keys come only from the server's own set", "keys come only from the server's own set",
                     "no key has kid \"../../../../dev/null\"", "the header says \"ES256\" but the key is for RS256"]
        for rule in rules {
            state.type("F")
            #expect(state.status?.tone == .good)
            #expect(state.status?.text.en.contains(rule) == true, "\(state.status?.text.en ?? "")")
            let narration = state.screen.lines.suffix(3).prefix(2).joined(separator: " ")
            #expect(!narration.contains("h: whole"), "cut at 80×24: \(narration)")
        }
        // The long token as an access token needs a stolen long token first.
        state.type("F")
        #expect(state.status?.text.en.hasPrefix("the attacker holds no long token") == true)
        state.type("s")
        state.forgeVariant = TokenForgery.allCases.firstIndex(of: .refreshAsAccess)!
        state.type("F")
        #expect(state.status?.text.en.contains("typ is \"refresh\", expected \"access\"") == true)
    }
}
