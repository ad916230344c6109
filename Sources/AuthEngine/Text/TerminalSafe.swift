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

    /// The text with every unsafe character escaped (the text itself when there is none).
    public static func text(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) { out += escape(scalar) } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    /// Escapes, in place, what `bytes[from...]` (UTF-8) holds; a quick byte scan first, so
    /// the common case (nothing to escape) costs one pass.
    public static func escape(_ bytes: inout [UInt8], from start: Int) {
        var i = start
        var found = false
        while i < bytes.count {
            let b = bytes[i]
            // U+0080–U+009F is C2 80–9F; U+202A–202E is E2 80 AA–AE; U+2066–2069 is E2 81 A6–A9.
            if b < 0x20 || b == 0x7F || (b == 0xC2 && i + 1 < bytes.count && bytes[i + 1] < 0xA0)
                || (b == 0xE2 && i + 2 < bytes.count
                    && ((bytes[i + 1] == 0x80 && (0xAA...0xAE).contains(bytes[i + 2]))
                        || (bytes[i + 1] == 0x81 && (0xA6...0xA9).contains(bytes[i + 2])))) {
                found = true
                break
            }
            i += 1
        }
        guard found else { return }
        let tail = String(decoding: bytes[start...], as: UTF8.self)
        bytes.removeSubrange(start...)
        bytes.append(contentsOf: text(tail).utf8)
    }
}
