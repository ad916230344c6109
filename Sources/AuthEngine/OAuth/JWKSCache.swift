/// How long a verifier keeps a fetched JWKS, and how soon an unknown `kid` may make it
/// fetch again — the defaults of a widely used client library (panva/jose's
/// `createRemoteJWKSet`: `cacheMaxAge` 10 minutes, `cooldownDuration` 30 s).
public struct JWKSCachePolicy: Hashable, Sendable {
    public var maxAge: Span = .minutes(10)
    public var cooldown: Span = .seconds(30)
    public init() {}
}

/// A verifier's copy of the platform's JWKS, fetched over the network like any request.
/// A key is looked up by the token's `kid`: a fresh copy answers at once; a copy older
/// than `maxAge` is fetched again first; a `kid` the copy lacks fetches again — unless the
/// last fetch began less than `cooldown` ago (so a flood of invented kids cannot make the
/// verifier hammer the issuer). Fetches in flight are shared.
public final class JWKSCache {
    public enum Miss: Error, Hashable, Sendable, CustomStringConvertible {
        /// The kid is not in the copy; `retryIn` is the cooldown left when no fetch was made.
        case unknownKID(String?, fetchedAt: Instant?, retryIn: Span?)
        case fetchFailed(status: Int)

        public var description: String {
            switch self {
            case .unknownKID(let kid, let fetchedAt, let retryIn):
                let which = kid.map { "kid \(PlatformKeyRing.short($0))" } ?? "no kid (and not exactly one key)"
                let copy = fetchedAt.map { "the JWKS fetched at \($0.timeOfDay)" } ?? "no JWKS"
                return "\(which) is not in \(copy)" + (retryIn.map { "; no refetch for \($0) (cooldown)" } ?? "")
            case .fetchFailed(let status):
                return "the JWKS could not be fetched (\(status))"
            }
        }
    }

    public static let path = "/oauth/jwks"
    /// Who keeps this copy (`platform-api`, `app-backend`).
    public let owner: Party
    public private(set) var keys: [SigningKey] = []
    public private(set) var fetchedAt: Instant?
    /// Fetches made so far (the kid-spraying lesson counts them).
    public private(set) var fetches = 0
    private var lastFetchStarted: Instant?
    /// The last fetch's status (what a failure reports).
    private var lastStatus = 0
    private var waiting: [() -> Void] = []
    private let policy: () -> JWKSCachePolicy
    private let network: Network
    private let clock: VirtualClock
    private let log: EventLog

    init(owner: Party, policy: @escaping () -> JWKSCachePolicy, network: Network, clock: VirtualClock, log: EventLog) {
        self.owner = owner
        self.policy = policy
        self.network = network
        self.clock = clock
        self.log = log
    }

    /// The key `kid` names, from the copy or after a fetch; `completion` may run at once.
    public func key(for kid: String?, completion: @escaping (Result<SigningKey, Miss>) -> Void) {
        let now = clock.now
        let rules = policy()
        let reason: JWKSFetchReason
        if let fetchedAt, now < fetchedAt + rules.maxAge {
            if let key = lookup(kid) { return completion(.success(key)) }
            let since = now - (lastFetchStarted ?? fetchedAt)
            if since < rules.cooldown {
                return completion(.failure(.unknownKID(kid, fetchedAt: fetchedAt, retryIn: rules.cooldown - since)))
            }
            reason = .unknownKID(kid.map(PlatformKeyRing.short))
        } else if let fetchedAt {
            reason = .copyTooOld(age: now - fetchedAt, maxAge: rules.maxAge)
        } else {
            reason = .noCopy
        }
        fetch(reason) { [self] in
            if let key = lookup(kid) { return completion(.success(key)) }
            completion(.failure(fetchedAt == nil ? .fetchFailed(status: lastStatus) : .unknownKID(kid, fetchedAt: fetchedAt, retryIn: nil)))
        }
    }

    private func fetch(_ reason: JWKSFetchReason, then: @escaping () -> Void) {
        waiting.append(then)
        guard waiting.count == 1 else { return }
        lastFetchStarted = clock.now
        fetches += 1
        log.append(.note(.jwksFetch(owner: "\(owner)", reason: reason)))
        network.send(HTTPRequest(method: "GET", path: Self.path), from: owner, to: .platform) { [self] response in
            lastStatus = response.status
            if response.status == 200, let list = response.body?["keys"]?.arrayValue {
                keys = list.compactMap { $0.objectValue.flatMap { try? JWK.key(from: $0).get() } }
                fetchedAt = clock.now
            }
            let continuations = waiting
            waiting = []
            for continuation in continuations { continuation() }
        }
    }

    private func lookup(_ kid: String?) -> SigningKey? {
        guard let kid else { return keys.count == 1 ? keys[0] : nil }
        return keys.first { $0.id == kid }
    }
}
