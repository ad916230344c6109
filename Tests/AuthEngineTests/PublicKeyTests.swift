import Testing
@testable import AuthEngine

/// RS256 with the RFC 7515 A.2 key, and public keys as JWKs (RFC 7517, RFC 7638).
@Suite struct PublicKeyTests {
    static let a2SigningInput = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    static let a2Signature = "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw"

    /// RFC 7515 A.2: PKCS#1 v1.5 signatures are deterministic, so signing is a known answer.
    @Test func rs256SignsTheRFCExampleToItsPublishedSignature() throws {
        let key = SigningKey.rfc7515A2()
        #expect(key.algorithm == .rs256)
        let signature = try key.sign(Array(Self.a2SigningInput.utf8))
        #expect(Base64URL.encode(signature) == Self.a2Signature)
        #expect(key.isValidSignature(signature, for: Array(Self.a2SigningInput.utf8)))
        var tampered = signature
        tampered[0] ^= 1
        #expect(!key.isValidSignature(tampered, for: Array(Self.a2SigningInput.utf8)))
    }

    @Test func theRFCExampleTokenVerifiesBeforeItsExpAndIsRejectedAtIt() throws {
        let token = Self.a2SigningInput + "." + Self.a2Signature
        let verifier = JWTVerifier(key: .rfc7515A2())
        _ = try verifier.verify(token, at: Instant(seconds: 1_300_819_379), expecting: JWTExpectations())
        #expect(throws: JWTError.expired(exp: Instant(seconds: 1_300_819_380))) {
            try verifier.verify(token, at: Instant(seconds: 1_300_819_380), expecting: JWTExpectations())
        }
        // One key, one algorithm: the HS256 playground key does not accept it.
        #expect(throws: (any Error).self) { try JWTVerifier(key: .hs256(secret: "x")).verify(token, at: Instant(seconds: 0), expecting: JWTExpectations()) }
    }

    /// RFC 7638 §3.1's example key and its published thumbprint.
    @Test func thumbprintsMatchRFC7638() {
        let jwk: JSONObject = [
            "kty": "RSA", "e": "AQAB", "alg": "RS256", "kid": "2011-04-29",
            "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
        ]
        #expect(JWK.thumbprint(jwk) == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
        #expect(JWK.thumbprint(["kty": "RSA", "e": "AQAB"]) == nil, "a required member is missing")
    }

    @Test func publicJWKsCarryKtyUseAlgAndTheirThumbprintAsKid() throws {
        let rsa = try #require(JWK.publicJWK(of: .rfc7515A2()))
        #expect(rsa["n"] == .string(RFC7515A2.n) && rsa["e"] == "AQAB")
        #expect(rsa["d"] == nil && rsa["p"] == nil, "only the public half")
        #expect(rsa["use"] == "sig" && rsa["alg"] == "RS256")
        #expect(rsa["kid"]?.stringValue == JWK.thumbprint(rsa))
        let ec = try #require(JWK.publicJWK(of: try .es256(seed: [1, 2, 3])))
        #expect(ec["crv"] == "P-256" && ec["alg"] == "ES256" && Base64URL.decode(ec["x"]!.stringValue!)?.count == 32)
        let ed = try #require(JWK.publicJWK(of: try .edDSA(seed: [1, 2, 3])))
        #expect(ed["kty"] == "OKP" && ed["crv"] == "Ed25519" && ed["alg"] == "EdDSA")
        #expect(JWK.publicJWK(of: .hs256(secret: "shared")) == nil, "a shared secret has no public half")
        #expect(JWK.pem(of: .rfc7515A2())?.hasPrefix("-----BEGIN PUBLIC KEY-----") == true)
        #expect(JWK.pem(of: try .edDSA(seed: [1]))?.hasPrefix("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA") == true)
    }
}

/// `config alg`: the token flow signs with a public-key algorithm; the same script still
/// logs the same bytes (ES256 signatures are random, so no line shows them).
@Suite struct TokenAlgorithmTests {
    func transcript(_ text: String) throws -> (String, ScenarioSummary) {
        let scenario = try ScenarioParser.parse(text, file: "alg").get()
        var lines: [String] = []
        let writer = TranscriptWriter.make(format: .text) { lines.append($0) }
        let summary = ScenarioRunner(scenario: scenario) { writer.handle($0) }.run()
        return (lines.joined(separator: "\n"), summary)
    }

    @Test(arguments: [JWTAlgorithm.rs256, .es256, .edDSA])
    func eachAlgorithmRunsTheSixStepsAndLogsTheSameBytesTwice(_ alg: JWTAlgorithm) throws {
        let script = "config alg \(alg.keyword)\nlogin alice wonderland\nexpire short\nrequest GET /api/profile\nexpect status 200\nexpect refreshes 1\nexpect claim name Alice"
        let (first, summary) = try transcript(script)
        #expect(summary.failed == 0, "\(first)")
        let (second, _) = try transcript(script)
        #expect(first == second, "same script, same bytes")
    }

    @Test func tokensCarryTheAlgorithmAndTheKidOfThePublishedKey() throws {
        let sim = Simulation { $0.policy.algorithm = .rs256 }
        sim.loginAndWait()
        let short = try #require(sim.client.short)
        #expect(short.header["alg"] == "RS256")
        let jwks = JWK.set([sim.server.key])
        let published = try #require(jwks["keys"]?.arrayValue?.first?.objectValue)
        #expect(short.header["kid"] == published["kid"])
        // Verifiable with the public key alone (the private key is not needed).
        #expect(try JWTVerifier(key: sim.server.key).verify(short.raw, at: sim.clock.now, expecting: JWTExpectations()).payload["name"] == "Alice")
    }

    @Test func switchingTheAlgorithmMidSessionInvalidatesWhatWasSigned() throws {
        let sim = Simulation()
        sim.loginAndWait()
        sim.server.policy.algorithm = .edDSA
        let outcome = try #require(sim.requestAndWait().first)
        #expect(outcome.status == 401 && outcome.error == "invalid_token")
        #expect(sim.logLines.contains { $0.contains("the server now signs with EdDSA") })
    }
}
