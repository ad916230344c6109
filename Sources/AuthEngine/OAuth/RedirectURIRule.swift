/// What a registered redirect URI must be (RFC 6749 §3.1.2, RFC 8252 §7.3, OAuth 2.0
/// Security BCP §4.1): absolute, no fragment, no userinfo, a host, and https unless the
/// host is the loopback interface (a native app's local listener).
public enum RedirectURIRule {
    /// Why `uri` cannot be registered, or nil if it can.
    public static func problem(_ uri: String) -> String? {
        let scheme: String
        if uri.hasPrefix("https://") { scheme = "https" } else if uri.hasPrefix("http://") { scheme = "http" } else {
            return "must be absolute (https://host/path)"
        }
        if uri.contains("#") { return "must not have a #fragment (RFC 6749 §3.1.2)" }
        let rest = uri.dropFirst(scheme.count + 3)
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        if authority.contains("@") { return "must not carry user:password@ (userinfo)" }
        let host = authority.hasPrefix("[") ? String(authority.prefix { $0 != "]" }) + "]" : String(authority.prefix { $0 != ":" })
        if host.isEmpty || host == "[]" { return "has no host" }
        if scheme == "http", !isLoopback(host) { return "must use https (plain http only for localhost, 127.0.0.1 or [::1])" }
        return nil
    }

    /// Two `http` loopback URIs that differ only in the port (RFC 8252 §7.3).
    static func sameLoopbackListener(_ registered: String, _ presented: String) -> Bool {
        func parts(_ uri: String) -> (host: String, rest: String)? {
            guard uri.hasPrefix("http://") else { return nil }
            let rest = uri.dropFirst(7)
            let authority = rest.prefix { $0 != "/" && $0 != "?" }
            let host = authority.hasPrefix("[") ? String(authority.prefix { $0 != "]" }) + "]" : String(authority.prefix { $0 != ":" })
            guard isLoopback(host), host != "localhost" else { return nil } // RFC 8252 §8.3: IP literals, not localhost
            let port = authority.dropFirst(host.count)
            guard port.isEmpty || (port.first == ":" && port.dropFirst().allSatisfy(\.isNumber) && port.count > 1) else { return nil }
            return (host, String(rest.dropFirst(authority.count)))
        }
        guard let a = parts(registered), let b = parts(presented) else { return false }
        return a.host == b.host && a.rest == b.rest
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "[::1]" || host.hasPrefix("127.") && host.split(separator: ".").count == 4
    }
}
