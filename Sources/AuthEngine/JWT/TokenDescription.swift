/// A human description of a decoded token: header and payload as indented JSON with
/// every time claim annotated with its date and how far it is from `now`.
public enum TokenDescription {
    public static let timeClaims: Set<String> = ["exp", "iat", "nbf", "auth_time"]

    public static func lines(for jws: CompactJWS, now: Instant) -> [String] {
        var lines = ["header:"]
        lines += JSONWriter.pretty(.object(jws.header)).split(separator: "\n").map { "  " + $0 }
        lines.append("payload:")
        lines += JSONWriter.pretty(.object(jws.payload)).split(separator: "\n").map { "  " + $0 }
        let times = jws.payload.members.filter { timeClaims.contains($0.key) && $0.value.intValue != nil }
        if !times.isEmpty {
            lines.append("times (UTC):")
            for member in times {
                let instant = Instant(seconds: member.value.intValue!)
                lines.append("  \(member.key): \(instant.iso8601)  (\(relative(instant, now: now)))")
            }
            if let exp = jws.payload["exp"]?.intValue {
                lines.append(now.milliseconds >= exp * 1000 ? "  → expired (a token is expired at exactly exp)" : "  → not expired")
            }
        }
        return lines
    }

    /// `in 12:04`, `03:00 ago`, `in 6d 23h 59m`; `now` within a second.
    public static func relative(_ instant: Instant, now: Instant) -> String {
        let delta = instant - now
        if abs(delta.milliseconds) < 1000 { return "now" }
        let text = Countdown.format(Span(milliseconds: abs(delta.milliseconds)))
        return delta.milliseconds > 0 ? "in " + text : text + " ago"
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
}
