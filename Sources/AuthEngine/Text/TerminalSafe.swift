/// Untrusted text (a token's header, a script's words, a request path) may hold control
/// characters that move a terminal's cursor or rewrite what it shows. Everything printed
/// goes through here: such characters become visible escapes like `\u001b`.
public enum TerminalSafe {
    /// C0 controls, DEL, C1 controls and the bidirectional overrides and isolates
    /// ("Trojan Source"): everything that acts on a terminal instead of showing.
    @inline(__always)
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (v >= 0x7F && v < 0xA0) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }

    /// `\u001b` for ESC, and so on.
    public static func escape(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// The text with every unsafe character escaped (the text itself when there is none:
    /// found with the byte scan below, eight bytes a step, for native strings).
    public static func text(_ text: String) -> String {
        let clean = text.utf8.withContiguousStorageIfAvailable { !hasUnsafe($0) } ?? !text.unicodeScalars.contains(where: isUnsafe)
        guard !clean else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) { out += escape(scalar) } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    /// Whether UTF-8 bytes hold anything to escape. Eight bytes at a time: a word of
    /// printable ASCII (0x20–0x7E: no high bit, no byte below 0x20, none equal to 0x7F) is
    /// skipped whole; any other word is looked at byte by byte.
    static func hasUnsafe(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> Bool {
        let count = buffer.count
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        var i = start
        while i < count {
            if i + 8 <= count {
                let x = UnsafeRawPointer(buffer.baseAddress! + i).loadUnaligned(as: UInt64.self)
                let below = (x &- ones &* 0x20) & ~x & highs
                let del = x ^ (ones &* 0x7F)
                if x & highs == 0, below == 0, (del &- ones) & ~del & highs == 0 { i += 8; continue }
            }
            let end = min(count, i + 8)
            while i < end {
                let b = buffer[i]
                if b >= 0x20, b < 0x7F { i += 1; continue }
                // U+0080–U+009F is C2 80–9F; U+202A–202E is E2 80 AA–AE; U+2066–2069 is E2 81 A6–A9.
                if b < 0x20 || b == 0x7F { return true }
                if b == 0xC2, i + 1 < count, buffer[i + 1] < 0xA0 { return true }
                if b == 0xE2, i + 2 < count {
                    let b1 = buffer[i + 1], b2 = buffer[i + 2]
                    if (b1 == 0x80 && b2 >= 0xAA && b2 <= 0xAE) || (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9) { return true }
                }
                i += 1
            }
        }
        return false
    }

    /// Escapes, in place, what `bytes[from...]` (UTF-8) holds; a quick scan first, so
    /// the common case (nothing to escape) costs one pass.
    public static func escape(_ bytes: inout [UInt8], from start: Int) {
        let found = bytes.withUnsafeBufferPointer { hasUnsafe($0, from: start) }
        guard found else { return }
        let tail = String(decoding: bytes[start...], as: UTF8.self)
        bytes.removeSubrange(start...)
        bytes.append(contentsOf: text(tail).utf8)
    }
}
