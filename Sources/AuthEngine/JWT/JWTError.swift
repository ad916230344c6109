/// Why a compact JWS was refused. Each rule has its own case so a test,
/// a log line or a teacher can say exactly which rule stopped a token.
public enum JWTError: Error, Hashable, Sendable, CustomStringConvertible {
    case wrongSegmentCount(Int)
    case invalidBase64(segment: Segment)
    case invalidJSON(segment: Segment, reason: String)
    case notAnObject(segment: Segment)
    case missingAlgorithm
    case algorithmNone
    case algorithmMismatch(header: String, key: String)
    case unknownKeyID(String)
    case missingKeyID
    case badSignature
    /// A header member of the wrong type (`kid` must be a string, `crit` a list of names).
    case invalidHeader(name: String, expected: String)
    /// `crit` names extensions this verifier does not understand (RFC 7515 §4.1.11: reject).
    case unknownCritical([String])
    /// The header offers a key (`jwk`, `jku`, `x5u`, `x5c`): keys come from the verifier's own set.
    case embeddedKey(name: String)
    case expired(exp: Instant)
    case notYetValid(nbf: Instant)
    case issuedInFuture(iat: Instant)
    case invalidClaim(name: String)
    /// A time claim outside the years 0001–9999.
    case timeOutOfRange(name: String)
    case wrongIssuer(expected: String, actual: String?)
    case wrongAudience(expected: String, actual: String?)
    case wrongType(expected: String, actual: String?)

    public enum Segment: String, Sendable { case header, payload, signature }

    /// A short machine-friendly name, used in logs and JSON output.
    public var code: String {
        switch self {
        case .wrongSegmentCount: return "malformed"
        case .invalidBase64: return "bad_base64url"
        case .invalidJSON, .notAnObject: return "bad_json"
        case .missingAlgorithm: return "missing_alg"
        case .algorithmNone: return "alg_none"
        case .algorithmMismatch: return "alg_mismatch"
        case .unknownKeyID: return "unknown_kid"
        case .missingKeyID: return "missing_kid"
        case .badSignature: return "bad_signature"
        case .invalidHeader: return "bad_header"
        case .unknownCritical: return "unknown_crit"
        case .embeddedKey: return "key_in_header"
        case .timeOutOfRange: return "time_out_of_range"
        case .expired: return "expired"
        case .notYetValid: return "not_yet_valid"
        case .issuedInFuture: return "iat_in_future"
        case .invalidClaim: return "invalid_claim"
        case .wrongIssuer: return "wrong_iss"
        case .wrongAudience: return "wrong_aud"
        case .wrongType: return "wrong_typ"
        }
    }

    public var description: String {
        switch self {
        case .wrongSegmentCount(let n): return "a compact JWS has exactly 3 segments, this has \(n)"
        case .invalidBase64(let s): return "the \(s.rawValue) is not strict unpadded base64url"
        case .invalidJSON(let s, let reason): return "the \(s.rawValue) is not valid JSON (\(reason))"
        case .notAnObject(let s): return "the \(s.rawValue) is not a JSON object"
        case .missingAlgorithm: return "the header has no \"alg\""
        case .algorithmNone: return "\"alg\": \"none\" is never accepted"
        case .algorithmMismatch(let h, let k): return "the header says \"\(h)\" but the key is for \(k)"
        case .unknownKeyID(let kid): return "no key has kid \"\(kid)\""
        case .missingKeyID: return "several keys are configured and the header names none (no \"kid\")"
        case .badSignature: return "the signature does not verify"
        case .invalidHeader(let name, let expected): return "header \"\(name)\" must be \(expected)"
        case .unknownCritical(let names):
            return "the header marks \(names.map { "\"\($0)\"" }.joined(separator: ", ")) critical and no extension is understood (RFC 7515 §4.1.11)"
        case .embeddedKey(let name): return "the header offers a key as \"\(name)\": keys come only from the server's own set (RFC 8725 §3.10)"
        case .expired(let exp): return "expired at \(exp.iso8601)"
        case .notYetValid(let nbf): return "not valid before \(nbf.iso8601)"
        case .issuedInFuture(let iat): return "issued in the future (iat \(iat.iso8601))"
        case .invalidClaim(let name): return "claim \"\(name)\" has the wrong type"
        case .timeOutOfRange(let name): return "claim \"\(name)\" is a time outside the years 0001–9999"
        case .wrongIssuer(let e, let a): return "issuer is \(a.map { "\"\($0)\"" } ?? "missing"), expected \"\(e)\""
        case .wrongAudience(let e, let a): return "audience is \(a.map { "\"\($0)\"" } ?? "missing"), expected \"\(e)\""
        case .wrongType(let e, let a): return "typ is \(a.map { "\"\($0)\"" } ?? "missing"), expected \"\(e)\""
        }
    }
}
