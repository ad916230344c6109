import Foundation
import Testing
@testable import AuthEngine

/// Hostile scripts: what a script can ask for is checked when it is parsed or refused
/// when it runs — never a trap, a hang, or memory without bound.
@Suite struct HostileScriptTests {
    static func diagnostics(_ text: String) -> [String] {
        switch ScenarioParser.parse(text, file: "h.authtui") {
        case .success: return []
        case .failure(let errors): return errors.diagnostics.map(\.description)
        }
    }

    static func run(_ text: String, budget: Int? = nil) throws -> (summary: ScenarioSummary, problems: [String], transcript: String) {
        let scenario = try ScenarioParser.parse(text, file: "h.authtui").get()
        var config = SimulationConfig()
        config.eventBudget = budget
        var problems: [String] = []
        var transcript = ""
        let writer = TextTranscript(write: { transcript += $0 + "\n" })
        let summary = ScenarioRunner(scenario: scenario, baseConfig: config) { output in
            writer.handle(output)
            if case .problem(_, let message) = output { problems.append(message) }
        }.run()
        return (summary, problems, transcript)
    }

    @Test func limitsAreCheckedWhereTheyAreWritten() {
        let cases: [(String, String)] = [
            ("advance 9223372036854775807ms", "h.authtui:1:9: error: '9223372036854775807ms' is longer than 36500d (100 years), the longest duration a script may give"),
            ("advance 99999999999999999999999s", "h.authtui:1:9: error: '99999999999999999999999s' is longer than 36500d (100 years), the longest duration a script may give"),
            ("config timeout 36501d", "h.authtui:1:16: error: '36501d' is longer than 36500d (100 years), the longest duration a script may give"),
            ("config short_ttl 999ms", "h.authtui:1:18: error: short_ttl must be at least 1s: a token that lives under a second is born expired (exp is in whole seconds)"),
            ("config oauth_access_ttl 500ms", "h.authtui:1:25: error: oauth_access_ttl must be at least 1s: a token that lives under a second is born expired (exp is in whole seconds)"),
            ("config log_capacity 10000000", "h.authtui:1:21: error: log_capacity must be between 1 and 100000, not 10000000"),
            ("config wechat_margin 1h", "h.authtui:1:22: error: wechat_margin (WeChat's tokens live 2h; a margin of half that or more renews them without end) must be under 1h"),
            ("login alice\rwonderland", "h.authtui:1:12: error: a carriage return alone is not a line ending: save the file with LF or CRLF line endings"),
            ("login alice wonderland\r\nreqest GET /\r\n", "h.authtui:2:1: error: unknown command 'reqest' (did you mean 'request'?)"),
            ("request GET /\u{1b}[2J", ""),
            ("reqest\u{1b}[2J GET /", "h.authtui:1:1: error: unknown command 'reqest\\u001b[2J'"),
        ]
        for (text, expected) in cases {
            #expect(Self.diagnostics(text) == (expected.isEmpty ? [] : [expected]), "\(text)")
        }
    }

    @Test func redirectURIsFollowTheRegistrationRules() {
        func problem(_ uri: String) -> String? { RedirectURIRule.problem(uri) }
        #expect(problem("https://app.example/cb") == nil)
        #expect(problem("http://127.0.0.1:8765/cb") == nil)
        #expect(problem("http://localhost/cb") == nil)
        #expect(problem("http://[::1]:9/cb") == nil)
        #expect(problem("https://app.example/cb#frag") == "must not have a #fragment (RFC 6749 §3.1.2)")
        #expect(problem("http://app.example/cb") == "must use https (plain http only for localhost, 127.0.0.1 or [::1])")
        #expect(problem("https://user:pw@app.example/cb") == "must not carry user:password@ (userinfo)")
        #expect(problem("https:///cb") == "has no host")
        #expect(problem("app.example/cb") == "must be absolute (https://host/path)")
        #expect(problem("http://127.0.0.1.evil.example/cb") == "must use https (plain http only for localhost, 127.0.0.1 or [::1])")
        #expect(Self.diagnostics("oauth register A redirect=https://a.example/cb#x scopes=p")
            == ["h.authtui:1:18: error: redirect URI 'https://a.example/cb#x' must not have a #fragment (RFC 6749 §3.1.2)"])
    }

    @Test func theClockStopsAtTheYear9999() throws {
        let (summary, problems, _) = try Self.run("config start 9999-12-01T00:00:00Z\nadvance 30d\nadvance 2d\nwait 2d\nexpect state logged_out")
        #expect(problems == ["advance 2d: the clock cannot go past 9999-12-31T23:59:59.999Z", "wait 2d: the clock cannot go past 9999-12-31T23:59:59.999Z"])
        #expect(summary.passed == 1 && summary.failed == 2)
    }

    @Test func tokensIssuedAtTheEndOfTimeStillVerify() throws {
        // A century-long token issued minutes before 9999-12-31 would expire in the year
        // 10099, a time every verifier here refuses: the issuers stamp the clock's last second.
        let (summary, problems, transcript) = try Self.run("""
            config short_ttl 36500d
            config long_ttl 36500d
            config oauth_access_ttl 36500d
            config start 9999-12-31T23:50:00Z
            login alice wonderland
            expect claim exp 253402300799
            request GET /api/profile
            expect status 200
            oauth register A redirect=https://a.example/cb scopes=profile pkce=on
            oauth authorize
            oauth consent approve
            oauth exchange
            expect claim exp 253402300799
            oauth call GET /api/profile
            expect status 200
            attacker forge alg_none
            expect status 401
            expect error invalid_token
            """)
        #expect(problems == [])
        #expect(summary.failed == 0 && summary.passed == 6)
        #expect(transcript.contains("expires 9999-12-31T23:59:59Z"))
        #expect(!transcript.contains("time_out_of_range"))
    }

    @Test func trafficThatWouldPileUpTimeoutsIsRefused() throws {
        let (_, problems, _) = try Self.run("config latency 0s\nconfig timeout 1h\nlogin alice wonderland\ntraffic every 1ms GET /api/profile\nadvance 1s")
        #expect(problems == ["traffic every 1ms with a 1h timeout keeps up to 3600000 requests waiting (at most 100000): send less often or lower config timeout"])
        let (_, later, _) = try Self.run("login alice wonderland\ntraffic every 1ms GET /api/profile\nconfig timeout 1h")
        #expect(later.count == 1 && later[0].hasPrefix("traffic every 1ms with a 1h timeout"))
    }

    @Test func aRunawayInstantHaltsTheClockInsteadOfHanging() {
        let clock = VirtualClock()
        func again() { clock.schedule(after: .zero) { again() } }
        again()
        clock.advance(by: .seconds(1))
        #expect(clock.halt == .runaway(at: .scenarioStart))
        #expect(clock.nextEventTime == nil)
        clock.advance(by: .seconds(1)) // a halted clock does nothing more
        #expect(clock.now == .scenarioStart)
    }

    @Test func anEventBudgetStopsTheRunAndSaysWhatRepeated() throws {
        let (summary, problems, _) = try Self.run("login alice wonderland\ntraffic every 1s GET /api/profile\nadvance 1d\nexpect state logged_in\nexpect refreshes 0", budget: 5_000)
        #expect(problems.count == 1)
        #expect(problems[0].hasPrefix("the run used its budget of 5000 events; what repeats: "))
        #expect(problems[0].hasSuffix("(the world is stopped)"))
        #expect(summary.passed == 0 && summary.failed == 1) // the lines after the halt do not run
    }

    @Test func crlfCopiesOfEveryShippedScriptBehaveLikeTheOriginals() throws {
        for url in ScenarioRunnerTests.shippedScripts where !url.lastPathComponent.hasPrefix("06") {
            let text = try String(contentsOf: url, encoding: .utf8)
            let crlf = text.replacingOccurrences(of: "\n", with: "\r\n")
            #expect(crlf.unicodeScalars.filter { $0 == "\r" }.count == text.filter { $0 == "\n" }.count)
            let a = try Self.run(text), b = try Self.run(crlf)
            #expect(a.summary == b.summary, "\(url.lastPathComponent)")
            #expect(a.summary.passed > 0)
            #expect(a.transcript == b.transcript, "\(url.lastPathComponent)")
        }
    }

    /// Mutates the shipped scripts, seeded, and runs every mutant: a parse error must name
    /// FILE:LINE:COL (exit 2), a run must end (exit 0 or 1) within its event budget, and
    /// no output may hold a control character.
    @Test func aSeededMutationFuzzerOverTheShippedScripts() throws {
        var random = SeededGenerator(seed: 20261129)
        let corpus = try ScenarioRunnerTests.shippedScripts.map { try String(contentsOf: $0, encoding: .utf8) }
        let hostileLines = [
            "advance 9223372036854775807ms", "advance 36500d", "wait 36500d", "config latency 0s", "config timeout 36500d",
            "traffic every 1ms GET /api/profile", "config log_capacity 100000", "burst 1000 GET /api/profile", "config short_ttl 1s",
            "wechat component_token", "config wechat_margin 59m", "expect log \"\"", "config seed 18446744073709551615", "reset",
            "oauth register x redirect=http://evil.example/#f scopes=a", "user \"\" \"\"", "config start 9999-12-31T23:59:59Z",
            "expire long", "config reuse_grace 36500d", "config client_skew -36500d", "config leeway 36500d", "tamper short name=\u{1b}[2J",
            "profile alice name=\u{202e}evil", "oauth exchange code=\u{7}", "wechat call /\r", "config absolute_lifetime 1s",
            "sessions servers 64", "burst 1000 GET /api/orders", "mode both", "config renew_window 100%", "config proactive_refresh 36500d",
        ]
        let characters: [Character] = ["\r", "\u{1b}", "\"", "#", "\t", " ", "=", "é", "李", "🔑", "0", "9", "-", "d", "m", "\\", "\u{0}", "\u{202e}"]
        var parsed = 0, failedToParse = 0, budgetHalts = 0
        let start = Date()
        for _ in 0..<2_000 {
            var lines = corpus[Int(random.next() % UInt64(corpus.count))].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for _ in 0...(random.next() % 3) {
                guard !lines.isEmpty else { break }
                let i = Int(random.next() % UInt64(lines.count))
                switch random.next() % 8 {
                case 0: lines.insert(hostileLines[Int(random.next() % UInt64(hostileLines.count))], at: i)
                case 1: lines.append(lines[i])
                case 2: lines.swapAt(i, Int(random.next() % UInt64(lines.count)))
                case 3: lines.remove(at: i)
                case 4:
                    var chars = Array(lines[i])
                    if !chars.isEmpty { chars[Int(random.next() % UInt64(chars.count))] = characters[Int(random.next() % UInt64(characters.count))] }
                    lines[i] = String(chars)
                case 5: lines[i] = lines[i].replacingOccurrences(of: "1", with: ["99999999999999999999", "-1", "0", "36500"][Int(random.next() % 4)])
                case 6: lines[i] = String(lines[i].prefix(Int(random.next() % UInt64(max(1, lines[i].count)))))
                default: lines[i] += ["\r", " # x", " extra", "\u{1b}[0m"][Int(random.next() % 4)]
                }
            }
            let text = random.next() % 4 == 0 ? lines.joined(separator: "\r\n") : lines.joined(separator: "\n")
            switch ScenarioParser.parse(text, file: "fuzz.authtui") {
            case .failure(let errors):
                failedToParse += 1
                for d in errors.diagnostics {
                    #expect(d.line >= 1 && d.column >= 1, "\(d)")
                    #expect(d.description.hasPrefix("fuzz.authtui:\(d.line):\(d.column): error: "), "\(d)")
                    #expect(!d.description.unicodeScalars.contains(where: TerminalSafe.isUnsafe), "\(d)")
                }
            case .success(let scenario):
                parsed += 1
                var config = SimulationConfig()
                config.eventBudget = 3_000
                var unsafe: [String] = []
                let writer = TextTranscript(write: { line in if line.unicodeScalars.contains(where: TerminalSafe.isUnsafe) { unsafe.append(line) } })
                let runner = ScenarioRunner(scenario: scenario, baseConfig: config) { writer.handle($0) }
                runner.run()
                if runner.isHalted { budgetHalts += 1 }
                #expect(unsafe.isEmpty, "\(unsafe.prefix(2))")
                if let sim = runner.simulation { #expect(sim.clock.eventsFired <= 3_000) }
            }
        }
        let seconds = Date().timeIntervalSince(start)
        #expect(parsed > 400 && failedToParse > 400, "parsed \(parsed), refused \(failedToParse)")
        #expect(seconds < 60, "2000 mutants took \(seconds) s")
        print("fuzzer: 2000 mutants, \(parsed) ran (\(budgetHalts) stopped by the budget), \(failedToParse) refused with FILE:LINE:COL, \(String(format: "%.1f", seconds)) s")
    }
}
