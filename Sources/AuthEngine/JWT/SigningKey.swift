import Crypto
import _CryptoExtras

/// One key, one algorithm (RFC 8725 §3.1): the key decides the algorithm, never the token.
public struct SigningKey: Sendable {
    public enum Material: Sendable {
        case hmac(SymmetricKey)
        case rsa(_RSA.Signing.PrivateKey)
        case p256(P256.Signing.PrivateKey)
        case ed25519(Curve25519.Signing.PrivateKey)
        /// Public halves: they verify, never sign (a JWKS, a PEM).
        case rsaPublic(_RSA.Signing.PublicKey)
        case p256Public(P256.Signing.PublicKey)
        case ed25519Public(Curve25519.Signing.PublicKey)
    }

    /// Signing with a public key is impossible.
    public struct PublicOnly: Error {}

    public let id: String?
    public let material: Material

    public init(id: String? = nil, material: Material) {
        self.id = id
        self.material = material
    }

    public static func hs256<Bytes: Sequence>(secret: Bytes, id: String? = nil) -> SigningKey where Bytes.Element == UInt8 {
        SigningKey(id: id, material: .hmac(SymmetricKey(data: Array(secret))))
    }

    public static func hs256(secret: String, id: String? = nil) -> SigningKey {
        hs256(secret: Array(secret.utf8), id: id)
    }

    /// ES256 and EdDSA keys derived from seed bytes, so a seeded scenario gets the same keys.
    public static func es256(seed: [UInt8], id: String? = nil) throws -> SigningKey {
        let scalar = Array(SHA256.hash(data: seed + Array("es256".utf8)))
        return SigningKey(id: id, material: .p256(try P256.Signing.PrivateKey(rawRepresentation: scalar)))
    }

    public static func edDSA(seed: [UInt8], id: String? = nil) throws -> SigningKey {
        let raw = Array(SHA256.hash(data: seed + Array("ed25519".utf8)))
        return SigningKey(id: id, material: .ed25519(try Curve25519.Signing.PrivateKey(rawRepresentation: raw)))
    }

    /// The RSA key of RFC 7515 Appendix A.2: RSA keys cannot be generated from a seed, so
    /// every RS256 issuer starts with this published one (a known-answer test, and the
    /// same tokens from the same script). Never a secret: it is in the RFC.
    public static func rfc7515A2(id: String? = nil) -> SigningKey { rsa(.rfc7515A2, id: id) }

    /// One of the RSA keys printed in RFCs (`PublishedRSAKey.all`).
    static func rsa(_ published: PublishedRSAKey, id: String? = nil) -> SigningKey {
        func b(_ text: String) -> [UInt8] { Base64URL.decode(text)! }
        let key = try! _RSA.Signing.PrivateKey(n: b(published.n), e: b(published.e), d: b(published.d), p: b(published.p), q: b(published.q))
        return SigningKey(id: id, material: .rsa(key))
    }

    public var algorithm: JWTAlgorithm {
        switch material {
        case .hmac: return .hs256
        case .rsa, .rsaPublic: return .rs256
        case .p256, .p256Public: return .es256
        case .ed25519, .ed25519Public: return .edDSA
        }
    }

    func sign(_ input: [UInt8]) throws -> [UInt8] {
        switch material {
        case .hmac(let key):
            return Array(HMAC<SHA256>.authenticationCode(for: input, using: key))
        case .rsa(let key):
            return Array(try key.signature(for: SHA256.hash(data: input), padding: .insecurePKCS1v1_5).rawRepresentation)
        case .p256(let key):
            return Array(try key.signature(for: input).rawRepresentation)
        case .ed25519(let key):
            return Array(try key.signature(for: input))
        case .rsaPublic, .p256Public, .ed25519Public:
            throw PublicOnly()
        }
    }

    func isValidSignature(_ signature: [UInt8], for input: [UInt8]) -> Bool {
        switch material {
        case .hmac(let key):
            // Constant-time comparison inside swift-crypto.
            return HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: input, using: key)
        case .rsa(let key):
            return Self.isValid(signature, input, key.publicKey)
        case .rsaPublic(let key):
            return Self.isValid(signature, input, key)
        case .p256(let key):
            return Self.isValid(signature, input, key.publicKey)
        case .p256Public(let key):
            return Self.isValid(signature, input, key)
        case .ed25519(let key):
            return key.publicKey.isValidSignature(signature, for: input)
        case .ed25519Public(let key):
            return key.isValidSignature(signature, for: input)
        }
    }

    /// ES256 signatures are raw R ‖ S (64 bytes), not DER; r = s = 0 never verifies.
    private static func isValid(_ signature: [UInt8], _ input: [UInt8], _ key: P256.Signing.PublicKey) -> Bool {
        guard let sig = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
        return key.isValidSignature(sig, for: input)
    }

    private static func isValid(_ signature: [UInt8], _ input: [UInt8], _ key: _RSA.Signing.PublicKey) -> Bool {
        key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA256.hash(data: input),
                                                  padding: .insecurePKCS1v1_5)
    }
}
