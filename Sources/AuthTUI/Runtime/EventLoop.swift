import AuthEngine
#if canImport(Glibc)
import Glibc
#endif

/// Runs the playground: poll for keys and signals, tick the clock by real elapsed time,
/// render, and draw only when the picture changed.
///
/// Idle means idle: paused, it sleeps until a key, a resize or a signal arrives; running,
/// it wakes when the next visible second (or the next scheduled event) is due at the
/// current speed, and at most about 30 times a second.
struct EventLoop {
    static let minimumFrame = 1.0 / 30

    static func run(_ state: inout AppState, on terminal: Terminal, live: LiveRuntime? = nil) {
        var last = monotonicSeconds()
        var drawn: Canvas?
        var drawnAt = -Double.infinity
        // Whether a key or resize arrived since the last frame: it is shown at once.
        var inputArrived = true
        while !state.shouldQuit {
            let now = monotonicSeconds()
            update(&state, .tick(seconds: now - last))
            last = now
            // Live requests wake the loop thousands of times a second under load: they are
            // served on every turn without a key, drawn at most `minimumFrame` apart; keys
            // are drawn at once.
            let frameDue = inputArrived || state.redrawRequested || now - drawnAt >= minimumFrame
            if frameDue {
                let canvas = Screen.render(state)
                if state.redrawRequested {
                    state.redrawRequested = false
                    terminal.invalidate()
                    drawn = nil
                }
                if canvas != drawn {
                    terminal.present(canvas)
                    drawn = canvas
                }
                drawnAt = now
                inputArrived = false
            }
            let untilFrame = frameDue ? nil : minimumFrame - (now - drawnAt)
            let signalled = wait(timeout: [nextWake(state), untilFrame].compactMap { $0 }.min(), live: live)
            if signalled, SignalGuard.drainWakePipe() { update(&state, .terminated(signal: SignalGuard.lastSignal)) }
            writeFiles(&state)
            // A crash signal whose handler returned (one sent from outside): stop, do not draw on.
            if SignalGuard.crashSignal != 0 { return }
            for input in terminal.readInput() {
                switch input {
                case .resize:
                    let size = terminal.size
                    update(&state, .resize(width: size.width, height: size.height))
                case .key(let key):
                    update(&state, .key(key))
                }
                inputArrived = true
            }
            // Live requests run here, on the thread that owns the world; the next frame shows
            // them. A key that came with them is drawn first: they are served on the next turn
            // (their pipe is still readable, so the wait returns at once).
            if !inputArrived {
                // A browser that names no language the pages speak gets the playground's.
                if let live { live.gateway.pageLanguage = state.language == .zh ? .zh : .en }
                live?.serve()
            }
            writeFiles(&state)
        }
    }

    /// Seconds until something on screen can change; nil to sleep until input.
    static func nextWake(_ state: AppState) -> Double? {
        let clock = state.world.clock
        guard !clock.isPaused, clock.speed > 0 else { return nil }
        let ms = clock.now.milliseconds
        var virtualMs = Double(1000 - ((ms % 1000) + 1000) % 1000)
        if let next = clock.nextEventTime { virtualMs = min(virtualMs, Double((next - clock.now).milliseconds)) }
        return min(1, max(minimumFrame, virtualMs / 1000 / clock.speed))
    }

    /// Sleeps until input, a signal, a live request or the timeout; true if the signal pipe
    /// is readable (a signal that interrupts `poll` is seen on the next turn).
    private static func wait(timeout: Double?, live: LiveRuntime?) -> Bool {
        var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: SignalGuard.wakeFDs.read, events: Int16(POLLIN), revents: 0)]
        if let live { fds.append(pollfd(fd: live.inbox.wakeFD, events: Int16(POLLIN), revents: 0)) }
        let ms = timeout.map { Int32(($0 * 1000).rounded(.up)) } ?? -1
        _ = poll(&fds, nfds_t(fds.count), ms) // EINTR (SIGWINCH) just returns early
        return fds[1].revents != 0
    }

    static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Writes what the model asked for while it runs (a failure shows on the status line);
    /// on the way out the writes wait for the terminal to be restored, so a failure is said
    /// where it can be read and makes the exit non-zero (a lost `--record` went unnoticed).
    static func writeFiles(_ state: inout AppState) {
        if !state.shouldQuit { FileWriter.write(&state) }
    }
}
