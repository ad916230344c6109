import Crypto
import _CryptoExtras

/// Public keys as JSON Web Keys (RFC 7517), for a JWKS: what a resource server fetches
/// to verify an issuer's tokens. Only the public half is ever written.
public enum JWK {
    /// The public JWK of a signing key, with `kty`, `use`, `alg` and `kid` = its RFC 7638
    /// thumbprint; nil for an HMAC key (a shared secret has no public half).
    public static func publicJWK(of key: SigningKey) -> JSONObject? {
        var jwk: JSONObject
        switch key.material {
        case .hmac:
            return nil
        case .rsa(let rsa):
            guard let primitives = try? rsa.publicKey.getKeyPrimitives() else { return nil }
            jwk = ["kty": "RSA", "n": .string(Base64URL.encode(Array(primitives.modulus))), "e": .string(Base64URL.encode(Array(primitives.publicExponent)))]
        case .p256(let p256):
            // x9.63: 0x04 ‖ x ‖ y, 32 bytes each.
            let point = Array(p256.publicKey.x963Representation)
            jwk = ["kty": "EC", "crv": "P-256", "x": .string(Base64URL.encode(point[1..<33])), "y": .string(Base64URL.encode(point[33..<65]))]
        case .ed25519(let ed):
            jwk = ["kty": "OKP", "crv": "Ed25519", "x": .string(Base64URL.encode(Array(ed.publicKey.rawRepresentation)))]
        }
        jwk["use"] = "sig"
        jwk["alg"] = .string(key.algorithm.rawValue)
        jwk["kid"] = thumbprint(jwk).map { .string($0) } ?? .null
        return jwk
    }

    /// RFC 7638: SHA-256 over the required members only, in lexicographic order, no
    /// whitespace (RSA `e,kty,n`; EC `crv,kty,x,y`; OKP `crv,kty,x`), base64url.
    public static func thumbprint(_ jwk: JSONObject) -> String? {
        let members: [String]
        switch jwk["kty"]?.stringValue {
        case "RSA": members = ["e", "kty", "n"]
        case "EC": members = ["crv", "kty", "x", "y"]
        case "OKP": members = ["crv", "kty", "x"]
        case "oct": members = ["k", "kty"]
        default: return nil
        }
        var canonical = JSONObject()
        for name in members {
            guard let value = jwk[name]?.stringValue else { return nil }
            canonical[name] = .string(value)
        }
        return Base64URL.encode(Array(SHA256.hash(data: Array(JSONWriter.compact(.object(canonical)).utf8))))
    }

    /// `{"keys": [...]}`.
    public static func set(_ keys: [SigningKey]) -> JSONObject {
        ["keys": .array(keys.compactMap(publicJWK).map { .object($0) })]
    }

    /// The public key as PEM (SubjectPublicKeyInfo), nil for HMAC.
    public static func pem(of key: SigningKey) -> String? {
        switch key.material {
        case .hmac: return nil
        case .rsa(let rsa): return rsa.publicKey.pemRepresentation
        case .p256(let p256): return p256.publicKey.pemRepresentation
        case .ed25519(let ed):
            // SPKI for Ed25519 (RFC 8410): a fixed 12-byte prefix, then the 32-byte key.
            let der: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00] + Array(ed.publicKey.rawRepresentation)
            let body = Base64.encode(der)
            return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----"
        }
    }
}
