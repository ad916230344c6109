#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// This machine's address other machines on its network reach it at: what the servers name
/// in pages, redirects and tokens when they listen on every address (`0.0.0.0`, `::`), where
/// the bound address itself would send a class's browsers nowhere.
public enum MachineAddress {
    /// Whether `host` means every address of this machine.
    public static func isWildcard(_ host: String) -> Bool {
        ["0.0.0.0", "::", "0:0:0:0:0:0:0:0"].contains(host)
    }

    /// The first IPv4 address of an interface that is up and not loopback, else the first
    /// such IPv6 address that is not link-local (bare, as a host is given); nil when there
    /// is none.
    public static func first() -> String? {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let head = list else { return nil }
        defer { freeifaddrs(head) }
        var ipv6: String?
        var cursor: UnsafeMutablePointer<ifaddrs>? = head
        while let entry = cursor?.pointee {
            defer { cursor = entry.ifa_next }
            let flags = Int32(entry.ifa_flags)
            guard let address = entry.ifa_addr, flags & Int32(IFF_UP) != 0, flags & Int32(IFF_LOOPBACK) == 0 else { continue }
            switch Int32(address.pointee.sa_family) {
            case AF_INET:
                var host = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
                var ip = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
                if inet_ntop(AF_INET, &ip, &host, socklen_t(host.count)) != nil { return String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) }
            case AF_INET6 where ipv6 == nil:
                var host = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
                var ip = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
                guard inet_ntop(AF_INET6, &ip, &host, socklen_t(host.count)) != nil else { continue }
                let text = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if !text.lowercased().hasPrefix("fe80:") { ipv6 = text }
            default:
                continue
            }
        }
        return ipv6
    }

    /// Why `url` cannot be the servers' public URL (nil: it can): `http://` or `https://`, a
    /// host, an optional port, nothing after (no path, query or fragment).
    public static func problem(publicURL url: String) -> String? {
        let scheme = url.hasPrefix("http://") ? "http://" : url.hasPrefix("https://") ? "https://" : nil
        guard let scheme else { return "must start with http:// or https://" }
        var authority = Substring(url.dropFirst(scheme.count))
        if authority.hasSuffix("/") { authority = authority.dropLast() }
        guard !authority.isEmpty else { return "names no host" }
        guard !authority.contains(where: { "/?#@ \\".contains($0) }) else { return "must be a scheme, a host and a port only (no path, query or user)" }
        if !authority.hasPrefix("["), authority.filter({ $0 == ":" }).count > 1 { return "must write an IPv6 address in brackets ([::1]:8080)" }
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]"), !authority[..<colon].contains(":") || authority.hasPrefix("[") {
            guard let port = Int(authority[authority.index(after: colon)...]), (1...65535).contains(port) else { return "has a port that is not 1–65535" }
        }
        return nil
    }
}
