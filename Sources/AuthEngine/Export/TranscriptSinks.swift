/// Receives what scenario runs report. One sink per output format: `authtui run` hands
/// every run to each sink it was asked for (the transcript, `--har`, `--mermaid`).
public protocol TranscriptSink: AnyObject {
    func begin(file: String)
    func handle(_ output: ScenarioOutput)
    func finish(file: String, _ summary: ScenarioSummary)
    func finish(total: ScenarioSummary)
}

public extension TranscriptSink {
    func begin(file: String) {}
    func finish(file: String, _ summary: ScenarioSummary) {}
    func finish(total: ScenarioSummary) {}
}

extension ScenarioRunner {
    /// Runs each scenario in a fresh world and hands everything it reports to every sink:
    /// the file's start, each output, the file's summary (after `afterEach`), and at the
    /// end the total. What `authtui run` and the playground's export both do.
    @discardableResult
    public static func run(_ scenarios: [Scenario], into sinks: [TranscriptSink],
                           afterEach: (Scenario, ScenarioSummary) -> Void = { _, _ in }) -> ScenarioSummary {
        var total = ScenarioSummary()
        // Every log entry passes here: one sink (the usual case) is called without a loop.
        let handle: (ScenarioOutput) -> Void = sinks.count == 1 ? { [only = sinks[0]] in only.handle($0) }
            : { output in for sink in sinks { sink.handle(output) } }
        for scenario in scenarios {
            for sink in sinks { sink.begin(file: scenario.file) }
            // Held past `run()` (the world's log observer refers to it weakly).
            let runner = ScenarioRunner(scenario: scenario, emit: handle)
            let summary = withExtendedLifetime(runner) { runner.run() }
            afterEach(scenario, summary)
            for sink in sinks { sink.finish(file: scenario.file, summary) }
            total = total + summary
        }
        for sink in sinks { sink.finish(total: total) }
        return total
    }
}

/// The output formats of the transcript itself.
public enum TranscriptFormat: String, CaseIterable, Sendable { case text, json }

public enum TranscriptWriter {
    /// The transcript sink for a format. `writeLogLine`, if given, writes one log entry as a
    /// line (`LogFormatter.appendLine` lets a sink do that without a String per line).
    public static func make(format: TranscriptFormat, quiet: Bool = false, write: @escaping (String) -> Void,
                            writeLogLine: ((LogEntry) -> Void)? = nil) -> TranscriptSink {
        switch format {
        case .text: return TextTranscript(quiet: quiet, write: write, writeLogLine: writeLogLine)
        case .json: return JSONTranscript(quiet: quiet, write: write)
        }
    }
}

/// The readable transcript: `> command (line N)`, a `-- date` line when the day changes,
/// the log lines, `PASS`/`FAIL` lines and the totals.
public final class TextTranscript: TranscriptSink {
    /// Only expectation results, problems and the summary.
    let quiet: Bool
    private let write: (String) -> Void
    private let writeLogLine: (LogEntry) -> Void
    private var lastDay: Int64?

    /// Log lines come escaped from `LogFormatter`; every other line is escaped here
    /// (a script's words and file names are untrusted text).
    public init(quiet: Bool = false, write: @escaping (String) -> Void, writeLogLine: ((LogEntry) -> Void)? = nil) {
        self.quiet = quiet
        self.write = { write(TerminalSafe.text($0)) }
        self.writeLogLine = writeLogLine ?? { write(LogFormatter.line($0)) }
    }

    public func begin(file: String) {
        lastDay = nil
        write("== \(file)")
    }

    public func handle(_ output: ScenarioOutput) {
        switch output {
        case .command(let line, let source):
            if !quiet { write("> \(source)  (line \(line))") }
        case .log(let entry):
            guard !quiet else { return }
            if entry.at.dayNumber != lastDay {
                write("-- \(entry.at.date)")
                lastDay = entry.at.dayNumber
            }
            writeLogLine(entry)
        case .expectation(let r):
            write((r.passed ? "PASS" : "FAIL") + "  line \(r.line): \(r.source)" + (r.passed ? "" : "  — \(r.detail)"))
        case .problem(let line, let message):
            write("FAIL  line \(line): \(message)")
        }
    }

    public func finish(file: String, _ summary: ScenarioSummary) {
        write("-- \(file): \(summary.passed) passed, \(summary.failed) failed")
    }

    public func finish(total: ScenarioSummary) {
        write("\(total.passed) passed, \(total.failed) failed")
    }
}

/// One JSON object per line, for programs.
public final class JSONTranscript: TranscriptSink {
    let quiet: Bool
    private let write: (String) -> Void

    public init(quiet: Bool = false, write: @escaping (String) -> Void) {
        self.quiet = quiet
        self.write = write
    }

    public func begin(file: String) {
        write(JSONWriter.compact(["kind": "file", "file": .string(file)]))
    }

    public func handle(_ output: ScenarioOutput) {
        switch output {
        case .command(let line, let source):
            if !quiet { write(JSONWriter.compact(["kind": "command", "line": .int(Int64(line)), "text": .string(source)])) }
        case .log(let entry):
            if !quiet { write(JSONWriter.compact(.object(LogFormatter.json(entry)))) }
        case .expectation(let r):
            write(JSONWriter.compact(["kind": "expect", "line": .int(Int64(r.line)), "expect": .string(r.source),
                                      "passed": .bool(r.passed), "detail": .string(r.detail)]))
        case .problem(let line, let message):
            write(JSONWriter.compact(["kind": "problem", "line": .int(Int64(line)), "message": .string(message)]))
        }
    }

    public func finish(total: ScenarioSummary) {
        write(JSONWriter.compact(["kind": "summary", "passed": .int(Int64(total.passed)), "failed": .int(Int64(total.failed))]))
    }
}
