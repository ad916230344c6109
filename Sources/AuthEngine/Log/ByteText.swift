/// UTF-8 text built by appending bytes, turned into a `String` once at the end.
struct ByteText {
    var bytes: [UInt8] = []

    init(bytes: [UInt8] = []) { self.bytes = bytes }

    mutating func reserve(_ capacity: Int) { bytes.reserveCapacity(capacity) }

    static func += (text: inout ByteText, piece: String) {
        var piece = piece
        piece.withUTF8 { text.bytes.append(contentsOf: $0) }
    }

    mutating func append(_ number: Int) {
        if number < 0 { bytes.append(UInt8(ascii: "-")) }
        var n = number.magnitude
        var digits: [UInt8] = []
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(n % 10))
            n /= 10
        } while n > 0
        bytes.append(contentsOf: digits.reversed())
    }

    /// The first 3 and last 8 bytes of a token, joined by `…` (see `TokenAbbreviation`).
    mutating func appendAbbreviated(_ token: Substring.UTF8View) {
        guard token.count > 12 else { bytes.append(contentsOf: token); return }
        // The fast path copies bytes; an ES256 token (random signature) takes the digest path.
        if token.last.map({ _ in TokenAbbreviation.isES256(token) }) == true {
            self += TokenAbbreviation.abbreviate(token)
            return
        }
        bytes.append(contentsOf: token.prefix(3))
        self += "…"
        bytes.append(contentsOf: token.suffix(8))
    }

    /// `09:15:00.040`, the UTC time of day with milliseconds.
    mutating func appendTimeOfDay(_ instant: Instant) {
        let day: Int64 = 86_400_000
        let ms = ((instant.milliseconds % day) + day) % day
        func two(_ n: Int64) { bytes.append(UInt8(48 + n / 10)); bytes.append(UInt8(48 + n % 10)) }
        two(ms / 3_600_000); bytes.append(58)
        two(ms / 60_000 % 60); bytes.append(58)
        two(ms / 1000 % 60); bytes.append(46)
        bytes.append(UInt8(48 + ms % 1000 / 100)); bytes.append(UInt8(48 + ms % 100 / 10)); bytes.append(UInt8(48 + ms % 10))
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}
