/// Reads and writes durations as the scenario language spells them:
/// `250ms`, `30s`, `15m`, `2h`, `7d`, `1h30m`, optionally signed.
public enum DurationSyntax {
    public static func parse(_ text: String) -> Span? {
        var chars = Array(text.utf8)[...]
        var sign: Int64 = 1
        if chars.first == UInt8(ascii: "-") { sign = -1; chars = chars.dropFirst() }
        else if chars.first == UInt8(ascii: "+") { chars = chars.dropFirst() }
        guard !chars.isEmpty else { return nil }
        var total: Int64 = 0
        var lastUnitRank = Int.max
        while !chars.isEmpty {
            var n: Int64 = 0
            var digits = 0
            while let c = chars.first, c >= 48, c <= 57 {
                let (m, o1) = n.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(Int64(c - 48))
                guard !o1, !o2 else { return nil }
                n = s; digits += 1; chars = chars.dropFirst()
            }
            guard digits > 0 else { return nil }
            let unit: Int64
            let rank: Int
            if chars.starts(with: "ms".utf8) { unit = 1; rank = 0; chars = chars.dropFirst(2) }
            else if chars.first == UInt8(ascii: "s") { unit = 1000; rank = 1; chars = chars.dropFirst() }
            else if chars.first == UInt8(ascii: "m") { unit = 60_000; rank = 2; chars = chars.dropFirst() }
            else if chars.first == UInt8(ascii: "h") { unit = 3_600_000; rank = 3; chars = chars.dropFirst() }
            else if chars.first == UInt8(ascii: "d") { unit = 86_400_000; rank = 4; chars = chars.dropFirst() }
            else { return nil }
            guard rank < lastUnitRank else { return nil } // `30s1h` and `1h1h` are mistakes
            lastUnitRank = rank
            let (part, o3) = n.multipliedReportingOverflow(by: unit)
            let (sum, o4) = total.addingReportingOverflow(part)
            guard !o3, !o4 else { return nil }
            total = sum
        }
        return Span(milliseconds: sign * total)
    }

    public static func format(_ span: Span) -> String {
        var ms = span.milliseconds
        if ms == 0 { return "0s" }
        var out = ms < 0 ? "-" : ""
        ms = ms.magnitude > Int64.max.magnitude ? Int64.max : abs(ms)
        let units: [(Int64, String)] = [(86_400_000, "d"), (3_600_000, "h"), (60_000, "m"), (1000, "s"), (1, "ms")]
        for (size, name) in units where ms >= size {
            out += "\(ms / size)\(name)"
            ms %= size
        }
        return out
    }
}
