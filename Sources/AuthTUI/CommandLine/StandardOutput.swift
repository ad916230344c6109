import AuthEngine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Buffered line output to a file descriptor: a long transcript is written in
/// large blocks instead of one system call per line.
final class LineOutput {
    private let descriptor: Int32
    private var buffer: [UInt8] = []

    init(descriptor: Int32) {
        self.descriptor = descriptor
        buffer.reserveCapacity(1 << 16)
    }

    static func standardOutput() -> LineOutput { LineOutput(descriptor: 1) }
    static func standardError() -> LineOutput { LineOutput(descriptor: 2) }

    /// Writes one message to standard error at once.
    static func error(_ text: String) {
        let err = standardError()
        err.line(text)
        err.flush()
    }

    func line(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        buffer.append(10)
        if buffer.count >= 1 << 16 { flush() }
    }

    /// A log entry's transcript line, formatted straight into the buffer.
    func line(_ entry: LogEntry) {
        LogFormatter.appendLine(entry, to: &buffer)
        if buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
        var offset = 0
        while offset < buffer.count {
            let n = buffer[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
