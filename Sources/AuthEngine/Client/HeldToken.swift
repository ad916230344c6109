import Crypto

/// A token the client holds, with the claims it needs decoded once.
public struct HeldToken: Hashable, Sendable {
    public let raw: String
    public let jti: String
    public let issuedAt: Instant
    public let expiresAt: Instant
    public let claims: JSONObject
    /// The JOSE header, decoded once (a display shows it every frame).
    public let header: JSONObject
    /// `Bearer <raw>`, built once: every request shares this one string.
    public let authorization: String

    /// Decodes without verifying: a client cannot verify the server's HMAC, it only reads.
    public init?(raw: String) {
        guard let jws = try? CompactJWS(parsing: raw) else { return nil }
        self.raw = raw
        self.authorization = "Bearer " + raw
        self.claims = jws.payload
        self.header = jws.header
        self.jti = jws.payload["jti"]?.stringValue ?? "?"
        self.issuedAt = Instant(seconds: jws.payload["iat"]?.intValue ?? 0)
        self.expiresAt = Instant(seconds: jws.payload["exp"]?.intValue ?? 0)
    }

    /// The first 3 and last 8 characters: enough to tell tokens apart in a log.
    public var abbreviated: String { TokenAbbreviation.abbreviate(raw) }
}

public enum TokenAbbreviation {
    public static func abbreviate(_ token: String) -> String {
        abbreviate(token.utf8[...])
    }

    /// The same, straight from bytes (a token inside a header, say) without copying it out first.
    public static func abbreviate(_ bytes: Substring.UTF8View) -> String {
        guard bytes.count > 12 else { return String(decoding: bytes, as: UTF8.self) }
        var text = String(decoding: bytes.prefix(3), as: UTF8.self)
        text += "…"
        if let lastDot = bytes.lastIndex(of: UInt8(ascii: ".")), isES256(bytes) {
            // ES256 signatures are random: a digest of what was signed stands in for their
            // last characters, so the same script still logs the same bytes.
            text += "#" + Hex.string(SHA256.hash(data: Array(bytes[..<lastDot])).prefix(4))
            return text
        }
        text += String(decoding: bytes.suffix(8), as: UTF8.self)
        return text
    }

    /// Whether the token's header names ES256 (decoded: members may come in any order).
    static func isES256(_ bytes: Substring.UTF8View) -> Bool {
        // Fast paths for headers that begin with `alg`, as every header signed here does.
        if bytes.starts(with: "eyJhbGciOiJFUzI1NiI".utf8) { return true }   // {"alg":"ES256"
        if bytes.starts(with: "eyJhbGciOiJ".utf8) { return false }          // {"alg":" another
        guard let dot = bytes.firstIndex(of: UInt8(ascii: ".")), bytes.distance(from: bytes.startIndex, to: dot) < 400,
              let header = Base64URL.decode(bytes[..<dot]) else { return false }
        return String(decoding: header, as: UTF8.self).contains("\"ES256\"")
    }
}
