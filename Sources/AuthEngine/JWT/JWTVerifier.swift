/// What a verifier insists on besides the signature (RFC 8725 §3).
public struct JWTExpectations: Sendable {
    public var issuer: String?
    public var audience: String?
    /// The payload's `typ` claim (e.g. `access` or `refresh`): explicit typing keeps
    /// a refresh token from being accepted where an access token is due.
    public var tokenType: String?
    /// Tolerance for `exp`, `nbf` and `iat` when clocks disagree.
    public var leeway: Span

    public init(issuer: String? = nil, audience: String? = nil, tokenType: String? = nil, leeway: Span = .zero) {
        self.issuer = issuer
        self.audience = audience
        self.tokenType = tokenType
        self.leeway = leeway
    }
}

/// Verifies compact JWS tokens against a fixed set of keys at a given virtual time.
public struct JWTVerifier: Sendable {
    public let keys: [SigningKey]

    public init(keys: [SigningKey]) { self.keys = keys }
    public init(key: SigningKey) { self.keys = [key] }

    /// Verifies the token's structure, algorithm, key and signature only (no claim rules).
    public func verifySignature(_ token: String) throws(JWTError) -> CompactJWS {
        let jws = try CompactJWS(parsing: token)
        guard let alg = jws.algorithm else { throw .missingAlgorithm }
        if alg.lowercased() == "none" { throw .algorithmNone }
        let key: SigningKey
        if let kid = jws.keyID {
            guard let found = keys.first(where: { $0.id == kid }) else { throw .unknownKeyID(kid) }
            key = found
        } else if keys.count == 1 {
            key = keys[0]
        } else {
            throw .missingKeyID
        }
        guard alg == key.algorithm.rawValue else { throw .algorithmMismatch(header: alg, key: key.algorithm.rawValue) }
        guard key.isValidSignature(jws.signature, for: Array(jws.signingInput.utf8)) else { throw .badSignature }
        return jws
    }

    /// Full verification: signature, then the time claims at `now`, then `iss`, `aud`, `typ`.
    /// A token is expired at exactly `exp` (RFC 7519 §4.1.4: "on or after").
    public func verify(_ token: String, at now: Instant, expecting rules: JWTExpectations = .init()) throws(JWTError) -> CompactJWS {
        let jws = try verifySignature(token)
        try Self.checkClaims(jws.payload, at: now, expecting: rules)
        return jws
    }

    /// The claim rules alone, for a payload whose signature was already verified.
    public static func checkClaims(_ payload: JSONObject, at now: Instant, expecting rules: JWTExpectations) throws(JWTError) {
        let leeway = rules.leeway.milliseconds
        func time(_ name: String) throws(JWTError) -> Int64? {
            guard let value = payload[name] else { return nil }
            guard let n = value.intValue else { throw .invalidClaim(name: name) }
            return n
        }
        if let exp = try time("exp"), now.milliseconds >= exp * 1000 + leeway { throw .expired(exp: exp) }
        if let nbf = try time("nbf"), now.milliseconds + leeway < nbf * 1000 { throw .notYetValid(nbf: nbf) }
        if let iat = try time("iat"), now.milliseconds + leeway < iat * 1000 { throw .issuedInFuture(iat: iat) }
        if let expected = rules.issuer {
            let actual = payload["iss"]?.stringValue
            guard actual == expected else { throw .wrongIssuer(expected: expected, actual: actual) }
        }
        if let expected = rules.audience {
            let aud = payload["aud"]
            let matches = aud?.stringValue == expected || (aud?.arrayValue?.contains(.string(expected)) ?? false)
            guard matches else { throw .wrongAudience(expected: expected, actual: aud?.plainText) }
        }
        if let expected = rules.tokenType {
            let actual = payload["typ"]?.stringValue
            guard actual == expected else { throw .wrongType(expected: expected, actual: actual) }
        }
    }
}
