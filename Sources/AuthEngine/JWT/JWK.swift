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
        case .rsa(let rsa): jwk = rsaJWK(rsa.publicKey) ?? [:]
        case .rsaPublic(let rsa): jwk = rsaJWK(rsa) ?? [:]
        case .p256(let p256): jwk = ecJWK(p256.publicKey)
        case .p256Public(let p256): jwk = ecJWK(p256)
        case .ed25519(let ed): jwk = okpJWK(ed.publicKey)
        case .ed25519Public(let ed): jwk = okpJWK(ed)
        }
        guard !jwk.isEmpty else { return nil }
        jwk["use"] = "sig"
        jwk["alg"] = .string(key.algorithm.rawValue)
        jwk["kid"] = thumbprint(jwk).map { .string($0) } ?? .null
        return jwk
    }

    private static func rsaJWK(_ key: _RSA.Signing.PublicKey) -> JSONObject? {
        guard let primitives = try? key.getKeyPrimitives() else { return nil }
        return ["kty": "RSA", "n": .string(Base64URL.encode(Array(primitives.modulus))), "e": .string(Base64URL.encode(Array(primitives.publicExponent)))]
    }

    private static func ecJWK(_ key: P256.Signing.PublicKey) -> JSONObject {
        // x9.63: 0x04 ‖ x ‖ y, 32 bytes each.
        let point = Array(key.x963Representation)
        return ["kty": "EC", "crv": "P-256", "x": .string(Base64URL.encode(point[1..<33])), "y": .string(Base64URL.encode(point[33..<65]))]
    }

    private static func okpJWK(_ key: Curve25519.Signing.PublicKey) -> JSONObject {
        ["kty": "OKP", "crv": "Ed25519", "x": .string(Base64URL.encode(Array(key.rawRepresentation)))]
    }

    /// A verification key from a public JWK (RSA, EC P-256, OKP Ed25519), its `kid` kept;
    /// nil, with the reason, for anything else — private members are ignored, never used.
    public static func key(from jwk: JSONObject) -> Result<SigningKey, KeyProblem> {
        func bytes(_ name: String) -> [UInt8]? { jwk[name]?.stringValue.flatMap { Base64URL.decode($0) } }
        let kid = jwk["kid"]?.stringValue
        switch (jwk["kty"]?.stringValue, jwk["crv"]?.stringValue) {
        case ("RSA", _):
            guard let n = bytes("n"), let e = bytes("e"), let key = try? _RSA.Signing.PublicKey(n: n, e: e) else { return .failure(.init("an RSA key needs base64url n and e (2048 bits or more)")) }
            return .success(SigningKey(id: kid, material: .rsaPublic(key)))
        case ("EC", "P-256"):
            guard let x = bytes("x"), let y = bytes("y"), x.count == 32, y.count == 32,
                  let key = try? P256.Signing.PublicKey(x963Representation: [0x04] + x + y) else { return .failure(.init("an EC key needs 32-byte x and y on P-256")) }
            return .success(SigningKey(id: kid, material: .p256Public(key)))
        case ("OKP", "Ed25519"):
            guard let x = bytes("x"), let key = try? Curve25519.Signing.PublicKey(rawRepresentation: x) else { return .failure(.init("an Ed25519 key needs a 32-byte x")) }
            return .success(SigningKey(id: kid, material: .ed25519Public(key)))
        case (let kty, let crv):
            return .failure(.init("unsupported key: kty \(kty ?? "(none)")" + (crv.map { ", crv \($0)" } ?? "")))
        }
    }

    public struct KeyProblem: Error, Equatable, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// A public key from PEM (SubjectPublicKeyInfo): RSA, P-256 or Ed25519.
    public static func key(fromPEM pem: String) -> SigningKey? {
        if let rsa = try? _RSA.Signing.PublicKey(pemRepresentation: pem) { return SigningKey(material: .rsaPublic(rsa)) }
        if let p256 = try? P256.Signing.PublicKey(pemRepresentation: pem) { return SigningKey(material: .p256Public(p256)) }
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        if let der = Base64.decode(body), der.count == 44, der.prefix(12).elementsEqual(ed25519SPKIPrefix),
           let ed = try? Curve25519.Signing.PublicKey(rawRepresentation: der.suffix(32)) {
            return SigningKey(material: .ed25519Public(ed))
        }
        return nil
    }

    /// Every public key in a PEM text, in order: each `-----BEGIN … KEY-----` block. Text
    /// around the blocks (the `# ES256 kid …` lines `authtui keys --format pem` writes) is
    /// ignored, as OpenSSL ignores it. Each key's id is its RFC 7638 thumbprint: the kid a
    /// token of this playground names.
    public static func keys(fromPEM text: String) -> [SigningKey] {
        var keys: [SigningKey] = []
        var block: [Substring]?
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.hasPrefix("-----BEGIN ") {
                block = [line]
            } else if block != nil {
                block?.append(line)
                guard line.hasPrefix("-----END ") else { continue }
                if let key = key(fromPEM: block!.joined(separator: "\n")) {
                    keys.append(SigningKey(id: publicJWK(of: key)?["kid"]?.stringValue, material: key.material))
                }
                block = nil
            }
        }
        return keys
    }

    /// SubjectPublicKeyInfo for Ed25519 (RFC 8410): this prefix, then the 32-byte key.
    static let ed25519SPKIPrefix: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]

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
        case .rsaPublic(let rsa): return rsa.pemRepresentation
        case .p256(let p256): return p256.publicKey.pemRepresentation
        case .p256Public(let p256): return p256.pemRepresentation
        case .ed25519(let ed): return ed25519PEM(ed.publicKey)
        case .ed25519Public(let ed): return ed25519PEM(ed)
        }
    }

    private static func ed25519PEM(_ key: Curve25519.Signing.PublicKey) -> String {
        "-----BEGIN PUBLIC KEY-----\n" + Base64.encode(ed25519SPKIPrefix + Array(key.rawRepresentation)) + "\n-----END PUBLIC KEY-----"
    }
}
