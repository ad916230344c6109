#if canImport(Glibc)
import Glibc
#endif

/// A file a person names on the command line (a script, a token, a key, a JWKS), read as
/// UTF-8 text without ever holding more than `limit` bytes of it: a regular file, or a pipe
/// (`authtui run <(generate-script)`, `-` for standard input). What went wrong is said in
/// the system's words (`no such file or directory`, `is a directory`), not "cannot read".
enum TextFile {
    enum Problem: Error, Equatable, CustomStringConvertible {
        /// The system's reason, lowercased (`no such file or directory`).
        case unreadable(String)
        case tooLarge(limit: Int)
        case notUTF8

        var description: String {
            switch self {
            case .unreadable(let reason): return "cannot read the file: \(reason)"
            case .tooLarge(let limit): return "the file is over \(limit >> 20) MiB"
            case .notUTF8: return "the file is not UTF-8 text"
            }
        }
    }

    /// `path` "-": standard input.
    static func read(_ path: String, limit: Int) -> Result<String, Problem> {
        let fd = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(.unreadable(reason(errno))) }
        defer { if fd != STDIN_FILENO { close(fd) } }
        var info = stat()
        if fstat(fd, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFDIR { return .failure(.unreadable(reason(EISDIR))) }
            if info.st_mode & S_IFMT == S_IFREG, info.st_size > limit { return .failure(.tooLarge(limit: limit)) }
        }
        // Up to one byte past the limit: a pipe says how long it is only by ending.
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while bytes.count <= limit {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, min($0.count, limit + 1 - bytes.count)) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(reason(errno)))
            }
            if count == 0 { break }
            bytes += chunk[0..<count]
        }
        guard bytes.count <= limit else { return .failure(.tooLarge(limit: limit)) }
        guard let text = String(validating: bytes, as: UTF8.self) else { return .failure(.notUTF8) }
        return .success(text)
    }

    /// The system's reason for an error number, as the command line says it after a colon
    /// (`no such file or directory`).
    static func reason(_ code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }
}
