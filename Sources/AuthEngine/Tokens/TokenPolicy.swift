/// The token server's settings.
public struct TokenPolicy: Sendable {
    public var shortLifetime: Span = .minutes(15)
    public var longLifetime: Span = .days(7)
    public var refreshPolicy: RefreshPolicy = .reuse
    /// A login's whole life, however often its long token is renewed (`sliding`, `rotate`):
    /// no long token of the login outlives `login + absoluteLifetime`. nil: no cap.
    public var absoluteLifetime: Span?
    /// Under `sliding`, renew the long token when less than this fraction of its life is left.
    public var renewWindow: Double = 0.2
    /// Under `rotate`, a used long token presented again within this time of its first
    /// use is honoured instead of revoking the family (what Hydra, Auth0 and Cognito call a
    /// reuse interval or grace period, for responses lost on the way back).
    public var reuseGrace: Span = .zero
    /// Clock-skew tolerance when checking `exp`, `nbf` and `iat`.
    public var leeway: Span = .zero
    public var issuer = "authtui"
    /// How tokens are signed: HS256 with the shared secret, or a public-key algorithm
    /// whose public key anyone can fetch (`authtui keys`).
    public var algorithm: JWTAlgorithm = .hs256

    public init() {}
}
