import ArgumentParser
import AuthEngine
import AuthLive
#if canImport(Glibc)
import Glibc
#endif

/// `authtui serve`: the playground's servers over real HTTP, headless, the log printed as
/// `authtui run` prints it.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the playground's servers over real HTTP, on a clock that follows wall time.",
        discussion: """
        The first line printed is the URL. The token flow answers under /auth/ and /api/; \
        POST /_authtui/run takes scenario lines (expire short, revoke long, fail next refresh 500…) \
        and GET /_authtui/state tells the clock and the tokens issued (loopback peers only). \
        The clock starts at wall time and runs at 1×: 'expire short' makes the server judge the \
        tokens issued so far expired, so a real client's own clock never sees time jump. \
        Ctrl-C stops it (exit 130).
        """
    )

    @Option(help: "Address to listen on (another than loopback needs --allow-remote).")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one.")
    var port = 8080

    @Option(help: "Output format: text or json (one object per line).")
    var format: TranscriptFormat = .text

    @Option(help: "Also write every HTTP exchange (real clients' included) to this HAR file as it happens; complete when the server stops.")
    var har: String?

    @OptionGroup var world: WorldOptions

    @OptionGroup var live: LiveOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        try LiveRuntime.checkReach(of: host, allowRemote: live.allowRemote, option: "--host")
    }

    func run() throws {
        let out = LineOutput.standardOutput()
        let err = LineOutput.standardError()
        let transcript = TranscriptWriter.make(format: format, quiet: false, write: { out.line($0) }, writeLogLine: { out.line($0) })
        // A HAR of what real clients did (and the rest): entries stream in as exchanges end.
        var harFile: UnsafeMutablePointer<FILE>?
        if let har {
            guard let file = fopen(har, "w") else {
                err.line("authtui serve: cannot write \(TerminalSafe.text(har)): \(TextFile.reason(errno))")
                err.flush()
                throw ExitCode(2)
            }
            harFile = file
        }
        let harWriter = harFile.map { file in HARWriter(write: { fputs($0, file) }) }
        harWriter?.begin(file: "authtui serve")
        defer {
            harWriter?.document()
            if let harFile { fclose(harFile) }
        }
        let session = ScenarioSession(config: LiveRuntime.liveConfig(world.config, shiftedTime: live.shiftedTime)) { output in
            transcript.handle(output)
            harWriter?.handle(output)
        }
        let clock = session.world.clock
        clock.speed = 1
        clock.isPaused = false
        SignalGuard.installBeforeCurses() // SIGINT and SIGTERM end the loop through its pipe
        let runtime: LiveRuntime
        do {
            runtime = try LiveRuntime(session: session, host: host, port: port, wechatCallback: live.callback, clients: live.registrations,
                                      publicURL: live.publicURL)
            harWriter?.origin = runtime.gateway.origin(from:to:)
        } catch {
            err.line("authtui serve: cannot listen on \(TerminalSafe.text(host)):\(port): \(LiveServer.reason(error))")
            err.flush()
            throw ExitCode(2)
        }
        if let warning = LiveRuntime.reachWarning(host) {
            err.line("authtui serve: " + warning)
            err.flush()
        }
        // The URL first: as a line a person reads, or as the first JSON object.
        var listening: JSONObject = ["kind": "listening", "url": .string(runtime.url)]
        if runtime.publicURL != runtime.url { listening["public_url"] = .string(runtime.publicURL) }
        out.line(format == .json ? JSONWriter.compact(.object(listening)) : "listening on \(runtime.url)")
        out.flush()
        if runtime.publicURL != runtime.url, format != .json {
            err.line("authtui serve: pages, redirects, discovery documents and tokens name \(TerminalSafe.text(runtime.publicURL)) (--public-url)")
            err.flush()
        }
        var last = EventLoop.monotonicSeconds()
        var signalled = false
        while !signalled {
            var fds = [pollfd(fd: runtime.inbox.wakeFD, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: SignalGuard.wakeFDs.read, events: Int16(POLLIN), revents: 0)]
            let timeout = clock.nextEventTime.map { max(1, min(1000, Int32((Double(($0 - clock.now).milliseconds)).rounded(.up)))) } ?? 1000
            _ = poll(&fds, nfds_t(fds.count), timeout)
            let now = EventLoop.monotonicSeconds()
            clock.tick(realElapsed: now - last)
            last = now
            runtime.serve()
            out.flush()
            // Only a readable signal pipe holds a signal (a read saved per turn under load).
            signalled = fds[1].revents != 0 && SignalGuard.drainWakePipe()
        }
        runtime.stop()
        out.flush()
        throw ExitCode(128 + SignalGuard.lastSignal)
    }
}
