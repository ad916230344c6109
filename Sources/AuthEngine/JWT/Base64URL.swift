/// RFC 4648 §5 base64url without padding, strict as RFC 7515 §2 asks:
/// no `=`, no whitespace, no characters outside the alphabet, no stray bits.
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let reverse: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = UInt8(i) }
        return table
    }()

    public static func encode<Bytes: Sequence>(_ data: Bytes) -> String where Bytes.Element == UInt8 {
        let bytes = Array(data)
        var out = [UInt8]()
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var i = 0
        while i + 3 <= bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out.append(alphabet[Int(n >> 18 & 63)]); out.append(alphabet[Int(n >> 12 & 63)])
            out.append(alphabet[Int(n >> 6 & 63)]); out.append(alphabet[Int(n & 63)])
            i += 3
        }
        let rest = bytes.count - i
        if rest == 1 {
            let n = UInt32(bytes[i]) << 16
            out.append(alphabet[Int(n >> 18 & 63)]); out.append(alphabet[Int(n >> 12 & 63)])
        } else if rest == 2 {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out.append(alphabet[Int(n >> 18 & 63)]); out.append(alphabet[Int(n >> 12 & 63)])
            out.append(alphabet[Int(n >> 6 & 63)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func encode(_ text: String) -> String { encode(Array(text.utf8)) }

    /// Returns nil for anything that is not canonical unpadded base64url.
    public static func decode<S: StringProtocol>(_ text: S) -> [UInt8]? {
        decode(text.utf8)
    }

    public static func decode<Bytes: Collection>(_ chars: Bytes) -> [UInt8]? where Bytes.Element == UInt8 {
        decode(chars, strict: true)
    }

    /// `strict: false` ignores stray low bits in the last character, as standard base64
    /// decoders do (WeChat's 43-character EncodingAESKey has two).
    static func decode<Bytes: Collection>(_ chars: Bytes, strict: Bool) -> [UInt8]? where Bytes.Element == UInt8 {
        if chars.count % 4 == 1 { return nil }
        var out = [UInt8]()
        out.reserveCapacity(chars.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        for c in chars {
            let v = reverse[Int(c)]
            if v == 0xFF { return nil }
            buffer = buffer << 6 | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        // Leftover bits must be zero, or two different strings would decode alike.
        if strict, bits > 0, buffer & ((1 << UInt32(bits)) - 1) != 0 { return nil }
        return out
    }
}

/// Standard base64 (`+`, `/`, `=` padding), as HTTP Basic credentials and WeChat's
/// encrypted pushes carry it; built on the base64url codec.
public enum Base64 {
    public static func encode(_ bytes: [UInt8]) -> String {
        var s = Base64URL.encode(bytes).map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 }
        while s.count % 4 != 0 { s.append("=") }
        return String(s)
    }

    /// nil for anything that is not base64 (padding optional).
    public static func decode(_ text: String) -> [UInt8]? {
        var trimmed = Substring(text)
        while trimmed.last == "=" { trimmed = trimmed.dropLast() }
        guard !trimmed.contains("-"), !trimmed.contains("_") else { return nil }
        return Base64URL.decode(String(trimmed.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 }).utf8, strict: false)
    }
}
