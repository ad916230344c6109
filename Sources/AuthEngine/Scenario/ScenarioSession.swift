/// Commands given one at a time against one world, written down as a script that replays
/// them: the playground's keys (and any other front end) act through this.
///
/// The recording holds every command that changed something, the virtual time that passed
/// between commands as `wait` lines, and after each action `expect` lines for what was
/// observed, so `authtui run` on it passes and logs the same lines.
public final class ScenarioSession {
    public let runner: ScenarioRunner
    private var lines: [String]
    /// The virtual time when the last recorded command ended (nil: the world's start).
    private var mark: Instant?
    /// The latest note and how many times in a row it came (its line gets ` (×3)`).
    private var repeatedNote: (line: Int, text: String, count: Int)?
    /// Notes since the last command: the first `notesInARow` are written, then one line
    /// counts the rest (`line`: where it stands), so a load test or an app polling two
    /// endpoints all day does not grow the recording, and the memory, without end.
    private var notesRun = (written: 0, unwritten: 0, line: -1)
    static let notesInARow = 500

    /// `header` lines become `#` comments at the top; `config` is written as `config` lines.
    public init(config: SimulationConfig = SimulationConfig(), header: [String] = [], emit: @escaping (ScenarioOutput) -> Void = { _ in }) {
        runner = ScenarioRunner(config: config, emit: emit)
        lines = header.map { "# " + $0 }
        for setting in ScenarioSession.settings(of: config) { lines.append(ScenarioPrinter.line(.config(setting))) }
    }

    public var world: Simulation { runner.world() }

    /// The settings a recording writes so it replays on the same world.
    static func settings(of config: SimulationConfig) -> [ConfigSetting] {
        [.seed(config.seed), .start(config.start), .shortTTL(config.policy.shortLifetime), .longTTL(config.policy.longLifetime),
         .refreshPolicy(config.policy.refreshPolicy), .latency(config.latency)]
            + (config.policy.algorithm == .hs256 ? [] : [.algorithm(config.policy.algorithm)])
            + (config.oauth.algorithm == OAuthPolicy().algorithm ? [] : [.oauthAlgorithm(config.oauth.algorithm)])
    }

    /// Runs one command and records it (unless it changed nothing because it could not run).
    /// `line`: where the transcript says it came from (a control request's own line);
    /// by default the recording's line.
    @discardableResult
    public func perform(_ command: ScenarioCommand, line: Int? = nil) -> StepReport {
        if runner.isHalted, command != .reset, let halt = ScenarioRunner.haltReport(runner.world()) {
            var report = StepReport()
            report.problemKind = .halted(halt)
            return report
        }
        catchUp()
        if case .config = command, runner.simulation == nil {
            // Before the world exists a setting shapes it (`seed`, `start`…).
            write(ScenarioPrinter.line(command))
            return runner.perform(command, line: line ?? lines.count)
        }
        let sim = runner.world()
        let before = runner.observation()
        let entries = sim.log.totals.entries, time = sim.clock.now
        // In a live world `expire` is the server's judgement on every token it issued; with
        // none of the playground's own to expire, it acted on real clients only, which a
        // replay does not have: a note, as their requests are.
        let onRealClientsOnly: Bool
        switch command {
        case .expire(let kind) where sim.live: onRealClientsOnly = (kind == .short ? sim.client.short : sim.client.long) == nil
        case .oauth(.expire) where sim.live: onRealClientsOnly = sim.oauth.app.accessToken == nil
        default: onRealClientsOnly = false
        }
        let report = runner.perform(command, line: line ?? lines.count + 1)
        let changed = report.problem == nil || sim !== runner.world() || sim.log.totals.entries != entries || sim.clock.now != time
        if changed, onRealClientsOnly {
            note("live: \(ScenarioPrinter.line(command)) (judged real clients' tokens expired; not replayed)")
        } else if changed {
            write(ScenarioPrinter.line(command))
            if command.isAction {
                for expectation in runner.expectations(after: command, report, since: before) {
                    lines.append(ScenarioPrinter.line(.expect(expectation)))
                }
            }
        }
        mark = runner.world().clock.now
        return report
    }

    /// Runs commands in order, stopping at the first that reports a problem. Returns every report.
    @discardableResult
    public func perform(_ commands: [ScenarioCommand]) -> [StepReport] {
        var reports: [StepReport] = []
        for command in commands {
            let report = perform(command)
            reports.append(report)
            if report.problem != nil { break }
        }
        return reports
    }

    /// A comment line in the recording.
    public func comment(_ text: String) {
        catchUp()
        write("# " + text)
    }

    /// A line of the script's own (a command, a comment): the notes after it start a new run.
    private func write(_ line: String) {
        lines.append(line)
        notesRun = (0, 0, -1)
    }

    /// Something that happened which no command can replay (a live client's request): a
    /// comment, and the same one again right after it is counted on its line (`(×3)`), so
    /// a client polling every second does not bury the script. The time between them is
    /// written by the next command's `wait`, whole.
    public func note(_ text: String) {
        if let repeated = repeatedNote, repeated.line == lines.count - 1, repeated.text == text {
            repeatedNote?.count += 1
            return
        }
        Self.count(repeatedNote, in: &lines)
        repeatedNote = nil
        guard notesRun.written < Self.notesInARow else {
            notesRun.unwritten += 1
            let count = notesRun.unwritten
            let summary = "# live: \(count) more request\(count == 1 ? "" : "s") from real clients not written here"
                + " (a recording keeps \(Self.notesInARow) notes in a row; none is replayed)"
            if notesRun.line >= 0 { lines[notesRun.line] = summary } else { lines.append(summary); notesRun.line = lines.count - 1 }
            return
        }
        catchUp()
        lines.append("# " + text)
        notesRun.written += 1
        repeatedNote = (lines.count - 1, text, 1)
    }

    /// The script so far, ending at the current virtual time.
    public func script() -> String {
        catchUp()
        var written = lines
        Self.count(repeatedNote, in: &written)
        return written.joined(separator: "\n") + "\n"
    }

    /// Writes how many times a note came in a row on its line, once it came more than once.
    private static func count(_ repeated: (line: Int, text: String, count: Int)?, in lines: inout [String]) {
        if let repeated, repeated.count > 1 { lines[repeated.line] += " (×\(repeated.count))" }
    }

    /// Time the clock ran since the last command becomes a `wait` line.
    private func catchUp() {
        guard let sim = runner.simulation else { return }
        let now = sim.clock.now
        let from = mark ?? runner.currentConfig.start
        if now > from { lines.append(ScenarioPrinter.line(.wait(now - from))) }
        mark = now
    }
}

/// What `expect` lines can observe, taken before and after an action.
public struct ScenarioObservation: Equatable, Sendable {
    var clientState: ClientState
    var error: String?
    var oauthError: String?
}

extension ScenarioRunner {
    func observation() -> ScenarioObservation {
        let sim = world()
        return ScenarioObservation(clientState: sim.client.state, error: sim.network.lastErrorCode, oauthError: sim.oauthStarted ? sim.oauth.lastError : nil)
    }

    /// Expectations that hold now about what `command` just did: a recording writes them after it.
    func expectations(after command: ScenarioCommand, _ report: StepReport, since before: ScenarioObservation) -> [Expectation] {
        guard report.problem == nil else { return [] }
        var found: [Expectation] = []
        let now = observation()
        switch command {
        case .request, .burst, .oauth, .device, .attackerRefresh, .attackerRequest, .attackerForge:
            if let first = report.outcomes.first, report.outcomes.allSatisfy({ $0.status == first.status }) {
                found.append(.status(first.status))
            }
        case .wechat:
            if let answer = report.answer { found.append(.errcode(answer.wechatErrcode ?? 0)) }
        default:
            break
        }
        if let error = now.error, error != before.error { found.append(.error(error)) }
        if case .oauth = command, let error = now.oauthError, error != before.oauthError { found.append(.oauthError(error)) }
        if now.clientState != before.clientState { found.append(.clientState(now.clientState)) }
        return found
    }
}
