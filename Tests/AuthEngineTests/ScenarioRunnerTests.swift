import Foundation
import Testing
@testable import AuthEngine

@Suite struct ScenarioRunnerTests {
    static let scenariosFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scenarios")

    static var shippedScripts: [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: scenariosFolder.path)) ?? []
        return names.filter { $0.hasSuffix(".authtui") }.sorted().map { scenariosFolder.appendingPathComponent($0) }
    }

    func run(_ text: String, format: TranscriptFormat = .text) throws -> (String, ScenarioSummary) {
        let scenario = try ScenarioParser.parse(text, file: "t").get()
        var lines: [String] = []
        let writer = TranscriptWriter.make(format: format) { lines.append($0) }
        let summary = ScenarioRunner(scenario: scenario) { writer.handle($0) }.run()
        writer.finish(total: summary)
        return (lines.joined(separator: "\n"), summary)
    }

    @Test func aScriptCanResetTheWeChatFlowAndWalkItAgain() throws {
        let (text, summary) = try run("""
        wechat component_token
        wechat reset
        expect log "WeChat reset: ticket pushes and renewal timers stopped"
        wechat component_token
        expect errcode 0
        """)
        #expect(summary.failed == 0, "\(text)")
    }

    @Test func atLeastEightScriptsShip() {
        #expect(Self.shippedScripts.count >= 8)
    }

    /// Every shipped script passes, and prints exactly its committed transcript
    /// (`scenarios/NAME.transcript`, what `authtui run scenarios/NAME.authtui` prints;
    /// `scenarios/update-transcripts` writes them anew after a deliberate change).
    @Test(arguments: shippedScripts)
    func everyShippedScriptPassesAndMatchesItsTranscript(_ url: URL) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        let file = "scenarios/" + url.lastPathComponent
        let scenario = try ScenarioParser.parse(text, file: file).get()
        var failures: [String] = []
        var transcript = ""
        let writer = TextTranscript(write: { transcript += $0; transcript += "\n" })
        writer.begin(file: file)
        let summary = ScenarioRunner(scenario: scenario) { output in
            writer.handle(output)
            if case .expectation(let r) = output, !r.passed { failures.append("line \(r.line): \(r.source) — \(r.detail)") }
            if case .problem(let line, let message) = output { failures.append("line \(line): \(message)") }
        }.run()
        writer.finish(file: file, summary)
        writer.finish(total: summary)
        #expect(failures.isEmpty, "\(failures)")
        #expect(summary.failed == 0)
        #expect(summary.passed > 0)
        let goldenURL = url.deletingPathExtension().appendingPathExtension("transcript")
        let golden = try String(contentsOf: goldenURL, encoding: .utf8)
        if golden != transcript {
            let a = golden.split(separator: "\n", omittingEmptySubsequences: false)
            let b = transcript.split(separator: "\n", omittingEmptySubsequences: false)
            let i = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            Issue.record("""
            \(goldenURL.lastPathComponent) differs at line \(i + 1) (run scenarios/update-transcripts if the change is meant):
              committed: \(i < a.count ? String(a[i]) : "<end>")
              now:       \(i < b.count ? String(b[i]) : "<end>")
            """)
        }
    }

    @Test func sameScriptSameBytes() throws {
        let text = try String(contentsOf: Self.shippedScripts.first { $0.lastPathComponent.hasPrefix("08") }!, encoding: .utf8)
        let a = try run(text).0
        let b = try run(text).0
        #expect(a == b)
        #expect(try run(text, format: .json).0 == run(text, format: .json).0)
        // A different seed changes the token ids, and nothing else about the story.
        let c = try run("config seed 2\n" + text).0
        #expect(c != a)
        #expect(c.components(separatedBy: "\n").count == a.components(separatedBy: "\n").count + 1)
    }

    @Test func failedExpectationsAreCountedWithWhatWasFound() throws {
        let (text, summary) = try run("login alice wonderland\nrequest GET /api/admin\nexpect status 200\nexpect claim name Bob\nexpect log \"nothing like this\"")
        #expect(summary.passed == 0)
        #expect(summary.failed == 3)
        #expect(text.contains("FAIL  line 3: expect status 200  — #2: 403 insufficient_scope"))
        #expect(text.contains("FAIL  line 4: expect claim name Bob  — name is Alice"))
        #expect(text.hasSuffix("0 passed, 3 failed"))
    }

    @Test func impossibleActionsFailTheRun() throws {
        let (text, summary) = try run("expire short\nattacker refresh\nexpect status 200")
        #expect(summary.failed == 3)
        #expect(text.contains("FAIL  line 1: the client holds no short token to expire"))
        #expect(text.contains("FAIL  line 3: expect status 200  — no request has been made yet"))
    }

    @Test func expectLogSeesEntriesTheRingHasDropped() throws {
        let (_, summary) = try run("""
        config log_capacity 5
        login alice wonderland
        traffic every 1m GET /api/orders
        advance 2h
        expect log "POST /auth/login"
        """)
        #expect(summary.passed == 1)
    }

    @Test func jsonLinesCarryKindTimeAndHTTPFields() throws {
        let (text, _) = try run("login alice wonderland\nexpire short\nrequest GET /api/profile\nexpect status 200", format: .json)
        let objects = try text.split(separator: "\n").map { try JSONParser.parse(String($0)).objectValue! }
        let expired = objects.first { $0["kind"] == "response" && $0["status"] == 401 }!
        #expect(expired["at"] == "2026-01-01T09:15:01.080Z")
        #expect(expired["method"] == "GET")
        #expect(expired["path"] == "/api/profile")
        #expect(expired["error"] == "token_expired")
        #expect(objects.contains { $0["kind"] == "interceptor" && $0["action"] == "retry" })
        #expect(objects.contains { $0["kind"] == "expect" && $0["passed"] == true && $0["line"] == 4 })
        #expect(objects.last == ["kind": "summary", "passed": 1, "failed": 0])
    }

    @Test func transcriptMarksEachNewDay() throws {
        let (text, _) = try run("login alice wonderland\nadvance 2d\nrequest GET /api/orders")
        #expect(text.contains("-- 2026-01-01"))
        #expect(text.contains("-- 2026-01-03"))
    }
}

@Suite struct EventLogTests {
    @Test func ringStaysBoundedWhileTotalsStayExact() {
        let sim = Simulation { $0.logCapacity = 100 }
        sim.loginAndWait()
        sim.startTraffic(every: .seconds(10), method: "GET", path: "/api/profile")
        try! sim.jump(by: .hours(2))
        #expect(sim.log.entries.count == 100)
        #expect(sim.log.totals.requests > 700)
        #expect(sim.log.dropped == sim.log.totals.entries - 100)
        #expect(sim.log.entries.last!.sequence == sim.log.totals.entries)
        sim.log.capacity = 10
        #expect(sim.log.entries.count == 10)
    }

    @Test func formatterAbbreviatesTokensAndHidesSecrets() {
        let request = HTTPRequest(method: "POST", path: "/auth/login", body: ["username": "alice", "password": "wonderland"])
        let line = LogFormatter.message(.request(ExchangeID(1), from: .client, to: .server, request))
        #expect(line == "client → server  POST /auth/login  username=alice password=•••  #1")
        #expect(!line.contains("wonderland"))
        #expect(TokenAbbreviation.abbreviate("eyJhbGciOiJIUzI1NiJ9.payload.signature1234") == "eyJ…ture1234")
    }
}

@Suite struct LogLineTests {
    @Test func byteLinesEqualStringLines() {
        let sim = Simulation { $0.policy.refreshPolicy = .rotate; $0.client.singleFlight = false }
        sim.loginAndWait()
        _ = sim.attacker.steal(from: sim.client)
        try! sim.expire(.short)
        _ = sim.requestAndWait(count: 3)
        sim.failNextRefresh(.drop)
        _ = sim.tamperShort(name: "Zoë 🔑", roles: nil)
        _ = sim.requestAndWait()
        #expect(sim.log.entries.count > 20)
        for entry in sim.log.entries {
            var bytes: [UInt8] = Array("prefix ".utf8)
            LogFormatter.appendLine(entry, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == "prefix " + LogFormatter.line(entry) + "\n")
        }
        #expect(Instant(milliseconds: 1_767_258_000_040).timeOfDay == "09:00:00.040")
    }
}
