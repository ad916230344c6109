/// One rule an app applies to an ID token, passed or failed, with what it saw.
public struct IDTokenCheck: Hashable, Sendable {
    /// `signature`, `iss`, `aud`, `exp`, `iat`, `nonce`, `at_hash`.
    public let rule: String
    public let passed: Bool
    /// What the rule saw, as a value (each language words it).
    public let finding: IDTokenFinding

    public init(rule: String, passed: Bool, finding: IDTokenFinding) {
        self.rule = rule
        self.passed = passed
        self.finding = finding
    }

    /// The finding in English, safe to print on a terminal.
    public var detail: String { TerminalSafe.text(finding.description) }
}

/// What one ID-token rule found. The claims' own values come from the token (an attacker's
/// token, perhaps): whoever prints them makes them safe.
public enum IDTokenFinding: Hashable, Sendable, CustomStringConvertible {
    /// The claim the rule reads is absent.
    case missing
    case verifies(keyID: String, algorithm: JWTAlgorithm)
    case signatureRefused(SignatureFailure)
    case issuerIsThePlatform
    case issuer(String?, expected: String)
    case audienceNamesThisApp
    case audiences([String], expected: String)
    case validUntil(Instant)
    case expired(at: Instant, ago: Span)
    case issuedAgo(Span)
    case issuedInTheFuture
    case issuedTooLongAgo(Span, limit: Span)
    case nonceIsThisSessions
    case nonceReplayed
    case noNonceSentNoneBack
    case nonceUnasked
    case bindsTheAccessToken
    case accessTokenSwapped

    public var description: String {
        switch self {
        case .missing: return "missing"
        case .verifies(let kid, let alg): return "verifies with JWKS key \(kid) (\(alg.rawValue))"
        case .signatureRefused(let failure): return failure.description
        case .issuerIsThePlatform: return "is the platform"
        case .issuer(let iss, let expected): return "is \(iss ?? "missing"), expected \(expected)"
        case .audienceNamesThisApp: return "names this app"
        case .audiences(let audiences, let expected): return "is \(audiences.isEmpty ? "missing" : audiences.joined(separator: ",")), not this app (\(expected))"
        case .validUntil(let at): return "valid until \(at.timeOfDay)"
        case .expired(let at, let ago): return "expired at \(at.timeOfDay) (\(ago) ago)"
        case .issuedAgo(let ago): return "issued \(ago) ago"
        case .issuedInTheFuture: return "issued in the future"
        case .issuedTooLongAgo(let ago, let limit): return "issued \(ago) ago, over \(limit)"
        case .nonceIsThisSessions: return "is the one this session sent"
        case .nonceReplayed: return "is not this session's: a replayed ID token"
        case .noNonceSentNoneBack: return "none sent, none back"
        case .nonceUnasked: return "present, but this session sent none"
        case .bindsTheAccessToken: return "binds the access token"
        case .accessTokenSwapped: return "does not match the access token: a swapped token"
        }
    }
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
        func add(_ rule: String, _ passed: Bool, _ finding: IDTokenFinding) {
            checks.append(IDTokenCheck(rule: rule, passed: passed, finding: finding))
        }
        guard let jws = try? CompactJWS(parsing: idToken) else {
            add("signature", false, .signatureRefused(.notCompact))
            return checks
        }
        let claims = jws.payload
        switch key {
        case .failure(let miss): add("signature", false, .signatureRefused(.noKey(miss)))
        case .success(let key):
            do {
                _ = try JWTVerifier(key: key).verifySignature(idToken)
                add("signature", true, .verifies(keyID: PlatformKeyRing.short(key.id ?? "-"), algorithm: key.algorithm))
            } catch {
                add("signature", false, .signatureRefused(.rejected(error)))
            }
        }
        let iss = claims["iss"]?.stringValue
        add("iss", iss == expected.issuer, iss == expected.issuer ? .issuerIsThePlatform : .issuer(iss, expected: expected.issuer))
        let audiences = JWTVerifier.audiences(claims)
        add("aud", audiences.contains(expected.clientID),
            audiences.contains(expected.clientID) ? .audienceNamesThisApp : .audiences(audiences, expected: expected.clientID))
        // NumericDates as every verifier here reads them: fractions allowed, years 0001–9999.
        func time(_ name: String) -> Instant? { (try? JWTVerifier.time(name, in: claims)) ?? nil }
        let now = expected.now
        if let at = time("exp") {
            add("exp", now < at, now < at ? .validUntil(at) : .expired(at: at, ago: now - at))
        } else {
            add("exp", false, .missing)
        }
        if let at = time("iat") {
            let fresh = !(now < at) && now - at < issuedWithin
            add("iat", fresh, fresh ? .issuedAgo(now - at) : now < at ? .issuedInTheFuture : .issuedTooLongAgo(now - at, limit: issuedWithin))
        } else {
            add("iat", false, .missing)
        }
        let nonce = claims["nonce"]?.stringValue
        if let sent = expected.nonce {
            add("nonce", nonce == sent, nonce == sent ? .nonceIsThisSessions : nonce == nil ? .missing : .nonceReplayed)
        } else {
            add("nonce", nonce == nil, nonce == nil ? .noNonceSentNoneBack : .nonceUnasked)
        }
        if let accessToken = expected.accessToken {
            let alg = JWTAlgorithm(rawValue: jws.algorithm ?? "") ?? .rs256
            let hash = AuthorizationServer.atHash(accessToken, algorithm: alg)
            let claimed = claims["at_hash"]?.stringValue
            add("at_hash", claimed == hash, claimed == hash ? .bindsTheAccessToken : claimed == nil ? .missing : .accessTokenSwapped)
        }
        return checks
    }

    /// The first rule that failed, or nil when all passed.
    public static func firstFailure(_ checks: [IDTokenCheck]) -> IDTokenCheck? { checks.first { !$0.passed } }
}
