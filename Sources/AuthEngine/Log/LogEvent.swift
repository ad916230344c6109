/// The kinds of token the log speaks of.
public enum TokenKind: String, Sendable, CaseIterable {
    /// The short/long token flow's tokens.
    case short, long
    /// A platform's OAuth access and refresh tokens.
    case access, refresh

    /// The token flow's pair, in display order.
    public static let clientTokens: [TokenKind] = [.short, .long]
}

/// A request of the client's as the log names it: by the exchange that carried it (`#12`,
/// the number on its request and response lines), or by method and path before it was sent.
public struct ClientRequest: Hashable, Sendable, CustomStringConvertible {
    public let method: String
    public let path: String
    public let exchange: ExchangeID?
    public init(method: String, path: String, exchange: ExchangeID?) {
        self.method = method; self.path = path; self.exchange = exchange
    }
    public var description: String { exchange.map { "#\($0.value)" } ?? method + " " + path }
}

/// What the client's interceptor decided, and why.
public enum InterceptorNote: Hashable, Sendable {
    /// A 401 `token_expired` started a refresh for `request` (or, proactive, before sending it).
    case refreshStarted(request: ClientRequest, proactive: Bool)
    /// Waiting for the refresh already in flight.
    case queued(request: ClientRequest)
    /// Re-sent once with the new short token.
    case retry(request: ClientRequest)
    case refreshSucceeded(longRenewed: Bool)
    /// Refresh answered with an error; `loginRequired` when the long token is dead.
    case refreshFailed(status: Int?, error: String?, loginRequired: Bool, rejected: Int)
    /// 401 `invalid_token` is not expiry: refreshing would not help.
    case noRefreshOnInvalidToken(request: ClientRequest)
    /// The request already had its one retry.
    case retryExhausted(request: ClientRequest)
    /// No short token held: the request went out without `Authorization`.
    case noToken(request: ClientRequest)
    case timedOut(request: ClientRequest)

    /// The request the note is about, if any.
    public var request: ClientRequest? {
        switch self {
        case .refreshStarted(let r, _), .queued(let r), .retry(let r), .noRefreshOnInvalidToken(let r),
             .retryExhausted(let r), .noToken(let r), .timedOut(let r): return r
        case .refreshSucceeded, .refreshFailed: return nil
        }
    }
}

/// One thing that happened, stored structured and formatted only when shown.
/// `indirect`: each entry is one boxed reference, cheap to copy into the ring and to observers.
public indirect enum LogEvent: Hashable, Sendable {
    case request(ExchangeID, from: Party, to: Party, HTTPRequest)
    case response(ExchangeID, from: Party, to: Party, method: String, path: String, HTTPResponse)
    case responseLost(ExchangeID, from: Party, to: Party, method: String, path: String, status: Int)
    case interceptor(InterceptorNote)
    case tokenIssued(TokenKind, jti: String, exp: Instant, to: Party)
    case tokenExpired(TokenKind, jti: String)
    case familyRevoked(family: String, reason: RevocationReason)
    case clockJumped(from: Instant, to: Instant)
    case clientState(String)
    case note(LogNote)
    /// A command sent to a session store, as Redis' MONITOR shows it.
    case storeCommand(store: String, from: Party, command: String, result: String)
}

public struct LogEntry: Hashable, Sendable {
    /// Position since the start (1-based), never reused, even when the ring drops entries.
    public let sequence: Int
    public let at: Instant
    public let event: LogEvent
}
