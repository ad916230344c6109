import ArgumentParser
import AuthEngine
import Foundation

/// `authtui`: the playground, and the headless tools beside it.
struct AuthTUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "authtui",
        abstract: "An interactive terminal auth playground on a virtual clock.",
        discussion: "With no subcommand, opens the playground. Press ? inside it for every key.",
        subcommands: [RunCommand.self, DecodeCommand.self, ServeCommand.self]
    )

    @OptionGroup var world: WorldOptions

    @Option(help: "Virtual seconds per real second (1, 10, 60, 600, 3600 or any factor).")
    var speed: Double = 60

    @Option(help: "Virtual start time, UTC (default 2026-01-01T09:00:00Z).")
    var start: String?

    @Option(help: "A scenario to step through with n (presenter mode; starts paused).")
    var scenario: String?

    @Option(help: "Record the session as a script to this file (written when recording stops or on quit; @ toggles).")
    var record: String?

    @Option(help: "Write the session's transcript (commands and every log line) to this file as it happens.")
    var log: String?

    func validate() throws {
        guard speed > 0, speed <= 1_000_000 else { throw ValidationError("--speed must be above 0 (and at most 1000000)") }
        if let start, Instant(iso8601: start) == nil {
            throw ValidationError("--start '\(TerminalSafe.text(start))' is not a UTC time like 2026-01-01T09:00:00Z")
        }
    }

    var config: SimulationConfig {
        var config = world.config
        if let start { config.start = Instant(iso8601: start)! }
        return config
    }

    /// The options as typed, for the recording's header.
    var optionSummary: String {
        var words = world.summary + ["--speed \(HeaderView.formatSpeed(speed))"]
        if let start { words.append("--start \(start)") }
        if let scenario { words.append("--scenario \(scenario)") }
        return words.joined(separator: " ")
    }

    func run() throws {
        let header = [
            "authtui \(AuthTUIVersion.current) recording, \(Date().ISO8601Format())",
            "options: \(optionSummary)",
            "replay: authtui run FILE",
        ]
        var logFile: UnsafeMutablePointer<FILE>?
        if let log {
            guard let file = fopen(log, "w") else {
                LineOutput.error("authtui: cannot write \(log): \(String(cString: strerror(errno)))")
                throw ExitCode(2)
            }
            logFile = file
        }
        defer { if let logFile { fclose(logFile) } }
        let transcript = logFile.map { file in TextTranscript(write: { line in fputs(line, file); fputs("\n", file) }) }
        transcript?.begin(file: "authtui session")
        let session = ScenarioSession(config: config, header: header) { output in transcript?.handle(output) }
        var presenter: Presenter?
        if let path = scenario {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                LineOutput.error("\(path): error: cannot read the file")
                throw ExitCode(2)
            }
            switch ScenarioParser.parse(text, file: path) {
            case .success(let parsed): presenter = Presenter(scenario: parsed, session: session)
            case .failure(let errors):
                LineOutput.error(errors.diagnostics.map(\.description).joined(separator: "\n"))
                throw ExitCode(2)
            }
        }
        let world = session.world
        world.clock.speed = speed
        // Presenting a script: time moves only with its lines until space is pressed.
        world.clock.isPaused = presenter != nil
        let noColor = !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        let terminal: Terminal
        do {
            terminal = try Terminal(colors: !noColor)
        } catch {
            LineOutput.error("authtui: \(error)")
            throw ExitCode(2)
        }
        let size = terminal.size
        var state = AppState(session: session, width: size.width, height: size.height, presenter: presenter)
        state.colors = terminal.hasColors
        state.recordPath = record
        state.recordingTo = record
        state.status = StatusMessage(text: presenter.map { p in
                (p.introduction.isEmpty ? "" : p.introduction + " ▸ ") + "\(p.file) loaded: n runs each line on any tab (N steps back, 0 restarts)" }
            ?? "Welcome. Press l to log in, r to send a request, x to jump to the short token's expiry, ? for help.")
        EventLoop.run(&state, on: terminal)
        terminal.restore()
        let failed = FileWriter.write(&state)
        if let failed { LineOutput.error("authtui: \(failed)") }
        if SignalGuard.crashSignal != 0 { throw ExitCode(128 + SignalGuard.crashSignal) }
        if failed != nil { throw ExitCode(1) }
        if state.exitCode != 0 { throw ExitCode(state.exitCode) }
    }
}
