/// Formats a scenario run for people (`text`) or for programs (`json`: one object per line).
public struct TranscriptWriter {
    public enum Format: String, CaseIterable, Sendable { case text, json }

    public let format: Format
    /// Only expectation results, problems and the summary (the transcript is skipped).
    public let quiet: Bool
    private let write: (String) -> Void
    /// Writes a log entry's text line; by default `write(LogFormatter.line(entry))`.
    private let writeLogLine: (LogEntry) -> Void
    private var lastDay: Int64?

    /// `writeLogLine`, if given, writes one log entry as a line (`LogFormatter.appendLine`
    /// lets a sink do that without a String per line).
    public init(format: Format, quiet: Bool = false, write: @escaping (String) -> Void,
                writeLogLine: ((LogEntry) -> Void)? = nil) {
        self.format = format
        self.quiet = quiet
        self.write = write
        self.writeLogLine = writeLogLine ?? { write(LogFormatter.line($0)) }
    }

    public mutating func begin(file: String) {
        lastDay = nil
        switch format {
        case .text: write("== \(file)")
        case .json: write(JSONWriter.compact(["kind": "file", "file": .string(file)]))
        }
    }

    public mutating func handle(_ output: ScenarioOutput) {
        switch (format, output) {
        case (.text, .command(let line, let source)):
            if !quiet { write("> \(source)  (line \(line))") }
        case (.json, .command(let line, let source)):
            if !quiet { write(JSONWriter.compact(["kind": "command", "line": .int(Int64(line)), "text": .string(source)])) }
        case (.text, .log(let entry)):
            guard !quiet else { return }
            if entry.at.dayNumber != lastDay {
                write("-- \(entry.at.date)")
                lastDay = entry.at.dayNumber
            }
            writeLogLine(entry)
        case (.json, .log(let entry)):
            if !quiet { write(JSONWriter.compact(.object(LogFormatter.json(entry)))) }
        case (.text, .expectation(let r)):
            write((r.passed ? "PASS" : "FAIL") + "  line \(r.line): \(r.source)" + (r.passed ? "" : "  — \(r.detail)"))
        case (.json, .expectation(let r)):
            write(JSONWriter.compact(["kind": "expect", "line": .int(Int64(r.line)), "expect": .string(r.source),
                                      "passed": .bool(r.passed), "detail": .string(r.detail)]))
        case (.text, .problem(let line, let message)):
            write("FAIL  line \(line): \(message)")
        case (.json, .problem(let line, let message)):
            write(JSONWriter.compact(["kind": "problem", "line": .int(Int64(line)), "message": .string(message)]))
        }
    }

    public func finish(file: String, _ summary: ScenarioSummary) {
        switch format {
        case .text: write("-- \(file): \(summary.passed) passed, \(summary.failed) failed")
        case .json: break
        }
    }

    public func finish(total: ScenarioSummary) {
        switch format {
        case .text: write("\(total.passed) passed, \(total.failed) failed")
        case .json: write(JSONWriter.compact(["kind": "summary", "passed": .int(Int64(total.passed)), "failed": .int(Int64(total.failed))]))
        }
    }
}
