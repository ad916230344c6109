/// Converts between instants and UTC calendar fields without Foundation's
/// calendar (no locale, no time zone database, no wall clock).
struct CivilTime {
    var year: Int64, month: Int64, day: Int64
    var hour: Int64, minute: Int64, second: Int64, millisecond: Int64

    init(_ instant: Instant) {
        let ms = instant.milliseconds
        var days = ms >= 0 ? ms / 86_400_000 : (ms - 86_399_999) / 86_400_000
        let msOfDay = ms - days * 86_400_000
        hour = msOfDay / 3_600_000
        minute = msOfDay / 60_000 % 60
        second = msOfDay / 1000 % 60
        millisecond = msOfDay % 1000
        // Howard Hinnant's civil_from_days.
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let doe = days - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    init?(parsing text: String) {
        let b = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int64? {
            guard from + count <= b.count else { return nil }
            var n: Int64 = 0
            for i in from..<(from + count) {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                n = n * 10 + Int64(b[i] - 48)
            }
            return n
        }
        guard b.count >= 10, let y = number(0, 4), b[4] == 45, let mo = number(5, 2), b[7] == 45,
              let d = number(8, 2) else { return nil }
        year = y; month = mo; day = d; hour = 0; minute = 0; second = 0; millisecond = 0
        var i = 10
        if i < b.count {
            guard b[i] == 84 || b[i] == 32, let h = number(i + 1, 2), i + 3 < b.count, b[i + 3] == 58,
                  let mi = number(i + 4, 2) else { return nil }
            hour = h; minute = mi; i += 6
            if i < b.count, b[i] == 58 {
                guard let s = number(i + 1, 2) else { return nil }
                second = s; i += 3
                if i < b.count, b[i] == 46 {
                    guard let f = number(i + 1, 3) else { return nil }
                    millisecond = f; i += 4
                }
            }
            if i < b.count, b[i] == 90 { i += 1 }
            guard i == b.count else { return nil }
        }
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60 else { return nil }
        guard CivilTime(instant).day == day else { return nil } // rejects 2026-02-30
    }

    var instant: Instant {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Instant(milliseconds: ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millisecond)
    }

    var iso8601: String {
        func pad(_ n: Int64, _ width: Int) -> String {
            let s = String(n)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        let base = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
        return millisecond == 0 ? base + "Z" : base + "." + pad(millisecond, 3) + "Z"
    }
}

extension Instant {
    /// The UTC time of day with milliseconds, `09:15:00.040` (formatted for every log line: kept cheap).
    public var timeOfDay: String {
        let day: Int64 = 86_400_000
        let ms = ((milliseconds % day) + day) % day
        let fields = [ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60]
        var bytes = [UInt8](repeating: 0, count: 12)
        for (i, value) in fields.enumerated() {
            bytes[i * 3] = UInt8(48 + value / 10)
            bytes[i * 3 + 1] = UInt8(48 + value % 10)
            if i < 2 { bytes[i * 3 + 2] = 58 }
        }
        bytes[8] = 46
        bytes[9] = UInt8(48 + ms % 1000 / 100)
        bytes[10] = UInt8(48 + ms % 100 / 10)
        bytes[11] = UInt8(48 + ms % 10)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Days since the epoch (UTC), for noticing that the date changed without formatting it.
    public var dayNumber: Int64 { milliseconds / 86_400_000 - (milliseconds % 86_400_000 < 0 ? 1 : 0) }
    /// The UTC date, `2026-01-01`.
    public var date: String { String(iso8601.prefix(10)) }
}
