import Crypto
import Testing
@testable import AuthEngine

@Suite struct JWTTests {
    // RFC 7515 Appendix A.1. The segments contain CRLF: verify them as given.
    static let rfcToken = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    static let rfcKey = SigningKey.hs256(secret: Base64URL.decode("AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow")!)
    static let exp: Int64 = 1_300_819_380

    @Test func rfc7515VectorVerifiesOneSecondBeforeExpAndIsRejectedAtExp() throws {
        let verifier = JWTVerifier(key: Self.rfcKey)
        let jws = try verifier.verify(Self.rfcToken, at: Instant(seconds: Self.exp - 1))
        #expect(jws.payload["iss"] == "joe")
        #expect(jws.payload["http://example.com/is_root"] == .bool(true))
        #expect(jws.header.keys == ["typ", "alg"])
        #expect(throws: JWTError.expired(exp: Instant(seconds: Self.exp))) { try verifier.verify(Self.rfcToken, at: Instant(seconds: Self.exp)) }
        // A leeway of 30 s accepts it at exp, not at exp + 30 s.
        let lenient = JWTExpectations(leeway: .seconds(30))
        _ = try verifier.verify(Self.rfcToken, at: Instant(seconds: Self.exp), expecting: lenient)
        #expect(throws: JWTError.expired(exp: Instant(seconds: Self.exp))) { try verifier.verify(Self.rfcToken, at: Instant(seconds: Self.exp + 30), expecting: lenient) }
    }

    @Test func signsAndVerifiesEachAlgorithm() throws {
        let seed = Array("seed".utf8)
        for key in [SigningKey.hs256(secret: "s3cret"), try .es256(seed: seed), try .edDSA(seed: seed)] {
            let token = try JWTSigner.sign(["sub": "1001", "exp": .int(2_000_000_000)], with: key)
            let jws = try JWTVerifier(key: key).verify(token, at: Instant(seconds: 1_999_999_999))
            #expect(jws.algorithm == key.algorithm.rawValue)
            #expect(jws.payload["sub"] == "1001")
        }
    }

    @Test func sameClaimsSameBytes() throws {
        let key = SigningKey.hs256(secret: "k", id: "k1")
        let a = try JWTSigner.sign(["sub": "1", "iat": 5], with: key)
        let b = try JWTSigner.sign(["sub": "1", "iat": 5], with: key)
        #expect(a == b)
        #expect(try CompactJWS(parsing: a).header.keys == ["alg", "typ", "kid"])
    }

    static func forge(header: String, payload: String, signature: [UInt8]) -> String {
        Base64URL.encode(header) + "." + Base64URL.encode(payload) + "." + Base64URL.encode(signature)
    }

    @Test func algNoneIsRejected() {
        let token = Base64URL.encode(#"{"alg":"none"}"#) + "." + Base64URL.encode(#"{"sub":"1"}"#) + "."
        #expect(throws: JWTError.algorithmNone) { try JWTVerifier(key: .hs256(secret: "k")).verifySignature(token) }
        let upper = Base64URL.encode(#"{"alg":"NONE"}"#) + "." + Base64URL.encode(#"{"sub":"1"}"#) + "."
        #expect(throws: JWTError.algorithmNone) { try JWTVerifier(key: .hs256(secret: "k")).verifySignature(upper) }
    }

    @Test func headerAlgorithmMustMatchTheKey() throws {
        // HS512 header on an HS256 key: refused before any MAC is computed.
        let token = Self.forge(header: #"{"alg":"HS512"}"#, payload: #"{"sub":"1"}"#, signature: Array(repeating: 1, count: 64))
        #expect(throws: JWTError.algorithmMismatch(header: "HS512", key: "HS256")) {
            try JWTVerifier(key: .hs256(secret: "k")).verifySignature(token)
        }
        // Algorithm confusion: an attacker MACs with the ES256 public key as an HMAC secret.
        let es = try SigningKey.es256(seed: [1, 2, 3])
        guard case .p256(let privateKey) = es.material else { Issue.record("not P-256"); return }
        let publicBytes = Array(privateKey.publicKey.x963Representation)
        let forged = try JWTSigner.sign(["sub": "admin"], with: .hs256(secret: publicBytes))
        #expect(throws: JWTError.algorithmMismatch(header: "HS256", key: "ES256")) { try JWTVerifier(key: es).verifySignature(forged) }
    }

    @Test func keyIDsAreChecked() throws {
        let k1 = SigningKey.hs256(secret: "one", id: "k1")
        let k2 = SigningKey.hs256(secret: "two", id: "k2")
        let token = try JWTSigner.sign(["sub": "1"], with: SigningKey.hs256(secret: "one", id: "k9"))
        #expect(throws: JWTError.unknownKeyID("k9")) { try JWTVerifier(keys: [k1, k2]).verifySignature(token) }
        let noKid = try JWTSigner.sign(["sub": "1"], with: SigningKey.hs256(secret: "one"))
        #expect(throws: JWTError.missingKeyID) { try JWTVerifier(keys: [k1, k2]).verifySignature(noKid) }
        let good = try JWTSigner.sign(["sub": "1"], with: k2)
        #expect(try JWTVerifier(keys: [k1, k2]).verifySignature(good).keyID == "k2")
    }

    @Test func shapeIsStrict() throws {
        let verifier = JWTVerifier(key: .hs256(secret: "k"))
        let good = try JWTSigner.sign(["sub": "1"], with: .hs256(secret: "k"))
        let parts = good.split(separator: ".").map(String.init)
        #expect(throws: JWTError.wrongSegmentCount(2)) { try verifier.verifySignature(parts[0] + "." + parts[1]) }
        #expect(throws: JWTError.wrongSegmentCount(4)) { try verifier.verifySignature(good + ".x") }
        #expect(throws: JWTError.invalidBase64(segment: .signature)) { try verifier.verifySignature(good + "=") }
        #expect(throws: JWTError.invalidBase64(segment: .header)) { try verifier.verifySignature(" " + good) }
        #expect(throws: JWTError.notAnObject(segment: .payload)) {
            try verifier.verifySignature(parts[0] + "." + Base64URL.encode("[1]") + "." + parts[2])
        }
        #expect(throws: JWTError.missingAlgorithm) {
            try verifier.verifySignature(Base64URL.encode(#"{"typ":"JWT"}"#) + "." + parts[1] + "." + parts[2])
        }
    }

    @Test func tamperedPayloadFailsTheSignature() throws {
        let key = SigningKey.hs256(secret: "k")
        let token = try JWTSigner.sign(["sub": "1001", "roles": ["user"]], with: key)
        let parts = token.split(separator: ".").map(String.init)
        let tampered = parts[0] + "." + Base64URL.encode(#"{"sub":"1001","roles":["user","admin"]}"#) + "." + parts[2]
        #expect(throws: JWTError.badSignature) { try JWTVerifier(key: key).verifySignature(tampered) }
        #expect(throws: JWTError.badSignature) { try JWTVerifier(key: .hs256(secret: "other")).verifySignature(token) }
    }

    @Test func timeAndIdentityClaims() throws {
        let key = SigningKey.hs256(secret: "k")
        let now = Instant(seconds: 1000)
        func check(_ claims: JSONObject, _ rules: JWTExpectations = .init()) throws {
            _ = try JWTVerifier(key: key).verify(try JWTSigner.sign(claims, with: key), at: now, expecting: rules)
        }
        #expect(throws: JWTError.notYetValid(nbf: Instant(seconds: 1001))) { try check(["nbf": 1001]) }
        try check(["nbf": 1000])
        #expect(throws: JWTError.issuedInFuture(iat: Instant(seconds: 1001))) { try check(["iat": 1001]) }
        try check(["iat": 1001], JWTExpectations(leeway: .seconds(1)))
        #expect(throws: JWTError.invalidClaim(name: "exp")) { try check(["exp": "soon"]) }
        #expect(throws: JWTError.wrongIssuer(expected: "a", actual: "b")) { try check(["iss": "b"], JWTExpectations(issuer: "a")) }
        #expect(throws: JWTError.wrongIssuer(expected: "a", actual: nil)) { try check([:], JWTExpectations(issuer: "a")) }
        #expect(throws: JWTError.wrongAudience(expected: "app", actual: "other")) { try check(["aud": "other"], JWTExpectations(audience: "app")) }
        try check(["aud": ["x", "app"]], JWTExpectations(audience: "app"))
        #expect(throws: JWTError.wrongType(expected: "access", actual: "refresh")) {
            try check(["typ": "refresh"], JWTExpectations(tokenType: "access"))
        }
    }

    @Test func descriptionAnnotatesTimes() throws {
        let jws = try CompactJWS(parsing: Self.rfcToken)
        let lines = TokenDescription.lines(for: jws, now: Instant(seconds: Self.exp - 724))
        #expect(lines.contains("  exp: 2011-03-22T18:43:00Z  (in 12m4s)"))
        #expect(TokenDescription.lines(for: jws, now: Instant(seconds: Self.exp + 525)).contains("  exp: 2011-03-22T18:43:00Z  (8m45s ago)"))
        let checks = TokenJudgement.checks(jws, token: Self.rfcToken, key: nil, now: Instant(seconds: Self.exp), expectedType: nil)
        #expect(checks.first { $0.name == "exp" } == TokenCheck(name: "exp", outcome: .failed, detail: "expired at 2011-03-22T18:43:00Z (now): a token is expired at exactly exp"))
        #expect(TokenJudgement.verdict(checks) == "rejected")
    }
}
