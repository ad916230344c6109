/// SplitMix64: a small, fast, seedable generator. Every random choice in the
/// engine (token ids, families) comes from one of these, so a seed replays exactly.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` lowercase hex digits.
    public mutating func hex(_ count: Int) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(count)
        var word = next()
        for i in 0..<count {
            if i > 0, i % 16 == 0 { word = next() }
            out.append(digits[Int(word & 15)])
            word >>= 4
        }
        return String(decoding: out, as: UTF8.self)
    }
}
