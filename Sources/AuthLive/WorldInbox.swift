import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Hands requests to the one thread that owns the world. The server's threads queue a job
/// and write a byte to a pipe; the owner's loop has the pipe's read end in its `poll` set,
/// runs the jobs (each hands its answer back to the connection that queued it) and goes
/// back to sleep. The world itself is never touched from another thread.
public final class WorldInbox: Sendable {
    public typealias Job = @Sendable (LiveGateway) -> Void
    private let jobs = Mutex<[Job]>([])
    /// Readable when jobs wait: the owner polls it.
    public let wakeFD: Int32
    private let writeFD: Int32

    public init() {
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        }
        wakeFD = fds[0]
        writeFD = fds[1]
    }

    deinit {
        close(wakeFD)
        close(writeFD)
    }

    public func submit(_ job: @escaping Job) {
        // Jobs already waiting mean the pipe is readable or the owner is about to take them
        // all: only the first job after a drain needs to wake it (a write saved per request
        // under load).
        let first = jobs.withLock { queue -> Bool in
            queue.append(job)
            return queue.count == 1
        }
        if first { wake() }
    }

    /// On the owner's thread: runs up to `limit` queued jobs (so a flood cannot starve the
    /// screen) and returns how many still wait; the pipe stays readable while any do.
    @discardableResult
    public func drain(into gateway: LiveGateway, limit: Int = 256) -> Int {
        var buffer = [UInt8](repeating: 0, count: 256)
        // Writers add a byte only for the first job after a drain, so one read empties the
        // pipe unless it was full.
        while read(wakeFD, &buffer, buffer.count) == buffer.count {}
        let (batch, left) = jobs.withLock { queue -> ([Job], Int) in
            let count = min(limit, queue.count)
            let batch = Array(queue.prefix(count))
            queue.removeFirst(count)
            return (batch, queue.count)
        }
        for job in batch { job(gateway) }
        if left > 0 { wake() }
        return left
    }

    private func wake() {
        var byte: UInt8 = 1
        _ = write(writeFD, &byte, 1) // a full pipe is already readable
    }
}
