import Testing
@testable import AuthEngine
@testable import AuthTUI

/// Keys run scenario commands through the session: what a person does records as a
/// script that `authtui run` replays, passing, with the same log.
@Suite struct RecordingTests {
    final class Lines { var all: [String] = [] }

    /// A running playground (60×) whose log lines are collected as they happen.
    func playground(_ lines: Lines, width: Int = 100, height: Int = 30) -> AppState {
        let session = ScenarioSession(config: SimulationConfig(), header: ["keys"]) { output in
            if case .log(let entry) = output { lines.all.append(LogFormatter.line(entry)) }
        }
        let state = AppState(session: session, width: width, height: height)
        state.world.clock.speed = 60
        state.world.clock.isPaused = false
        return state
    }

    func replay(_ script: String) throws -> (log: [String], summary: ScenarioSummary, failures: [String]) {
        let scenario = try ScenarioParser.parse(script, file: "recording.authtui").get()
        var log: [String] = [], failures: [String] = []
        let summary = ScenarioRunner(scenario: scenario) { output in
            switch output {
            case .log(let entry): log.append(LogFormatter.line(entry))
            case .expectation(let r) where !r.passed: failures.append("line \(r.line): \(r.source) — \(r.detail)")
            case .problem(let line, let message): failures.append("line \(line): \(message)")
            default: break
            }
        }.run()
        return (log, summary, failures)
    }

    @Test func keysOnEveryTabRecordAScriptThatReplaysWithTheSameLog() throws {
        let lines = Lines()
        var state = playground(lines)
        func tick(_ seconds: Double) { update(&state, .tick(seconds: seconds)) }
        // Tab 1: log in, expire, request, burst, traffic, faults, the attacker, bob.
        state.type("l"); tick(2.5)
        state.type("xr"); tick(0.75)
        state.type("b"); state.type("t"); tick(5); state.type("t")
        state.type("u"); state.type("f"); state.type("xr")
        state.type("sS"); state.type("p"); state.type("c"); tick(1)
        state.type("v"); state.type("r"); state.type("B"); state.type("a")
        state.press(.character("]"))
        // Tab 2: the walkthrough message by message, then attacks.
        state.type("2")
        for _ in 0..<12 { state.type("n") }
        state.type("eRsEFVdf"); tick(1)
        // Tab 3: the WeChat steps and faults.
        state.type("3")
        for _ in 0..<14 { state.type("n") }
        state.type("RTWKEAUPJP"); tick(2)
        // Tab 4: the toggles.
        state.type("4")
        state.type("lruvooDamyxL")
        state.type("1"); tick(0.5)
        state.type("Z"); state.type("l"); tick(1.25)
        let script = state.session.script()
        #expect(script.contains("\nmode both\n") && script.contains("\nwechat start\n") && script.contains("\noauth exchange secret=none\n"))
        #expect(script.contains("\nlogin bob builder\n") && script.contains("\nreset\n"))
        let run = try replay(script)
        #expect(run.failures.isEmpty, "\(run.failures)")
        #expect(run.summary.passed > 40)
        #expect(run.log.count == lines.all.count)
        #expect(run.log == lines.all)
    }

    @Test func atStartsAndStopsARecordingShownInTheHeader() throws {
        let lines = Lines()
        var state = playground(lines)
        state.type("l")
        state.type("@")
        #expect(state.recordingTo == "authtui-recording-2026-01-01T090000.authtui")
        #expect(state.screen.lines[0].contains("● REC"))
        #expect(state.screen.lines.last!.contains("@ stop rec"))
        state.type("xr")
        state.type("@")
        #expect(state.recordingTo == nil)
        #expect(state.status?.text.en == "recording saved to authtui-recording-2026-01-01T090000.authtui: authtui run authtui-recording-2026-01-01T090000.authtui replays it")
        let write = try #require(state.pendingWrites.first)
        #expect(write.path == "authtui-recording-2026-01-01T090000.authtui")
        #expect(write.contents.contains("login alice wonderland\nexpect state logged_in\n# recording started here\nexpire short\n"))
        #expect(try replay(write.contents).failures.isEmpty)
    }

    @Test func quittingWhileRecordingWritesTheFile() {
        var state = playground(Lines())
        state.recordPath = "demo.authtui"
        state.recordingTo = "demo.authtui"
        state.type("l")
        state.type("q")
        #expect(state.shouldQuit)
        #expect(state.pendingWrites.map(\.path) == ["demo.authtui"])
    }

    @Test func wWritesScriptTranscriptHARAndMermaid() throws {
        var state = playground(Lines())
        state.type("lxr")
        state.type("w")
        let paths = state.pendingWrites.map(\.path)
        #expect(paths == ["session.authtui", "session.log", "session.har", "session.mmd"].map { "authtui-session-2026-01-01T091501/" + $0 })
        #expect(state.status?.text.en.hasPrefix("wrote authtui-session-2026-01-01T091501/: session.authtui (replays: ") == true)
        #expect(state.status?.tone == .good)
        let har = try #require(state.pendingWrites.first { $0.path.hasSuffix(".har") })
        #expect(har.contents.contains("\"url\": \"https://tokens.example/api/profile\""))
        let mermaid = try #require(state.pendingWrites.first { $0.path.hasSuffix(".mmd") })
        #expect(mermaid.contents.hasPrefix("sequenceDiagram\n"))
    }

    @Test func presenterLinesAreRecordedLikeKeys() throws {
        let scenario = try ScenarioParser.parse("config short_ttl 5m\nlogin alice wonderland\nexpire short\nrequest GET /api/profile\nexpect status 200", file: "demo").get()
        let session = ScenarioSession()
        let presenter = Presenter(scenario: scenario, session: session)
        var state = AppState(session: session, width: 100, height: 30, presenter: presenter)
        state.type("nnnn")
        let script = session.script()
        #expect(script.contains("config short_ttl 5m\nlogin alice wonderland\n"))
        #expect(script.contains("request GET /api/profile\nexpect status 200\nexpect error token_expired\nexpect status 200\n"))
        #expect(try replay(script).failures.isEmpty)
    }
}
