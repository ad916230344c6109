/// `application/x-www-form-urlencoded` and URL query strings: RFC 3986 percent-encoding
/// of everything outside the unreserved set, `+` read as a space.
public enum URLQuery {
    public static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
    }

    /// Pairs in order; nil for malformed percent-encoding.
    public static func decode(_ query: some StringProtocol) -> [(String, String)]? {
        guard !query.isEmpty else { return [] }
        var pairs: [(String, String)] = []
        for part in query.split(separator: "&", omittingEmptySubsequences: true) {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = unescape(kv[0]), let value = unescape(kv.count > 1 ? kv[1] : "") else { return nil }
            pairs.append((key, value))
        }
        return pairs
    }

    /// The part of `https://host/path?query#fragment` before `?` and `#`, whether or not the
    /// query is well-formed: what a router matches on.
    public static func path(of url: String) -> String {
        guard let end = url.utf8.firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }) else { return url }
        return String(url[..<end])
    }

    /// Splits `https://host/path?query#fragment` into the part before `?` and the query pairs.
    public static func split(_ url: String) -> (base: String, query: [(String, String)])? {
        let noFragment = url.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let parts = noFragment.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        guard let query = decode(parts.count > 1 ? parts[1] : "") else { return nil }
        return (String(parts[0]), query)
    }

    public static func escape(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
            }
        }
        return out
    }

    public static func unescape(_ text: some StringProtocol) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let b = iterator.next() {
            if b == UInt8(ascii: "+") { bytes.append(0x20); continue }
            guard b == UInt8(ascii: "%") else { bytes.append(b); continue }
            guard let h = iterator.next(), let l = iterator.next(), let hi = hexValue(h), let lo = hexValue(l) else { return nil }
            bytes.append(hi << 4 | lo)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 65...70: return c - 55
        case 97...102: return c - 87
        default: return nil
        }
    }
}

extension Array where Element == (String, String) {
    /// The first value for `name`.
    public func value(_ name: String) -> String? { first { $0.0 == name }?.1 }

    /// The first name given more than once (OAuth forbids it: RFC 6749 §3.1, §3.2).
    public var repeatedName: String? {
        var seen = Set<String>()
        return first { !seen.insert($0.0).inserted }?.0
    }
}
