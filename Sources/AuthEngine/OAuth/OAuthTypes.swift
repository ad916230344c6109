/// A third party registered on the platform (RFC 6749 §2).
public struct ClientRegistration: Hashable, Sendable {
    public let appID: String
    public let secret: String
    public let name: String
    public let redirectURIs: [String]
    public let scopes: [String]
    /// The platform refuses authorization requests from this client without PKCE.
    public let requiresPKCE: Bool
    /// A public client (a browser or mobile app) has no secret it could keep: it
    /// authenticates with `none` and proves itself with PKCE (RFC 6749 §2.1, RFC 8252 §8.4).
    public var isPublic = false

    /// Whether `presented` is one of the registered redirect URIs: an exact match, except
    /// that a loopback `http` URI matches on any port (RFC 8252 §7.3: a native app's
    /// listener gets whatever port is free).
    public func allowsRedirect(_ presented: String) -> Bool {
        redirectURIs.contains(presented) || redirectURIs.contains { RedirectURIRule.sameLoopbackListener($0, presented) }
    }
}

/// A code the platform issued on consent: short-lived, single use, bound to its client,
/// redirect URI, scope, user and (with PKCE) challenge.
public struct AuthorizationCode: Hashable, Sendable {
    public let value: String
    public let clientID: String
    public let redirectURI: String
    public let scope: [String]
    public let subject: String
    /// OpenID Connect: the nonce of the authorization request.
    public var nonce: String?
    public let challenge: String?
    public let issuedAt: Instant
    public let expiresAt: Instant
    public internal(set) var usedAt: Instant?
    /// What the first exchange issued, revoked if the code is presented again.
    public internal(set) var issuedAccessJTIs: [String] = []
    public internal(set) var issuedRefreshFamily: String?
}

/// The platform's rules for the flow.
public struct OAuthPolicy: Sendable {
    public var codeLifetime: Span = .minutes(10)
    public var accessLifetime: Span = .minutes(10)
    public var refreshLifetime: Span = .days(30)
    /// `reuse` or `rotate` (with reuse detection); `sliding` is treated as `reuse` here.
    public var refreshPolicy: RefreshPolicy = .rotate
    public var issuer = "https://platform.example"
    /// How the platform signs access and ID tokens: a public-key algorithm, since it
    /// publishes its keys (HS256's shared secret has no public half).
    public var algorithm: JWTAlgorithm = .rs256
    /// How the API decides a token is good.
    public var apiValidation: APIValidation = .local
    /// How long verifiers (the API, the app) keep the JWKS, and their refetch cooldown.
    public var jwks = JWKSCachePolicy()

    public init() {}
}

/// How the platform's API (the resource server) decides an access token is good.
public enum APIValidation: String, Hashable, Sendable, CaseIterable {
    /// The signature with a key from its cached JWKS, then the claims: no call to the
    /// platform per request, and a revoked token still passes until it expires.
    case local
    /// Asks the platform on every request (RFC 7662): revocation is seen at once, at the
    /// cost of a round trip.
    case introspection
}

/// The parties of the authorization-code flow.
extension Party {
    public static let browser = Party("browser")
    /// The third party's front end: it receives the redirect back with the code.
    public static let app = Party("app")
    /// The third party's back end: it holds the secret and talks to the platform directly.
    public static let appBackend = Party("app-backend")
    /// The platform's authorization server: consent page, `/oauth/authorize`, `/oauth/token`.
    public static let platform = Party("platform")
    /// The platform's resource server: the user's data, scope-checked.
    public static let platformAPI = Party("platform-api")
}

/// Refresh tokens the platform issued, by token value.
struct OAuthRefreshGrant {
    let clientID: String
    let subject: String
    let scope: [String]
    let family: String
    let expiresAt: Instant
    var usedAt: Instant?
}
