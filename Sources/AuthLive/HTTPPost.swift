#if canImport(Glibc)
import Glibc
#endif

/// A minimal blocking HTTP/1.1 POST over a plain socket, for pushing WeChat events to a
/// callback on this machine or the local network. Runs off the world's thread.
enum HTTPPost {
    struct Answer: Sendable {
        let status: Int
        let body: String
    }

    enum Failure: Error, CustomStringConvertible {
        case unsupported(String), resolve(String), connect(String), io(String), malformed
        var description: String {
            switch self {
            case .unsupported(let why): return why
            case .resolve(let host): return "cannot resolve \(host)"
            case .connect(let why): return "cannot connect: \(why)"
            case .io(let why): return why
            case .malformed: return "the answer is not HTTP"
            }
        }
    }

    /// Where `http://host[:port]/path[?query]` points.
    struct Target: Equatable {
        let host: String, port: String, authority: String, path: String
    }

    /// The URL read as a push target, or why it is not one (checked when the option is
    /// given, so a typo is said at once, not at the first push ten minutes later).
    static func target(_ url: String) -> Result<Target, Failure> {
        guard url.hasPrefix("http://") else { return .failure(.unsupported("only http:// callbacks can be pushed to (got \(url))")) }
        guard url.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            return .failure(.unsupported("the URL has spaces, control or non-ASCII characters (percent-encode them)"))
        }
        let rest = url.dropFirst(7)
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        var path = String(rest.dropFirst(authority.count).prefix { $0 != "#" })
        if path.isEmpty { path = "/" } else if path.hasPrefix("?") { path = "/" + path }
        var host = String(authority), port = "80"
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return .failure(.unsupported("the IPv6 address in \(url) has no closing ]")) }
            let after = host[host.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else { return .failure(.unsupported("\(url) has text after the IPv6 address")) }
            if after.hasPrefix(":") { port = String(after.dropFirst()) }
            host = String(host[host.index(after: host.startIndex)..<close])
        } else if let colon = host.lastIndex(of: ":") {
            port = String(host[host.index(after: colon)...])
            host = String(host[..<colon])
        }
        guard !host.isEmpty, !host.contains("@") else { return .failure(.unsupported("\(url) names no host (http://host[:port]/path)")) }
        guard let number = Int(port), (1...65535).contains(number) else { return .failure(.unsupported("the port in \(url) is not 1–65535")) }
        return .success(Target(host: host, port: port, authority: String(authority), path: path))
    }

    /// `url` is `http://host[:port]/path[?query]`; `query` is appended.
    static func send(to url: String, query: String, body: String, contentType: String, timeout: Int = 5) -> Result<Answer, Failure> {
        let target: Target
        switch Self.target(url) {
        case .success(let found): target = found
        case .failure(let failure): return .failure(failure)
        }
        let (host, port, authority) = (target.host, target.port, target.authority)
        let path = target.path + (target.path.contains("?") ? "&" : "?") + query
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var info: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, port, &hints, &info) == 0, let first = info else { return .failure(.resolve(host)) }
        defer { freeaddrinfo(info) }
        let fd = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard fd >= 0 else { return .failure(.connect(String(cString: strerror(errno)))) }
        defer { close(fd) }
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        guard connect(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else { return .failure(.connect(String(cString: strerror(errno)))) }
        let payload = Array(body.utf8)
        let head = "POST \(path) HTTP/1.1\r\nHost: \(authority)\r\nContent-Type: \(contentType)\r\nContent-Length: \(payload.count)\r\nConnection: close\r\nUser-Agent: authtui-wechat-push\r\n\r\n"
        let bytes = Array(head.utf8) + payload
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { return .failure(.io("write failed: \(String(cString: strerror(errno)))")) }
            sent += n
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while received.count < 1 << 20 {
            let n = read(fd, &buffer, buffer.count)
            if n < 0 { return .failure(.io("no answer within \(timeout) s")) }
            if n == 0 { break }
            received += buffer[0..<n]
        }
        let text = String(decoding: received, as: UTF8.self)
        guard text.hasPrefix("HTTP/1."), let status = Int(text.dropFirst(9).prefix(3)) else { return .failure(.malformed) }
        let split = (0..<max(0, received.count - 3)).first { received[$0..<$0 + 4].elementsEqual([13, 10, 13, 10]) }
        let answerBody = split.map { String(decoding: received[($0 + 4)...], as: UTF8.self) } ?? ""
        return .success(Answer(status: status, body: answerBody))
    }
}
