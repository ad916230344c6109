#if canImport(Glibc)
import Glibc
#endif

/// The `Date` header's value (RFC 9110 §5.6.7, IMF-fixdate): `Mon, 30 Nov 2026 13:47:06 GMT`.
/// Wall time, the server's own: the virtual clock is the world's, and a real client reads
/// this header as the server's clock.
enum HTTPDate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func string(secondsSince1970 seconds: Int) -> String {
        var time = time_t(seconds), parts = tm()
        gmtime_r(&time, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : String(value) }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }

    /// Now, formatted once a second (a connection under load answers thousands a second).
    struct Cache {
        private var second = -1
        private var text = ""

        mutating func now() -> String {
            let current = Int(time(nil))
            if current != second { second = current; text = HTTPDate.string(secondsSince1970: current) }
            return text
        }
    }
}
