/// The range of time the playground works in, and checked arithmetic on it: untrusted
/// numbers (a token's `exp`, a script's `advance`) can never trap the program.
extension Instant {
    /// 0001-01-01T00:00:00Z.
    public static let earliest = Instant(milliseconds: -62_135_596_800_000)
    /// 9999-12-31T23:59:59.999Z: the clock never goes past it.
    public static let latest = Instant(milliseconds: 253_402_300_799_999)

    /// Whether it lies between `earliest` and `latest`.
    public var isInRange: Bool { self >= .earliest && self <= .latest }

    /// `self + span`, or nil if that leaves the range (or overflows).
    public func adding(_ span: Span) -> Instant? {
        let (sum, overflow) = milliseconds.addingReportingOverflow(span.milliseconds)
        guard !overflow else { return nil }
        let result = Instant(milliseconds: sum)
        return result.isInRange ? result : nil
    }

    /// The NumericDate (whole seconds) of a token issued now that lives `lifetime`: never
    /// past the last second the clock reaches, so every verifier here (they refuse times
    /// outside 0001–9999) can read what the issuers stamp, however late `config start` is.
    public func expiry(after lifetime: Span) -> Int64 {
        let (sum, overflow) = seconds.addingReportingOverflow(lifetime.seconds)
        return overflow ? Instant.latest.seconds : min(sum, Instant.latest.seconds)
    }

    /// A JWT NumericDate (RFC 7519 §2: seconds since the epoch, fractions allowed), read to
    /// the millisecond. nil when the value is not a number; `.failure` when it is a number
    /// outside 0001–9999.
    public static func numericDate(_ value: JSONValue) -> Result<Instant, NumericDateError>? {
        let milliseconds: Double
        switch value {
        case .int(let n): milliseconds = Double(n) * 1000
        case .double(let d) where d.isFinite: milliseconds = (d * 1000).rounded(.down)
        default: return nil
        }
        guard milliseconds >= Double(Instant.earliest.milliseconds), milliseconds <= Double(Instant.latest.milliseconds) else {
            return .failure(NumericDateError(value: value))
        }
        return .success(Instant(milliseconds: Int64(milliseconds)))
    }
}

/// A NumericDate outside the years 0001–9999.
public struct NumericDateError: Error, Hashable, Sendable, CustomStringConvertible {
    public let value: JSONValue
    public var description: String { "\(value.plainText) is outside the years 0001–9999" }
}

extension Span {
    /// The longest duration a script or option may give: 100 years (36500d).
    public static let maximum = Span.days(36_500)
}
