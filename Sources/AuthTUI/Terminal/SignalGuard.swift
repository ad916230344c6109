#if canImport(Glibc)
import Glibc
#endif

/// Signals while the playground owns the terminal. SIGINT and SIGTERM ask the event
/// loop to quit (through a pipe it polls), so the terminal is restored by the normal
/// path; a crash restores it in the signal handler, then lets the crash proceed.
enum SignalGuard {
    /// The pipe the event loop polls; a signal writes one byte to it.
    nonisolated(unsafe) static var wakeFDs: (read: Int32, write: Int32) = (-1, -1)
    /// Set while curses is initialised, so a crash handler knows to call `endwin`.
    nonisolated(unsafe) static var cursesActive = false
    nonisolated(unsafe) static var endCurses: (@convention(c) () -> Void)?
    /// The crash signal that was handled, if the process is somehow still running after it.
    nonisolated(unsafe) static var crashSignal: Int32 = 0
    /// The last SIGINT or SIGTERM that asked the loop to quit.
    nonisolated(unsafe) static var lastSignal: Int32 = SIGTERM
    nonisolated(unsafe) private static var previousCrashActions: [Int32: sigaction] = [:]

    static let crashSignals: [Int32] = [SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE]

    static func installBeforeCurses() {
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            wakeFDs = (fds[0], fds[1])
            _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK)
            _ = fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK)
        }
        // Installed before newterm, so ncurses leaves SIGINT and SIGTERM to us.
        for signal in [SIGINT, SIGTERM] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signal in
                SignalGuard.lastSignal = signal
                var byte: UInt8 = 1
                _ = write(SignalGuard.wakeFDs.write, &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(signal, &action, nil)
        }
        for signal in crashSignals {
            var action = sigaction()
            var previous = sigaction()
            action.__sigaction_handler.sa_handler = { signal in
                // Restore the terminal, then put back the previous action (Swift's
                // backtracer or the default) and return: the fault happens again and
                // is reported on a usable screen.
                SignalGuard.crashSignal = signal
                if SignalGuard.cursesActive {
                    SignalGuard.cursesActive = false
                    SignalGuard.endCurses?()
                }
                if var previous = SignalGuard.previousCrashActions[signal] {
                    sigaction(signal, &previous, nil)
                } else {
                    Glibc.signal(signal, SIG_DFL)
                }
                // Pending until this handler returns; a real fault would also recur by itself.
                raise(signal)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            if sigaction(signal, &action, &previous) == 0 { previousCrashActions[signal] = previous }
        }
    }

    static func restoreDefaults() {
        for signal in [SIGINT, SIGTERM] { Glibc.signal(signal, SIG_DFL) }
        for (signal, var previous) in previousCrashActions { sigaction(signal, &previous, nil) }
        previousCrashActions = [:]
    }

    /// True (once) if a quit signal arrived since the last call.
    static func drainWakePipe() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 64)
        var got = false
        while read(wakeFDs.read, &buffer, buffer.count) > 0 { got = true }
        return got
    }
}
