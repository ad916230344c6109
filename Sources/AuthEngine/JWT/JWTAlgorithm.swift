/// The JWS algorithms the playground signs and verifies with (RFC 7518, RFC 8037).
public enum JWTAlgorithm: String, CaseIterable, Sendable {
    case hs256 = "HS256"
    /// RSASSA-PKCS1-v1_5 with SHA-256 (not PSS: that would be PS256).
    case rs256 = "RS256"
    case es256 = "ES256"
    case edDSA = "EdDSA"

    /// The scenario language's spelling.
    public var keyword: String { rawValue.lowercased() }
}
