/// A point on the virtual timeline, in milliseconds since the Unix epoch.
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }
    public init(seconds: Int64) { self.milliseconds = seconds * 1000 }

    /// Whole seconds since the epoch, rounded down (what JWT `iat`/`exp` hold).
    public var seconds: Int64 { milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000 }

    public static func < (a: Instant, b: Instant) -> Bool { a.milliseconds < b.milliseconds }
    public static func + (a: Instant, d: Span) -> Instant { Instant(milliseconds: a.milliseconds + d.milliseconds) }
    public static func - (a: Instant, d: Span) -> Instant { Instant(milliseconds: a.milliseconds - d.milliseconds) }
    public static func - (a: Instant, b: Instant) -> Span { Span(milliseconds: a.milliseconds - b.milliseconds) }
    public static func += (a: inout Instant, d: Span) { a.milliseconds += d.milliseconds }

    /// `2026-01-01T09:00:00Z` (with `.250` when there are milliseconds). Far outside the
    /// years 0001–9999 (where calendar arithmetic could overflow) it says so instead.
    public var iso8601: String {
        guard milliseconds.magnitude < 1 << 60 else { return "(a time out of range)" }
        return CivilTime(self).iso8601
    }
    public var description: String { iso8601 }

    /// Parses `2026-01-01T09:00:00Z`, `2026-01-01T09:00:00.250Z`, `2026-01-01T09:00Z` or `2026-01-01`.
    public init?(iso8601 text: String) {
        guard let civil = CivilTime(parsing: text) else { return nil }
        self = civil.instant
    }

    /// The default start of every scenario, so transcripts are reproducible.
    public static let scenarioStart = Instant(iso8601: "2026-01-01T09:00:00Z")!
}

/// A length of virtual time, in milliseconds.
public struct Span: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }
    public static func milliseconds(_ n: Int64) -> Span { Span(milliseconds: n) }
    public static func seconds(_ n: Int64) -> Span { Span(milliseconds: n * 1000) }
    public static func minutes(_ n: Int64) -> Span { Span(milliseconds: n * 60_000) }
    public static func hours(_ n: Int64) -> Span { Span(milliseconds: n * 3_600_000) }
    public static func days(_ n: Int64) -> Span { Span(milliseconds: n * 86_400_000) }
    public static let zero = Span(milliseconds: 0)

    public var seconds: Int64 { milliseconds / 1000 }

    public static func < (a: Span, b: Span) -> Bool { a.milliseconds < b.milliseconds }
    public static func + (a: Span, b: Span) -> Span { Span(milliseconds: a.milliseconds + b.milliseconds) }
    public static func - (a: Span, b: Span) -> Span { Span(milliseconds: a.milliseconds - b.milliseconds) }
    public static func * (a: Span, n: Int64) -> Span { Span(milliseconds: a.milliseconds * n) }
    public static prefix func - (a: Span) -> Span { Span(milliseconds: -a.milliseconds) }

    /// The scenario language's spelling: `250ms`, `30s`, `15m`, `1h30m`, `7d`, `-2s`.
    public var description: String { DurationSyntax.format(self) }
}
