/// Whether a host names this machine only: what decides where the servers may listen
/// without `--allow-remote`, which peers the control API answers, and which `Host` it
/// takes (a page's own name pointed at 127.0.0.1 is DNS rebinding).
public enum Loopback {
    /// `host`: a name or an address, bare (`::1`, `127.0.0.1`, `localhost`) or as an
    /// authority with its port (`[::1]:8080`, `127.0.0.1:8080`). Loopback: `localhost` and
    /// its subdomains (RFC 6761 §6.3), 127.0.0.0/8 written as four decimal octets, `::1`,
    /// and 127.0.0.0/8 mapped into IPv6 (`::ffff:127.0.0.1`). Not a name that merely
    /// starts with `127.` (`127.attacker.test` resolves where its owner likes).
    /// Every request's peer is judged: an IPv4 address is read without allocating.
    public static func isLoopback(host: String) -> Bool {
        var name = Substring(host)
        if name.hasPrefix("[") {
            // An IPv6 literal (RFC 3986 §3.2.2): closed, then nothing or a port.
            guard let close = name.firstIndex(of: "]"), name[name.index(after: close)...].first.map({ $0 == ":" }) ?? true else { return false }
            name = name[name.index(after: name.startIndex)..<close]
            guard name.contains(":") else { return false }
        } else if let colon = name.firstIndex(of: ":"), !name[name.index(after: colon)...].contains(":") {
            name = name[..<colon] // a name or IPv4 address with its port (a bare IPv6 address has more colons)
        }
        if name.utf8.count > 7, name.prefix(7).lowercased() == "::ffff:" { name = name.dropFirst(7) }
        if isIPv4Loopback(name.utf8) { return true }
        let lower = name.lowercased()
        return lower == "localhost" || lower.hasSuffix(".localhost") || lower == "::1" || lower == "0:0:0:0:0:0:0:1"
    }

    /// Four decimal octets of at most three digits, each ≤ 255, the first 127.
    static func isIPv4Loopback(_ bytes: Substring.UTF8View) -> Bool {
        var octets = 0, value = 0, digits = 0, first = -1
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits += 1
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                guard digits <= 3, value <= 255 else { return false }
            case UInt8(ascii: "."):
                guard digits > 0, octets < 3 else { return false }
                if octets == 0 { first = value }
                octets += 1
                value = 0
                digits = 0
            default:
                return false
            }
        }
        return octets == 3 && digits > 0 && first == 127
    }
}
