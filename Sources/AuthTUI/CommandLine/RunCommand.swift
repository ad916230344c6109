import ArgumentParser
import AuthEngine
import Foundation

/// `authtui run FILE...`: runs scenario scripts headless and checks their expectations.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run scenario scripts on the virtual clock and check their expectations.",
        discussion: """
        Every file is parsed first; any error is reported as FILE:LINE:COL: error: MESSAGE \
        and nothing runs (exit 2). Each file then runs in a fresh simulation. \
        Exit 0 when every expectation passed, 1 when any failed.
        """
    )

    /// Scripts are a few kilobytes; a larger file is refused before it is read as text.
    static let maximumScriptSize = 16 << 20

    @Argument(help: "Scenario files (.authtui); - reads one from standard input.")
    var files: [String]

    @Option(help: "Output format: text (a readable transcript) or json (one object per line).")
    var format: TranscriptFormat = .text

    @Flag(help: "Print only expectation results and the summary, not the transcript.")
    var quiet = false

    @Option(help: "Also write the HTTP exchanges as a HAR 1.2 file (one page per script).")
    var har: String?

    @Option(help: "Also write a Mermaid sequence diagram of the run.")
    var mermaid: String?

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one scenario file") }
    }

    func run() throws {
        let out = LineOutput.standardOutput()
        let err = LineOutput.standardError()
        var scenarios: [Scenario] = []
        var diagnostics: [ScenarioDiagnostic] = []
        for file in files {
            let text: String
            switch TextFile.read(file, limit: RunCommand.maximumScriptSize) {
            case .success(let read): text = read
            case .failure(.notUTF8):
                diagnostics.append(ScenarioDiagnostic(file: file, line: 1, column: 1, message: TextFile.Problem.notUTF8.description))
                continue
            case .failure(let problem):
                diagnostics.append(ScenarioDiagnostic(file: file, line: 0, column: 0, message: problem.description + (problem == .tooLarge(limit: RunCommand.maximumScriptSize) ? ": not a script" : "")))
                continue
            }
            switch ScenarioParser.parse(text, file: file) {
            case .success(let scenario): scenarios.append(scenario)
            case .failure(let errors): diagnostics += errors.diagnostics
            }
        }
        if !diagnostics.isEmpty {
            for d in diagnostics { err.line(d.description) }
            err.line("\(diagnostics.count) error\(diagnostics.count == 1 ? "" : "s"); nothing was run")
            err.flush()
            throw ExitCode(2)
        }

        let transcript = TranscriptWriter.make(format: format, quiet: quiet, write: { out.line($0) }, writeLogLine: { out.line($0) })
        // The exports stream into their files as the runs go.
        var files: [UnsafeMutablePointer<FILE>] = []
        defer { for file in files { fclose(file) } }
        func open(_ path: String) throws -> UnsafeMutablePointer<FILE> {
            guard let file = fopen(path, "w") else {
                err.line("authtui: cannot write \(TerminalSafe.text(path)): \(TextFile.reason(errno))")
                err.flush()
                throw ExitCode(2)
            }
            files.append(file)
            return file
        }
        let harWriter = try har.map { path in let file = try open(path); return HARWriter(write: { fputs($0, file) }) }
        let mermaidWriter = try mermaid.map { path in let file = try open(path); return MermaidWriter(write: { fputs($0, file); fputs("\n", file) }) }
        let sinks: [TranscriptSink] = [transcript, harWriter as TranscriptSink?, mermaidWriter as TranscriptSink?].compactMap { $0 }
        let total = ScenarioRunner.run(scenarios, into: sinks) { scenario, summary in
            if summary.passed + summary.failed == 0 {
                err.line(TerminalSafe.text("\(scenario.file): warning: no expectation ran (the script has no expect line that was reached)"))
                err.flush()
            }
        }
        out.flush()
        harWriter?.document()
        if total.failed > 0 { throw ExitCode(1) }
    }
}

extension TranscriptFormat: ExpressibleByArgument {}
