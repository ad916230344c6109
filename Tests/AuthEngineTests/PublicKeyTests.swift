import Crypto
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

    /// The platform rotates through the RSA keys printed in RFCs: each is a consistent key
    /// (it signs, its public half verifies, a changed byte does not), and they differ.
    @Test func everyPublishedRSAKeySignsAndVerifies() throws {
        let input = Array("rotation".utf8)
        var kids = Set<String>()
        for published in PublishedRSAKey.all {
            let key = SigningKey.rsa(published)
            let signature = try key.sign(input)
            let jwk = try #require(JWK.publicJWK(of: key))
            let verifier = try JWK.key(from: jwk).get()
            #expect(verifier.isValidSignature(signature, for: input))
            #expect(!verifier.isValidSignature(signature, for: Array("rotation!".utf8)))
            kids.insert(jwk["kid"]?.stringValue ?? "")
        }
        #expect(kids.count == PublishedRSAKey.all.count)
        // RFC 7638 §3.1's example is RFC 7517 A.2's key.
        #expect(JWK.publicJWK(of: .rsa(.rfc7517A2))?["kid"] == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
    }

    @Test func publicJWKsCarryKtyUseAlgAndTheirThumbprintAsKid() throws {
        let rsa = try #require(JWK.publicJWK(of: .rfc7515A2()))
        #expect(rsa["n"] == .string(PublishedRSAKey.rfc7515A2.n) && rsa["e"] == "AQAB")
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

/// Verification with public keys only, against the RFCs' published examples.
@Suite struct PublicKeyVerificationTests {
    static let payload = "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"

    func verify(_ token: String, with jwk: JSONObject, at seconds: Int64 = 1_300_819_379) throws -> JSONObject {
        let key = try JWK.key(from: jwk).get()
        return try JWTVerifier(key: key).verify(token, at: Instant(seconds: seconds), expecting: JWTExpectations()).payload
    }

    /// RFC 7515 A.3: an ES256 token verified with the example's public key (x, y).
    @Test func es256VerifiesRFC7515A3() throws {
        let token = "eyJhbGciOiJFUzI1NiJ9." + Self.payload + ".DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q"
        let jwk: JSONObject = ["kty": "EC", "crv": "P-256", "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU", "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"]
        #expect(try verify(token, with: jwk)["iss"] == "joe")
        // CVE-2022-21449: r = s = 0 must never verify.
        let zero = "eyJhbGciOiJFUzI1NiJ9." + Self.payload + "." + Base64URL.encode([UInt8](repeating: 0, count: 64))
        #expect(throws: JWTError.self) { try verify(zero, with: jwk) }
    }

    /// RFC 8037 A.4: Ed25519 signatures are deterministic: signing the example gives its signature.
    @Test func edDSASignsAndVerifiesRFC8037A4() throws {
        let input = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc"
        let published = "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: Base64URL.decode("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A")!)
        #expect(Base64URL.encode(try SigningKey(material: .ed25519(key)).sign(Array(input.utf8))) == published)
        let jwk: JSONObject = ["kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"]
        let publicKey = try JWK.key(from: jwk).get()
        #expect(publicKey.isValidSignature(Base64URL.decode(published)!, for: Array(input.utf8)))
        #expect(throws: SigningKey.PublicOnly.self) { try publicKey.sign([1]) }
    }

    @Test func publishedJWKsAndPEMsVerifyWhatTheirPrivateKeysSigned() throws {
        for key in [SigningKey.rfc7515A2(), try .es256(seed: [9]), try .edDSA(seed: [9])] {
            let token = try JWTSigner.sign(["sub": "x"], with: key)
            let jwk = try #require(JWK.publicJWK(of: key))
            let fromJWK = try JWK.key(from: jwk).get()
            #expect(try JWTVerifier(key: fromJWK).verify(token, at: Instant(seconds: 0), expecting: JWTExpectations()).payload["sub"] == "x")
            let pem = try #require(JWK.pem(of: key))
            let fromPEM = try #require(JWK.key(fromPEM: pem))
            #expect(fromPEM.algorithm == key.algorithm)
            #expect(try JWTVerifier(key: fromPEM).verify(token, at: Instant(seconds: 0), expecting: JWTExpectations()).payload["sub"] == "x")
        }
        #expect(throws: JWK.KeyProblem.self) { try JWK.key(from: ["kty": "oct", "k": "c2VjcmV0"]).get() }
        #expect(throws: JWK.KeyProblem.self) { try JWK.key(from: ["kty": "EC", "crv": "P-384", "x": "AA", "y": "AA"]).get() }
    }
}
