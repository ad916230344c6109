/// A human description of a decoded token: header and payload as indented JSON with
/// every time claim annotated with its date and how far it is from `now`.
public enum TokenDescription {
    public static let timeClaims: Set<String> = ["exp", "iat", "nbf", "auth_time"]

    /// One line of the description, as a value: the decode command prints its English,
    /// the playground words it in its reader's language.
    public enum Line: Hashable, Sendable, CustomStringConvertible {
        public enum Section: String, Sendable { case header, payload, times = "times (UTC)" }
        case section(Section)
        /// A line of indented JSON.
        case json(String)
        case time(claim: String, at: Instant, relative: Relative)
        /// A time claim that is not a usable time, and why.
        case badTime(claim: String, reason: String)

        public var description: String {
            switch self {
            case .section(let section): return section.rawValue + ":"
            case .json(let line): return "  " + line
            case .time(let claim, let at, let relative): return "  \(claim): \(at.iso8601)  (\(relative))"
            case .badTime(let claim, let reason): return "  \(claim): \(reason)"
            }
        }
    }

    /// Where an instant lies from now.
    public enum Relative: Hashable, Sendable, CustomStringConvertible {
        case now, farFuture, farPast
        case future(Span), past(Span)
        public var description: String {
            switch self {
            case .now: return "now"
            case .farFuture: return "in the far future"
            case .farPast: return "in the far past"
            case .future(let span): return "in " + RelativeTime.words(span)
            case .past(let span): return RelativeTime.words(span) + " ago"
            }
        }

        public init(_ instant: Instant, now: Instant) {
            let (delta, overflow) = instant.milliseconds.subtractingReportingOverflow(now.milliseconds)
            guard !overflow else { self = instant > now ? .farFuture : .farPast; return }
            if abs(delta) < 1000 { self = .now; return }
            let span = Span(milliseconds: delta.magnitude > UInt64(Int64.max) ? .max : abs(delta))
            self = delta > 0 ? .future(span) : .past(span)
        }
    }

    public static func parts(for jws: CompactJWS, now: Instant) -> [Line] {
        var lines: [Line] = [.section(.header)]
        lines += JSONWriter.pretty(.object(jws.header)).split(separator: "\n").map { .json(TerminalSafe.text(String($0))) }
        lines.append(.section(.payload))
        lines += JSONWriter.pretty(.object(jws.payload)).split(separator: "\n").map { .json(TerminalSafe.text(String($0))) }
        let times = jws.payload.members.filter { timeClaims.contains($0.key) }
        if !times.isEmpty {
            lines.append(.section(.times))
            for member in times {
                let claim = TerminalSafe.text(member.key)
                switch Instant.numericDate(member.value) {
                case .success(let instant)?: lines.append(.time(claim: claim, at: instant, relative: Relative(instant, now: now)))
                case .failure(let error)?: lines.append(.badTime(claim: claim, reason: TerminalSafe.text("\(error)")))
                case nil: lines.append(.badTime(claim: claim, reason: "not a number"))
                }
            }
        }
        return lines
    }

    public static func lines(for jws: CompactJWS, now: Instant) -> [String] {
        parts(for: jws, now: now).map(\.description)
    }

    /// `in 12m4s`, `8m45s ago`, `in 6d23h`; `now` within a second.
    public static func relative(_ instant: Instant, now: Instant) -> String {
        Relative(instant, now: now).description
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
}
