/// Each rule a decoded token is judged by, separately, so a verdict can name exactly what
/// failed (`authtui decode`). Without a key the signature is not checked, and everything
/// else still is.
public struct TokenCheck: Hashable, Sendable {
    public enum Outcome: String, Hashable, Sendable { case passed, failed, notChecked = "not_checked", warning }
    /// `alg`, `kid`, `crit`, `signature`, `exp`, `nbf`, `iat`, `typ`.
    public let name: String
    public let outcome: Outcome
    public let detail: String
}

public enum TokenJudgement {
    /// The checks in the order a verifier applies them. `key` nil: no signature check.
    public static func checks(_ jws: CompactJWS, token: String, key: SigningKey?, now: Instant, expectedType: String?) -> [TokenCheck] {
        var checks: [TokenCheck] = []
        func add(_ name: String, _ outcome: TokenCheck.Outcome, _ detail: String) {
            checks.append(TokenCheck(name: name, outcome: outcome, detail: TerminalSafe.text(detail)))
        }
        // The header's own rules.
        let alg = jws.algorithm
        if alg == nil || alg?.lowercased() == "none" {
            let what = alg == nil ? "the header has no \"alg\"" : "\"alg\": \"none\": the token is unsigned, anyone can write it"
            add("alg", key == nil ? .warning : .failed, what)
        }
        if let kid = jws.header["kid"], kid.stringValue == nil { add("kid", .failed, "\"kid\" must be a string") }
        do { try JWTVerifier.checkCritical(jws.header) } catch { add("crit", .failed, error.description) }
        // The signature.
        if let key {
            do {
                _ = try JWTVerifier(key: key).verifySignature(token, checkingHeader: false)
                add("signature", .passed, "valid (\(key.algorithm.rawValue))")
            } catch {
                add("signature", .failed, error.description)
            }
        } else {
            add("signature", .notChecked, "no key given")
        }
        // The time claims, at `now`.
        func time(_ name: String, _ judge: (Instant) -> (Bool, String)) {
            guard let value = jws.payload[name] else {
                add(name, .notChecked, name == "exp" ? "absent: the token never expires" : "absent")
                return
            }
            switch Instant.numericDate(value) {
            case nil: add(name, .failed, "not a number (a NumericDate is seconds since 1970)")
            case .failure(let error)?: add(name, .failed, "\(error)")
            case .success(let instant)?:
                let (ok, text) = judge(instant)
                add(name, ok ? .passed : .failed, text)
            }
        }
        let ago = { (t: Instant) in TokenDescription.relative(t, now: now) }
        time("exp") { exp in
            now < exp ? (true, "valid until \(exp.iso8601) (\(ago(exp)))")
                : (false, "expired at \(exp.iso8601) (\(ago(exp))): a token is expired at exactly exp")
        }
        time("nbf") { nbf in
            now >= nbf ? (true, "valid since \(nbf.iso8601) (\(ago(nbf)))") : (false, "not valid before \(nbf.iso8601) (\(ago(nbf)))")
        }
        time("iat") { iat in
            now >= iat ? (true, "issued \(iat.iso8601) (\(ago(iat)))") : (false, "issued in the future: \(iat.iso8601) (\(ago(iat)))")
        }
        // Explicit typing (RFC 8725 §3.11): the payload's `typ`.
        let typ = jws.payload["typ"]?.stringValue
        if let expectedType {
            add("typ", typ == expectedType ? .passed : .failed,
                typ == expectedType ? "\(expectedType)" : "is \(typ.map { "\"\($0)\"" } ?? "missing"), expected \"\(expectedType)\"")
        } else if let typ {
            add("typ", .notChecked, "\"\(typ)\" (--typ checks it)")
        }
        return checks
    }

    /// `valid`, `rejected` (something failed) or `unverified` (nothing failed, no key given).
    public static func verdict(_ checks: [TokenCheck]) -> String {
        if checks.contains(where: { $0.outcome == .failed }) { return "rejected" }
        return checks.contains { $0.name == "signature" && $0.outcome == .passed } ? "valid" : "unverified"
    }
}
