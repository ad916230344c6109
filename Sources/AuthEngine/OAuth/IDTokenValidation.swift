/// One rule an app applies to an ID token, passed or failed, with what it saw.
public struct IDTokenCheck: Hashable, Sendable {
    /// `signature`, `iss`, `aud`, `exp`, `iat`, `nonce`, `at_hash`.
    public let rule: String
    public let passed: Bool
    public let detail: String
    /// Why `signature` failed, as a value (nil for every other rule, and when it passed).
    public var signatureFailure: SignatureFailure? = nil
    /// The claim the rule reads was absent.
    public var claimMissing: Bool { detail == "missing" }
}

/// Why an ID token's signature could not be verified; `description` is the check's detail.
public enum SignatureFailure: Hashable, Sendable, CustomStringConvertible {
    case notCompact
    /// The app's JWKS copy gave no key for it.
    case noKey(JWKSCache.Miss)
    /// The key was found and the verifier refused the token.
    case rejected(JWTError)

    public var description: String {
        switch self {
        case .notCompact: return "not a compact JWS"
        case .noKey(let miss): return "no key: \(miss)"
        case .rejected(let error): return error.description
        }
    }
}

/// Which ID token the app checked: its own, or one an attack handed it.
public enum IDTokenCheckSubject: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case own = "its ID token"
    case replayed = "a replayed ID token"
    case otherApp = "another app's ID token"
    case swapped = "its ID token beside a swapped access token"
    public var description: String { rawValue }
}

/// OpenID Connect Core §3.1.3.7: how a relying party validates an ID token, each rule
/// judged on its own so a checklist can show exactly which one failed.
public enum IDTokenValidation {
    public static let rules = ["signature", "iss", "aud", "exp", "iat", "nonce", "at_hash"]
    /// How far back `iat` may be (AppAuth-iOS refuses an ID token over 600 s off).
    public static let issuedWithin: Span = .minutes(10)

    public struct Expected: Sendable {
        public var issuer: String
        public var clientID: String
        /// The nonce this session sent with its authorization request.
        public var nonce: String?
        /// The access token issued with the ID token (`at_hash` binds them).
        public var accessToken: String?
        public var now: Instant
        public init(issuer: String, clientID: String, nonce: String?, accessToken: String?, now: Instant) {
            self.issuer = issuer
            self.clientID = clientID
            self.nonce = nonce
            self.accessToken = accessToken
            self.now = now
        }
    }

    /// The checks, in order. `key` is what the app's JWKS gave for the token's kid, or why
    /// it gave nothing.
    public static func checks(_ idToken: String, key: Result<SigningKey, JWKSCache.Miss>, expected: Expected) -> [IDTokenCheck] {
        var checks: [IDTokenCheck] = []
        func add(_ rule: String, _ passed: Bool, _ detail: String) {
            checks.append(IDTokenCheck(rule: rule, passed: passed, detail: TerminalSafe.text(detail)))
        }
        func refuseSignature(_ failure: SignatureFailure) {
            checks.append(IDTokenCheck(rule: "signature", passed: false, detail: TerminalSafe.text(failure.description), signatureFailure: failure))
        }
        guard let jws = try? CompactJWS(parsing: idToken) else {
            refuseSignature(.notCompact)
            return checks
        }
        let claims = jws.payload
        switch key {
        case .failure(let miss): refuseSignature(.noKey(miss))
        case .success(let key):
            do {
                _ = try JWTVerifier(key: key).verifySignature(idToken)
                add("signature", true, "verifies with JWKS key \(PlatformKeyRing.short(key.id ?? "-")) (\(key.algorithm.rawValue))")
            } catch {
                refuseSignature(.rejected(error))
            }
        }
        let iss = claims["iss"]?.stringValue
        add("iss", iss == expected.issuer, iss == expected.issuer ? "is the platform" : "is \(iss ?? "missing"), expected \(expected.issuer)")
        let audiences = JWTVerifier.audiences(claims)
        add("aud", audiences.contains(expected.clientID),
            audiences.contains(expected.clientID) ? "names this app" : "is \(audiences.isEmpty ? "missing" : audiences.joined(separator: ",")), not this app (\(expected.clientID))")
        // NumericDates as every verifier here reads them: fractions allowed, years 0001–9999.
        func time(_ name: String) -> Instant? { (try? JWTVerifier.time(name, in: claims)) ?? nil }
        let now = expected.now
        if let at = time("exp") {
            add("exp", now < at, now < at ? "valid until \(at.timeOfDay)" : "expired at \(at.timeOfDay) (\(now - at) ago)")
        } else {
            add("exp", false, "missing")
        }
        if let at = time("iat") {
            let fresh = !(now < at) && now - at < issuedWithin
            add("iat", fresh, fresh ? "issued \(now - at) ago" : now < at ? "issued in the future" : "issued \(now - at) ago, over \(issuedWithin)")
        } else {
            add("iat", false, "missing")
        }
        let nonce = claims["nonce"]?.stringValue
        if let sent = expected.nonce {
            add("nonce", nonce == sent, nonce == sent ? "is the one this session sent" : nonce == nil ? "missing" : "is not this session's: a replayed ID token")
        } else {
            add("nonce", nonce == nil, nonce == nil ? "none sent, none back" : "present, but this session sent none")
        }
        if let accessToken = expected.accessToken {
            let alg = JWTAlgorithm(rawValue: jws.algorithm ?? "") ?? .rs256
            let hash = AuthorizationServer.atHash(accessToken, algorithm: alg)
            let claimed = claims["at_hash"]?.stringValue
            add("at_hash", claimed == hash, claimed == hash ? "binds the access token" : claimed == nil ? "missing" : "does not match the access token: a swapped token")
        }
        return checks
    }

    /// The first rule that failed, or nil when all passed.
    public static func firstFailure(_ checks: [IDTokenCheck]) -> IDTokenCheck? { checks.first { !$0.passed } }
}
