import Testing
@testable import AuthEngine

/// Hostile tokens, by class, each with the verdict it must get: no input traps, none is
/// accepted by accident, and no control character reaches the output.
@Suite struct HostileTokenTests {
    static let secret = TokenServer.defaultSecret
    static let key = SigningKey.hs256(secret: secret, id: "k1")
    static let now = Instant(seconds: 1_767_258_000) // 2026-01-01T09:00:00Z

    /// Signs raw header and payload JSON text (so a test can write what no encoder would).
    static func token(_ header: String, _ payload: String, signedWith key: SigningKey = key) -> String {
        let input = Base64URL.encode(header) + "." + Base64URL.encode(payload)
        let signature = (try? key.sign(Array(input.utf8))) ?? []
        return input + "." + Base64URL.encode(signature)
    }

    static let hs = #"{"alg":"HS256","kid":"k1"}"#

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let token: String
        /// Checks that must fail, by name; empty: the token is valid.
        let failing: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "valid", token: token(hs, #"{"exp":1767258900,"iat":1767258000}"#), failing: []),
        Case(name: "expired at exactly exp", token: token(hs, #"{"exp":1767258000}"#), failing: ["exp"]),
        Case(name: "fractional exp (RFC 7519 allows it)", token: token(hs, #"{"exp":1767258000.5}"#), failing: []),
        Case(name: "fractional exp just past", token: token(hs, #"{"exp":1767257999.999}"#), failing: ["exp"]),
        Case(name: "huge exp", token: token(hs, #"{"exp":9223372036854776}"#), failing: ["exp"]),
        Case(name: "Int64.max exp", token: token(hs, #"{"exp":9223372036854775807}"#), failing: ["exp"]),
        Case(name: "huge negative nbf", token: token(hs, #"{"nbf":-9223372036854775808}"#), failing: ["nbf"]),
        Case(name: "huge iat", token: token(hs, #"{"iat":1e300}"#), failing: ["iat"]),
        Case(name: "huge auth_time is only shown", token: token(hs, #"{"auth_time":9223372036854776}"#), failing: []),
        Case(name: "exp as a string", token: token(hs, #"{"exp":"1767258900"}"#), failing: ["exp"]),
        Case(name: "future nbf", token: token(hs, #"{"nbf":1767258060}"#), failing: ["nbf"]),
        Case(name: "future iat", token: token(hs, #"{"iat":1767258060}"#), failing: ["iat"]),
        Case(name: "unknown crit", token: token(#"{"alg":"HS256","kid":"k1","crit":["exp"]}"#, #"{}"#), failing: ["crit"]),
        Case(name: "empty crit", token: token(#"{"alg":"HS256","kid":"k1","crit":[]}"#, #"{}"#), failing: ["crit"]),
        Case(name: "crit not a list", token: token(#"{"alg":"HS256","kid":"k1","crit":"b64"}"#, #"{}"#), failing: ["crit"]),
        Case(name: "kid a number", token: token(#"{"alg":"HS256","kid":7}"#, #"{}"#), failing: ["kid"]),
        Case(name: "alg none", token: Base64URL.encode(#"{"alg":"none"}"#) + "." + Base64URL.encode("{}") + ".", failing: ["alg", "signature"]),
        Case(name: "alg NoNe", token: Base64URL.encode(#"{"alg":"NoNe"}"#) + "." + Base64URL.encode("{}") + ".", failing: ["alg", "signature"]),
        Case(name: "HS512 header on an HS256 key", token: token(#"{"alg":"HS512","kid":"k1"}"#, "{}"), failing: ["signature"]),
        Case(name: "signed with another secret", token: token(hs, "{}", signedWith: .hs256(secret: "another-secret-of-at-least-32-bytes!", id: "k1")), failing: ["signature"]),
        Case(name: "unknown kid", token: token(#"{"alg":"HS256","kid":"../../etc/passwd"}"#, "{}"), failing: ["signature"]),
        Case(name: "ESC in alg", token: token("{\"alg\":\"\\r\\u001b[2Ksignature: valid\",\"kid\":\"k1\"}", "{}"), failing: ["signature"]),
        Case(name: "wrong typ", token: token(hs, #"{"typ":"refresh"}"#), failing: ["typ"]),
    ]

    @Test(arguments: cases)
    func eachHostileTokenGetsItsVerdict(_ c: Case) throws {
        let jws = try CompactJWS(parsing: c.token)
        let checks = TokenJudgement.checks(jws, token: c.token, key: Self.key, now: Self.now, expectedType: c.name == "wrong typ" ? "access" : nil)
        let failed = checks.filter { $0.outcome == .failed }.map(\.name)
        #expect(failed == c.failing, "\(checks)")
        #expect(TokenJudgement.verdict(checks) == (c.failing.isEmpty ? "valid" : "rejected"))
        // The description and every check print no control character.
        let printed = TokenDescription.lines(for: jws, now: Self.now) + checks.map(\.detail)
        for line in printed { #expect(!line.unicodeScalars.contains(where: TerminalSafe.isUnsafe), "\(line)") }
        // The verifier agrees: it accepts exactly the valid ones.
        let verified = (try? JWTVerifier(key: Self.key).verify(c.token, at: Self.now)) != nil
        #expect(verified == (c.failing.isEmpty || c.failing == ["typ"]))
    }

    @Test func malformedTokensAreRefusedNotTrapped() {
        let malformed = ["", ".", "..", "a.b", "a.b.c.d", "eyJhbGciOiJIUzI1NiJ9..", "====.====.====",
                         Base64URL.encode("[1]") + "." + Base64URL.encode("{}") + ".",
                         Base64URL.encode(String(repeating: "[", count: 100_000)) + ".e30.",
                         Base64URL.encode(#"{"alg":"HS256","alg":"none"}"#) + ".e30.",
                         "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.AAAA=", "💥.💥.💥"]
        for token in malformed {
            #expect(throws: JWTError.self, "\(token.prefix(40))") { try CompactJWS(parsing: token) }
        }
    }

    @Test func withoutAKeyTheTimesAreStillJudgedAndAlgNoneWarns() throws {
        let unsigned = Base64URL.encode(#"{"alg":"none"}"#) + "." + Base64URL.encode(#"{"nbf":1767258060}"#) + "."
        let checks = TokenJudgement.checks(try CompactJWS(parsing: unsigned), token: unsigned, key: nil, now: Self.now, expectedType: nil)
        #expect(checks.first { $0.name == "alg" }?.outcome == .warning)
        #expect(checks.first { $0.name == "signature" }?.outcome == .notChecked)
        #expect(checks.first { $0.name == "nbf" }?.outcome == .failed)
        #expect(checks.first { $0.name == "nbf" }?.detail == "not valid before 2026-01-01T09:01:00Z (in 1m)")
        #expect(TokenJudgement.verdict(checks) == "rejected")
    }

    @Test func relativeTimesHaveUnits() {
        #expect(TokenDescription.relative(Self.now - .seconds(525), now: Self.now) == "8m45s ago")
        #expect(TokenDescription.relative(Self.now + .days(6) + .hours(23) + .minutes(59), now: Self.now) == "in 6d23h")
        #expect(TokenDescription.relative(Self.now + .milliseconds(999), now: Self.now) == "now")
        #expect(TokenDescription.relative(Instant.latest, now: Instant.earliest) == "in 3652058d23h")
    }

    @Test func numericDatesAreCheckedNotTrapped() {
        #expect(Instant.numericDate(.double(1.5)) == .success(Instant(milliseconds: 1500)))
        #expect(Instant.numericDate(.int(.max)) == .failure(NumericDateError(value: .int(.max))))
        #expect(Instant.numericDate(.int(.min)) == .failure(NumericDateError(value: .int(.min))))
        #expect(Instant.numericDate(.string("1")) == nil)
        #expect(Instant(milliseconds: .max).iso8601 == "(a time out of range)")
        #expect(Instant(milliseconds: .min).date == "(a time ou")
        #expect(Instant.latest.adding(.milliseconds(1)) == nil)
        #expect(Instant(milliseconds: .max - 1).adding(.days(1)) == nil)
    }

    @Test func terminalSafeEscapesControlsAndBidiOnly() {
        #expect(TerminalSafe.text("a\u{1b}[2Kb\r\u{7f}\u{9b}\u{202e}ok…→李雷🔑") == "a\\u001b[2Kb\\u000d\\u007f\\u009b\\u202eok…→李雷🔑")
        var bytes = Array("x \u{1b}]0;title\u{7}".utf8)
        TerminalSafe.escape(&bytes, from: 2)
        #expect(String(decoding: bytes, as: UTF8.self) == "x \\u001b]0;title\\u0007")
        var clean = Array("Bearer eyJ…4mLz65fJA → ok".utf8)
        let before = clean
        TerminalSafe.escape(&clean, from: 0)
        #expect(clean == before)
    }
}
