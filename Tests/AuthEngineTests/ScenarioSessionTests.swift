import Testing
@testable import AuthEngine

/// Runs a script as `authtui run` does; returns its log lines and summary.
func replay(_ script: String, file: String = "recording") throws -> (log: [String], summary: ScenarioSummary, failures: [String]) {
    let scenario = try ScenarioParser.parse(script, file: file).get()
    var log: [String] = []
    var failures: [String] = []
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

/// A session whose log lines are collected as they happen.
final class RecordedSession {
    final class Lines { var all: [String] = [] }
    let session: ScenarioSession
    private let lines = Lines()

    init(config: SimulationConfig = SimulationConfig()) {
        session = ScenarioSession(config: config, header: ["test"]) { [lines] output in
            if case .log(let entry) = output { lines.all.append(LogFormatter.line(entry)) }
        }
    }

    var logLines: [String] { lines.all }
}

@Suite struct ScenarioSessionTests {
    @Test func aSessionRecordsAScriptThatReplaysWithTheSameLog() throws {
        let recorded = RecordedSession()
        let s = recorded.session
        s.perform(.login(username: "alice", password: "wonderland"))
        s.world.clock.isPaused = false
        s.world.clock.speed = 60
        s.world.clock.tick(realElapsed: 3.25)                        // the clock ran 195 s
        s.perform(.traffic(every: .seconds(10), method: "GET", path: "/api/profile"))
        s.world.clock.tick(realElapsed: 20)                          // 20 min of traffic, a refresh on the way
        s.perform(.trafficOff)
        s.perform(.expire(.short))
        s.perform(.burst(count: 3, method: "GET", path: "/api/profile"))
        s.perform(.failNextRefresh(.drop))
        s.perform(.expire(.short))
        s.perform(.request(method: "GET", path: "/api/admin"))
        s.world.clock.tick(realElapsed: 1.5)
        let script = s.script()
        #expect(script.hasPrefix("# test\nconfig seed 1\nconfig start 2026-01-01T09:00:00Z\n"))
        #expect(script.contains("\nwait 3m15s\n"))
        #expect(script.contains("\nburst 3 GET /api/profile\nexpect status 200\n"))
        #expect(script.hasSuffix("wait 1m30s\n"))
        let run = try replay(script)
        #expect(run.failures.isEmpty, "\(run.failures)")
        #expect(run.summary.passed == 3, "\(script)")
        #expect(script.contains("login alice wonderland\nexpect state logged_in\nwait 3m15s\n"))
        #expect(run.log == recorded.logLines)
    }

    @Test func commandsThatCannotRunAreNotRecorded() throws {
        let recorded = RecordedSession()
        let report = recorded.session.perform(.expire(.short))
        #expect(report.problem == "the client holds no short token to expire")
        #expect(!recorded.session.script().contains("expire"))
        #expect(try replay(recorded.session.script()).summary.failed == 0)
    }

    @Test func resetStartsAFreshWorldWithTheSettingsSoFar() throws {
        let recorded = RecordedSession()
        let s = recorded.session
        s.perform(.config(.shortTTL(.minutes(2))))
        s.perform(.login(username: "bob", password: "builder"))
        let first = s.world
        s.perform(.reset)
        #expect(s.world !== first)
        #expect(s.world.client.state == .loggedOut)
        #expect(s.world.server.policy.shortLifetime == .minutes(2))
        s.perform(.login(username: "alice", password: "wonderland"))
        let run = try replay(s.script())
        #expect(run.failures.isEmpty, "\(run.failures)")
        #expect(run.log == recorded.logLines)
    }

    @Test func aStepThatCannotSettleIsAFailure() throws {
        let script = """
        config timeout 20m
        login alice wonderland
        fail next refresh drop
        expire short
        request GET /api/profile
        """
        let run = try replay(script)
        #expect(run.failures == ["line 5: 'request GET /api/profile' did not finish within 10m of virtual time"])
    }

    @Test func waitFiresEventsWithoutAJumpLine() throws {
        let run = try replay("login alice wonderland\ntraffic every 10s GET /api/profile\nwait 1m\n")
        #expect(run.log.filter { $0.contains("GET /api/profile") && $0.contains("client → server") }.count == 6)
        #expect(!run.log.contains { $0.contains("clock jumped") })
    }
}
