/// Tokens an issuer gave out and has not yet seen run out (jti → exp): what `expire` judges
/// when the clock follows wall time. Expired entries are swept now and then, not on every issue.
struct OutstandingTokens {
    private var tokens: [(jti: String, exp: Int64)] = []

    mutating func issued(_ jti: String, exp: Int64, now: Int64) {
        tokens.append((jti, exp))
        if tokens.count % 1024 == 0 { tokens.removeAll { $0.exp <= now } }
        // Logins flooding in: the oldest are no longer remembered (`expire` then misses them).
        if tokens.count > Self.limit { tokens.removeFirst(tokens.count - Self.limit / 2) }
    }

    /// Ten times the records a server keeps of one kind: an `expire` under load still
    /// reaches every token issued in the last while.
    static let limit = 10 * RecordLimit.standard

    /// The ones still within their `exp`, handed over and forgotten here.
    mutating func takeLive(now: Int64) -> [String: Int64] {
        let live = Dictionary(tokens.lazy.filter { $0.exp > now }.map { ($0.jti, $0.exp) }, uniquingKeysWith: { a, _ in a })
        tokens = []
        return live
    }
}

/// Tokens judged expired before their `exp` (jti → exp), by the issuer or handed to a server
/// that checks them; a judgement is forgotten once the token's own `exp` has passed.
struct JudgedExpiredTokens {
    private(set) var tokens: [String: Int64] = [:]

    var isEmpty: Bool { tokens.isEmpty }

    func contains(_ jti: String) -> Bool { tokens[jti] != nil }

    /// The `exp` of a judged token.
    func exp(of jti: String) -> Int64? { tokens[jti] }

    mutating func add(_ judged: [String: Int64], now: Int64) {
        tokens = tokens.filter { $0.value > now }.merging(judged) { a, _ in a }
    }
}
