/// The platform's signing keys over time. A key is published in the JWKS, signs from the
/// moment it is made the signer until the next one is, and leaves the JWKS when retired.
/// Rotation done right: publish, wait out the verifiers' cache age, sign with the new key,
/// and retire the old one only when every token it signed has expired.
public struct PlatformKeyRing: Sendable {
    public struct Entry: Sendable {
        public let key: SigningKey
        /// 1 for the first key, 2 for the next one published, …
        public let generation: Int
        public let publishedAt: Instant
        public internal(set) var signingSince: Instant?
        public internal(set) var retiredAt: Instant?
        public var kid: String { key.id ?? "-" }
        public var isPublished: Bool { retiredAt == nil }
    }

    public enum Problem: Error, Hashable, Sendable, CustomStringConvertible {
        case noMoreKeys(JWTAlgorithm, count: Int)
        case nothingNewToSign(kid: String)
        case nothingToRetire
        public var description: String {
            switch self {
            case .noMoreKeys(let alg, let count):
                return "the platform has no \(alg.rawValue) key left to publish (RSA keys come from \(count) printed in RFCs; config oauth_alg es256 or eddsa rotates without end)"
            case .nothingNewToSign(let kid):
                return "the newest published key (\(PlatformKeyRing.short(kid))) already signs: publish a new one first (oauth key publish)"
            case .nothingToRetire:
                return "no key to retire: only the signing key is published"
            }
        }
    }

    /// A kid as the log and panels show it: its first 8 characters.
    public static func short(_ kid: String) -> String { kid.count > 8 ? String(kid.prefix(8)) + "…" : kid }

    public let algorithm: JWTAlgorithm
    public private(set) var entries: [Entry] = []
    private let seed: UInt64

    /// A ring with its first key published and signing since `now`. HS256 has nothing to
    /// publish, so the platform refuses it (`config oauth_alg`).
    init(algorithm: JWTAlgorithm, seed: UInt64, now: Instant) {
        self.algorithm = algorithm
        self.seed = seed
        let first = Self.key(algorithm, generation: 1, seed: seed)!
        entries = [Entry(key: first, generation: 1, publishedAt: now, signingSince: now)]
    }

    /// The key that signs now: the one made signer last.
    public var signer: Entry { entries.last { $0.signingSince != nil }! }
    /// What the JWKS lists now, oldest first.
    public var published: [Entry] { entries.filter(\.isPublished) }

    /// Publishes the next key; it does not sign until `startSigning`.
    mutating func publish(at now: Instant) throws(Problem) -> Entry {
        let generation = entries.count + 1
        guard let key = Self.key(algorithm, generation: generation, seed: seed) else {
            throw .noMoreKeys(algorithm, count: PublishedRSAKey.all.count)
        }
        let entry = Entry(key: key, generation: generation, publishedAt: now)
        entries.append(entry)
        return entry
    }

    /// The newest published key becomes the signer. Returns it and the key it replaced.
    mutating func startSigning(at now: Instant) throws(Problem) -> (new: Entry, old: Entry) {
        let old = signer
        guard let index = entries.lastIndex(where: \.isPublished), entries[index].signingSince == nil else {
            throw .nothingNewToSign(kid: old.kid)
        }
        entries[index].signingSince = now
        return (entries[index], old)
    }

    /// Takes the oldest published key that does not sign out of the JWKS.
    mutating func retireOldest(at now: Instant) throws(Problem) -> Entry {
        let signerGeneration = signer.generation
        guard let index = entries.firstIndex(where: { $0.isPublished && $0.generation != signerGeneration }) else {
            throw .nothingToRetire
        }
        entries[index].retiredAt = now
        return entries[index]
    }

    /// The key of a generation: RSA from the RFCs' printed keys (three), ES256 and EdDSA
    /// derived from the seed without end. Its kid is its RFC 7638 thumbprint.
    static func key(_ algorithm: JWTAlgorithm, generation: Int, seed: UInt64) -> SigningKey? {
        let seedBytes = (0..<8).map { UInt8(truncatingIfNeeded: seed >> (8 * $0)) } + Array("authtui-platform-\(generation)".utf8)
        let key: SigningKey
        switch algorithm {
        case .hs256: return nil
        case .rs256:
            guard generation <= PublishedRSAKey.all.count else { return nil }
            key = .rsa(PublishedRSAKey.all[generation - 1])
        case .es256: key = (try? .es256(seed: seedBytes)) ?? (try! .es256(seed: seedBytes + [1]))
        case .edDSA: key = try! .edDSA(seed: seedBytes)
        }
        return SigningKey(id: JWK.publicJWK(of: key)?["kid"]?.stringValue, material: key.material)
    }
}
