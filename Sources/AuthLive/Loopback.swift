/// Whether a host names this machine only: what decides where the servers may listen
/// without `--allow-remote`, which peers the control API answers, and which `Host` it
/// takes (a page's own name pointed at 127.0.0.1 is DNS rebinding).
public enum Loopback {
    /// `host`: a name or an address, bare (`::1`, `127.0.0.1`, `localhost`) or as an
    /// authority with its port (`[::1]:8080`, `127.0.0.1:8080`). Loopback: `localhost` and
    /// its subdomains (RFC 6761 §6.3), 127.0.0.0/8 written as four decimal octets, `::1`,
    /// and 127.0.0.0/8 mapped into IPv6 (`::ffff:127.0.0.1`). Not a name that merely
    /// starts with `127.` (`127.attacker.test` resolves where its owner likes).
    public static func isLoopback(host: String) -> Bool {
        let name: Substring
        if host.hasPrefix("[") {
            name = host.dropFirst().prefix { $0 != "]" }
        } else if host.filter({ $0 == ":" }).count > 1 {
            name = Substring(host) // a bare IPv6 address: its colons are not a port's
        } else {
            name = host.prefix { $0 != ":" }
        }
        let lower = name.lowercased()
        if lower == "localhost" || lower.hasSuffix(".localhost") || lower == "::1" || lower == "0:0:0:0:0:0:0:1" { return true }
        let v4 = lower.hasPrefix("::ffff:") ? lower.dropFirst(7) : Substring(lower)
        let octets = v4.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127"
            && octets.allSatisfy { !$0.isEmpty && $0.count <= 3 && $0.allSatisfy { ("0"..."9").contains($0) } && UInt8($0) != nil }
    }
}
