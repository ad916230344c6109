import ArgumentParser
import AuthEngine
import AuthLive
import Foundation

/// `authtui`: the playground, and the headless tools beside it.
struct AuthTUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "authtui",
        abstract: "An interactive terminal auth playground on a virtual clock.",
        discussion: "With no subcommand, opens the playground. Press ? inside it for every key.",
        subcommands: [RunCommand.self, DecodeCommand.self, ServeCommand.self, KeysCommand.self]
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

    @Option(help: "Live mode: the servers listen on [HOST:]PORT too (the clock then follows wall time at 1×).")
    var listen: String?

    @OptionGroup var liveOptions: LiveOptions

    @Option(help: "The playground's language: zh (中文) or en (English). Default: AUTHTUI_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG: zh_* is Chinese). ` switches while running.")
    var lang: String?

    /// `--lang`, `AUTHTUI_LANG` or the locale, as `Language.choose` reads them.
    func language() throws -> Language {
        do {
            return try Language.choose(option: lang, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// `--listen`'s host and port.
    /// `PORT`, `HOST:PORT` or `[IPv6]:PORT` (RFC 3986's authority); nil for anything else
    /// (`[::1` unclosed, a bare `::1:8080`, whose port cannot be told from the address).
    var listenAddress: (host: String, port: Int)? {
        guard let listen else { return nil }
        func port(_ text: Substring) -> Int? { text.allSatisfy(\.isASCII) && text.allSatisfy(\.isNumber) && !text.isEmpty ? Int(text) : nil }
        if listen.hasPrefix("[") {
            guard let close = listen.firstIndex(of: "]"), listen[listen.index(after: close)...].hasPrefix(":"),
                  let number = port(listen[listen.index(close, offsetBy: 2)...]) else { return nil }
            return (String(listen[listen.index(after: listen.startIndex)..<close]), number)
        }
        let parts = listen.split(separator: ":", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return port(parts[0]).map { ("127.0.0.1", $0) }
        case 2: return port(parts[1]).map { (String(parts[0]), $0) }
        default: return nil
        }
    }

    func validate() throws {
        if listen != nil {
            guard let address = listenAddress, (0...65535).contains(address.port) else {
                throw ValidationError("--listen '\(TerminalSafe.text(listen ?? ""))' is not [HOST:]PORT (8080, 127.0.0.1:8080, [::1]:8080, 0 for a free port)")
            }
            try LiveRuntime.checkReach(of: address.host, allowRemote: liveOptions.allowRemote, option: "--listen")
            if scenario != nil { throw ValidationError("--listen and --scenario do not go together: a script moves the clock, live clients need wall time") }
        }

        _ = try language()
        guard speed > 0, speed <= 1_000_000 else { throw ValidationError("--speed must be above 0 (and at most 1000000)") }
        if let start, Instant(iso8601: start) == nil {
            throw ValidationError("--start '\(TerminalSafe.text(start))' is not a UTC time like 2026-01-01T09:00:00Z")
        }
    }

    var config: SimulationConfig {
        var config = world.config
        if let start { config.start = Instant(iso8601: start)! }
        return listen == nil ? config : LiveRuntime.liveConfig(config, shiftedTime: liveOptions.shiftedTime)
    }

    /// The options in effect, for the recording's header (live: the address, and no speed:
    /// the clock follows wall time).
    var optionSummary: String {
        var words = world.summary
        if let listen {
            words.append("--listen \(listen)")
            if liveOptions.shiftedTime { words.append("--shifted-time") }
        } else {
            words.append("--speed \(HeaderView.formatSpeed(speed))")
        }
        if let start { words.append("--start \(start)") }
        if let scenario { words.append("--scenario \(scenario)") }
        return words.joined(separator: " ")
    }

    /// Why a file could not be written at `path` (nil: it could), without creating it: the
    /// file itself if it exists, else the nearest folder above it that does.
    static func unwritable(_ path: String) -> String? {
        var url = URL(fileURLWithPath: path)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) {
            if isFolder.boolValue { return "it is a directory" }
            return access(url.path, W_OK) == 0 ? nil : TextFile.reason(errno)
        }
        repeat {
            url.deleteLastPathComponent()
        } while !FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) && url.path != "/"
        guard isFolder.boolValue else { return "\(url.path) is not a directory" }
        return access(url.path, W_OK) == 0 ? nil : "\(url.path): " + TextFile.reason(errno)
    }

    /// A live-mode option given to the playground without `--listen`: refused, not ignored.
    /// (Checked when the playground runs: `serve` shares the options, and validation sees
    /// them on this command too when `serve` is what runs.)
    var strayLiveOption: String? {
        guard listen == nil, let option = liveOptions.given.first else { return nil }
        return "\(option) is for live mode: add --listen PORT (or run authtui serve)"
    }

    func run() throws {
        if let stray = strayLiveOption {
            LineOutput.error("authtui: " + stray)
            throw ExitCode(2)
        }
        let header = [
            "authtui \(AuthTUIVersion.current) recording, \(Date().ISO8601Format())",
            "options: \(optionSummary)",
            "replay: authtui run FILE",
        ]
        var logFile: UnsafeMutablePointer<FILE>?
        if let log {
            guard let file = fopen(log, "w") else {
                LineOutput.error("authtui: cannot write \(log): \(TextFile.reason(errno))")
                throw ExitCode(2)
            }
            logFile = file
        }
        defer { if let logFile { fclose(logFile) } }
        // The recording is written on quit (its folders made as needed): a place it cannot go
        // is said now, not after the session.
        if let record, let reason = Self.unwritable(record) {
            LineOutput.error("authtui: cannot write \(TerminalSafe.text(record)): \(reason)")
            throw ExitCode(2)
        }
        let transcript = logFile.map { file in TextTranscript(write: { line in fputs(line, file); fputs("\n", file) }) }
        transcript?.begin(file: "authtui session")
        let session = ScenarioSession(config: config, header: header) { output in transcript?.handle(output) }
        var presenter: Presenter?
        if let path = scenario {
            let text: String
            switch TextFile.read(path, limit: RunCommand.maximumScriptSize) {
            case .success(let read): text = read
            case .failure(let problem):
                LineOutput.error("\(TerminalSafe.text(path)): error: \(problem)")
                throw ExitCode(2)
            }
            switch ScenarioParser.parse(text, file: path) {
            case .success(let parsed): presenter = Presenter(scenario: parsed, session: session)
            case .failure(let errors):
                LineOutput.error(errors.diagnostics.map(\.description).joined(separator: "\n"))
                throw ExitCode(2)
            }
        }
        var live: LiveRuntime?
        if let address = listenAddress {
            SignalGuard.installBeforeCurses()
            do {
                live = try LiveRuntime(session: session, host: address.host, port: address.port, wechatCallback: liveOptions.callback,
                                       clients: liveOptions.registrations, publicURL: liveOptions.publicURL)
            } catch {
                LineOutput.error("authtui: cannot listen on \(TerminalSafe.text(address.host)):\(address.port): \(LiveServer.reason(error))")
                throw ExitCode(2)
            }
        }
        defer { live?.stop() }
        let world = session.world
        world.clock.speed = live == nil ? speed : 1
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
        state.liveURL = live?.publicURL
        state.live = live?.gateway
        if live != nil { state.liveEpoch = world.clock.now }
        state.language = try language()
        state.status = Welcome.message(presenter: presenter, liveURL: live?.url,
                                       remoteHost: listenAddress?.host)
        EventLoop.run(&state, on: terminal, live: live)
        terminal.restore()
        let failed = FileWriter.write(&state)
        if let failed { LineOutput.error("authtui: \(failed)") }
        if SignalGuard.crashSignal != 0 { throw ExitCode(128 + SignalGuard.crashSignal) }
        if failed != nil { throw ExitCode(1) }
        if state.exitCode != 0 { throw ExitCode(state.exitCode) }
    }
}
