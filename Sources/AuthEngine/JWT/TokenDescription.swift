/// A human description of a decoded token: header and payload as indented JSON with
/// every time claim annotated with its date and how far it is from `now`.
public enum TokenDescription {
    public static let timeClaims: Set<String> = ["exp", "iat", "nbf", "auth_time"]

    public static func lines(for jws: CompactJWS, now: Instant) -> [String] {
        var lines = ["header:"]
        lines += JSONWriter.pretty(.object(jws.header)).split(separator: "\n").map { "  " + $0 }
        lines.append("payload:")
        lines += JSONWriter.pretty(.object(jws.payload)).split(separator: "\n").map { "  " + $0 }
        let times = jws.payload.members.filter { timeClaims.contains($0.key) }
        if !times.isEmpty {
            lines.append("times (UTC):")
            for member in times {
                switch Instant.numericDate(member.value) {
                case .success(let instant)?: lines.append("  \(member.key): \(instant.iso8601)  (\(relative(instant, now: now)))")
                case .failure(let error)?: lines.append("  \(member.key): \(error)")
                case nil: lines.append("  \(member.key): not a number")
                }
            }
        }
        return lines.map(TerminalSafe.text)
    }

    /// `in 12m4s`, `8m45s ago`, `in 6d23h`; `now` within a second.
    public static func relative(_ instant: Instant, now: Instant) -> String {
        let (delta, overflow) = instant.milliseconds.subtractingReportingOverflow(now.milliseconds)
        guard !overflow else { return instant > now ? "in the far future" : "in the far past" }
        if abs(delta) < 1000 { return "now" }
        let text = RelativeTime.words(Span(milliseconds: delta.magnitude > UInt64(Int64.max) ? .max : abs(delta)))
        return delta > 0 ? "in " + text : text + " ago"
    }
}

/// A length of time in units, the two largest that matter: `8m45s`, `6d23h`, `45s`.
public enum RelativeTime {
    public static func words(_ span: Span) -> String {
        let total = max(0, span.milliseconds) / 1000
        let parts: [(Int64, String)] = [(total / 86_400, "d"), (total / 3600 % 24, "h"), (total / 60 % 60, "m"), (total % 60, "s")]
        guard let first = parts.firstIndex(where: { $0.0 > 0 }) else { return "0s" }
        return parts[first...].prefix(2).filter { $0.0 > 0 }.map { "\($0.0)\($0.1)" }.joined()
    }
}

/// How the playground writes a remaining time: `12:04` under an hour, `2h 03m` under
/// a day, `6d 23h 59m` beyond.
public enum Countdown {
    public static func format(_ span: Span) -> String {
        let total = max(0, span.milliseconds) / 1000
        let days = total / 86_400, hours = total / 3600 % 24, minutes = total / 60 % 60, seconds = total % 60
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        if days > 0 { return "\(days)d \(hours)h \(minutes)m" }
        if hours > 0 { return "\(hours)h \(two(minutes))m" }
        return "\(two(minutes)):\(two(seconds))"
    }

    /// `in 12:04`, `03:00 ago`, `in 6d 23h 59m`; `now` within a second (the playground's panels).
    public static func relative(_ instant: Instant, now: Instant) -> String {
        let delta = instant - now
        if abs(delta.milliseconds) < 1000 { return "now" }
        let text = format(Span(milliseconds: abs(delta.milliseconds)))
        return delta.milliseconds > 0 ? "in " + text : text + " ago"
    }
}
