/// How the client's interceptor behaves.
public struct ClientSettings: Sendable {
    /// Requests that fail while a refresh is in flight wait for it instead of refreshing again.
    public var singleFlight = true
    /// Refresh this long before the short token's `exp`, before sending; nil: only on 401.
    public var proactiveRefresh: Span?
    /// How far the client's clock is ahead (positive) or behind the true virtual time.
    public var clockSkew: Span = .zero
    /// A request with no response after this long fails as timed out.
    public var timeout: Span = .seconds(10)

    public init() {}
}

public enum ClientState: String, Sendable, CaseIterable {
    case loggedOut = "logged out"
    case loggedIn = "logged in"
    case loginRequired = "login required"
}

/// How one logical request ended, after the interceptor's work.
public struct RequestOutcome: Hashable, Sendable {
    /// The exchange that carried the last send (`#N` in the log); nil if it was never sent.
    public let exchange: ExchangeID?
    public let method: String
    public let path: String
    /// nil when no response came back (timed out).
    public let status: Int?
    public let error: String?
    public let retried: Bool
    public let body: JSONObject?
}
