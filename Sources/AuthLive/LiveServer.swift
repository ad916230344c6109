#if canImport(Glibc)
import Glibc
#endif
import HummingbirdCore
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// The HTTP/1.1 server in front of the world, HummingbirdCore's: it reads each request
/// (bodies capped at 1 MiB, idle connections closed after 60 s), hands it to the world's
/// thread through the inbox, and writes the answer (`LiveHTTPChannel`). It never touches
/// the world itself.
public enum LiveServer {
    /// Starts listening; returns the bound port (the one picked when `port` is 0) once the
    /// server accepts connections. The server runs until the task is cancelled.
    public static func start(host: String, port: Int, inbox: WorldInbox) async throws -> (port: Int, task: Task<Void, any Error>) {
        let bound = BoundPort()
        let server = Server(
            childChannelSetup: LiveHTTPChannel(inbox: inbox, idleTimeout: .seconds(60)),
            configuration: .init(address: .hostname(host, port: port)),
            onServerRunning: { channel in bound.set(channel.localAddress?.port ?? port) },
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            logger: Logger(label: "authtui.live", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        // The server alone, not a service group: no signal handlers of its own (the
        // terminal's stay). Cancelling the task closes the listener and every connection.
        let task = Task {
            do { try await server.run() } catch { bound.fail(error); throw error }
        }
        while true {
            switch bound.state {
            case .bound(let port): return (port, task)
            case .failed(let error): throw error
            case .starting: try await Task.sleep(nanoseconds: 5_000_000)
            }
        }
    }
}

extension LiveServer {
    /// Whether a body of the announced length (none announced: chunked or empty) may be read.
    static func fitsTheCap(contentLength: String?) -> Bool {
        (contentLength.flatMap { Int($0) } ?? 0) <= LiveGateway.maximumBody
    }

    /// Why the server could not listen, in a person's words (NIO's error names the system
    /// call): what the address has, and what to do about it.
    public static func reason(_ error: any Error) -> String {
        guard let error = error as? IOError else { return String(describing: error) }
        switch error.errnoCode {
        case EADDRINUSE: return "the port is in use (another program listens there; --port 0 picks a free one)"
        case EACCES: return "permission denied (ports below 1024 need privileges; pick a higher one)"
        case EADDRNOTAVAIL: return "no such address on this machine"
        default: return String(cString: strerror(error.errnoCode)).lowercased()
        }
    }
}

/// How starting the server went, told from its own tasks to the caller waiting for it.
private final class BoundPort: Sendable {
    enum State { case starting, bound(Int), failed(any Error) }
    private let current = Mutex<State>(.starting)
    func set(_ port: Int) { current.withLock { $0 = .bound(port) } }
    /// The server stopped before it bound (the address is taken, say).
    func fail(_ error: any Error) { current.withLock { if case .starting = $0 { $0 = .failed(error) } } }
    var state: State { current.withLock { $0 } }
}
