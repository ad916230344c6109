import ArgumentParser
import AuthEngine
import AuthLive
import Foundation
import Synchronization

/// What the playground and `authtui serve` share in live mode: a world on wall time, the
/// gateway and inbox in front of it, and the server started from synchronous code.
struct LiveRuntime {
    let gateway: LiveGateway
    let inbox: WorldInbox
    /// Where clients reach the servers: the address listened on, or, listening on every
    /// address (0.0.0.0, ::), this machine's first network address.
    let url: String
    /// What pages, redirects, discovery documents and tokens name: `--public-url`, else `url`.
    let publicURL: String
    private let server: Task<Void, any Error>

    /// The virtual clock starts where real clients' clocks are: now, to the millisecond.
    static func wallClockNow() -> Instant {
        Instant(milliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
    }

    /// A live world's settings: wall time, and `expire` judged by the server.
    static func liveConfig(_ base: SimulationConfig, shiftedTime: Bool = false) -> SimulationConfig {
        var config = base
        config.start = wallClockNow()
        config.live = true
        config.shiftedTime = shiftedTime
        return config
    }

    /// Binds `host:port` (0 picks a free port) and starts serving; blocks until it listens.
    /// With a WeChat callback, the WeChat world starts at once and its pushes are posted.
    init(session: ScenarioSession, host: String, port: Int, wechatCallback: WeChatCallback? = nil, clients: [LiveClientRegistration] = [],
         publicURL: String? = nil) throws {
        gateway = LiveGateway(session: session)
        gateway.extraClients = clients
        let inbox = WorldInbox()
        self.inbox = inbox
        gateway.wechatCallback = wechatCallback
        gateway.pushSender = WeChatPushDispatcher(inbox: inbox).send
        let outcome = Mutex<Result<(port: Int, task: Task<Void, any Error>), any Error>?>(nil)
        Task.detached {
            do {
                let started = try await LiveServer.start(host: host, port: port, inbox: inbox)
                outcome.withLock { $0 = .success(started) }
            } catch {
                outcome.withLock { $0 = .failure(error) }
            }
        }
        while true {
            if let result = outcome.withLock({ $0 }) {
                let started = try result.get()
                server = started.task
                let reached = MachineAddress.isWildcard(host) ? MachineAddress.first() ?? host : host
                url = "http://\(reached.contains(":") ? "[\(reached)]" : reached):\(started.port)"
                self.publicURL = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? url
                gateway.baseURL = self.publicURL
                return
            }
            usleep(2_000)
        }
    }

    /// Runs the requests that arrived (at most a few hundred at a time).
    func serve() {
        inbox.drain(into: gateway)
        gateway.attachWeChatPushes() // a reset may have made a new WeChat world
    }

    func stop() { server.cancel() }

    /// Refuses an address other machines can reach unless `--allow-remote` says so
    /// (`option`: the flag that named it, for the message).
    static func checkReach(of host: String, allowRemote: Bool, option: String) throws {
        // A name or an address: letters, digits, '-', '.', and ':' '%' for IPv6.
        guard !host.isEmpty, host.count <= 253, host.unicodeScalars.allSatisfy({
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-.:%".unicodeScalars.contains($0)
        }) else {
            throw ValidationError("\(option) '\(TerminalSafe.text(host))' is not a host name or an IP address")
        }
        if !Loopback.isLoopback(host: host), !allowRemote {
            throw ValidationError("\(option) \(TerminalSafe.text(host)) can be reached from other machines: add --allow-remote if that is what you want")
        }
    }

    /// What to say when the servers listen where other machines can reach them.
    static func reachWarning(_ host: String) -> String? {
        if Loopback.isLoopback(host: host) { return nil }
        let which = MachineAddress.isWildcard(host) ? "every address (\(TerminalSafe.text(host)))" : TerminalSafe.text(host)
        return "warning: listening on \(which): other machines can reach the servers (the control API still answers loopback peers only)"
    }
}
