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
    /// `checkingHeader` false leaves `kid`'s type and `crit` to the caller (a report that
    /// judges each rule on its own line).
    public func verifySignature(_ token: String, checkingHeader: Bool = true) throws(JWTError) -> CompactJWS {
        let jws = try CompactJWS(parsing: token)
        guard let alg = jws.algorithm else { throw .missingAlgorithm }
        if alg.lowercased() == "none" { throw .algorithmNone }
        if checkingHeader { try Self.checkHeader(jws.header) }
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

    /// Header members with rules of their own: `kid` is a string (RFC 7515 §4.1.4); `crit`
    /// is a non-empty list of names, each an extension the verifier understands — this one
    /// understands none, so any `crit` is refused (§4.1.11).
    public static func checkHeader(_ header: JSONObject) throws(JWTError) {
        if let kid = header["kid"], kid.stringValue == nil { throw .invalidHeader(name: "kid", expected: "a string") }
        for name in ["jwk", "jku", "x5u", "x5c"] where header[name] != nil { throw .embeddedKey(name: name) }
        try checkCritical(header)
    }

    /// `crit`, if present, is refused: malformed, or naming extensions not understood.
    public static func checkCritical(_ header: JSONObject) throws(JWTError) {
        if let crit = header["crit"] {
            guard let names = crit.arrayValue, !names.isEmpty, names.allSatisfy({ $0.stringValue != nil }) else {
                throw .invalidHeader(name: "crit", expected: "a non-empty list of header names")
            }
            throw .unknownCritical(names.compactMap(\.stringValue))
        }
    }

    /// A time claim: nil if absent; its instant if a NumericDate (fractions allowed) in range.
    public static func time(_ name: String, in payload: JSONObject) throws(JWTError) -> Instant? {
        guard let value = payload[name] else { return nil }
        switch Instant.numericDate(value) {
        case nil: throw .invalidClaim(name: name)
        case .failure?: throw .timeOutOfRange(name: name)
        case .success(let instant)?: return instant
        }
    }

    /// `aud`: one string or a list of them (RFC 7519 §4.1.3).
    public static func audiences(_ payload: JSONObject) -> [String] {
        let aud = payload["aud"]
        return aud?.stringValue.map { [$0] } ?? aud?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// The claim rules alone, for a payload whose signature was already verified.
    public static func checkClaims(_ payload: JSONObject, at now: Instant, expecting rules: JWTExpectations) throws(JWTError) {
        // Both in range (times within 0001–9999, leeway at most 100 years): no overflow.
        let leeway = min(rules.leeway, .maximum).milliseconds
        if let exp = try time("exp", in: payload), now.milliseconds >= exp.milliseconds + leeway { throw .expired(exp: exp) }
        if let nbf = try time("nbf", in: payload), now.milliseconds + leeway < nbf.milliseconds { throw .notYetValid(nbf: nbf) }
        if let iat = try time("iat", in: payload), now.milliseconds + leeway < iat.milliseconds { throw .issuedInFuture(iat: iat) }
        if let expected = rules.issuer {
            let actual = payload["iss"]?.stringValue
            guard actual == expected else { throw .wrongIssuer(expected: expected, actual: actual) }
        }
        if let expected = rules.audience {
            guard audiences(payload).contains(expected) else { throw .wrongAudience(expected: expected, actual: payload["aud"]?.plainText) }
        }
        if let expected = rules.tokenType {
            let actual = payload["typ"]?.stringValue
            guard actual == expected else { throw .wrongType(expected: expected, actual: actual) }
        }
    }
}
