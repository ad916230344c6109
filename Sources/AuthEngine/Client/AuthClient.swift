/// The client application: a token store and an interceptor chain around every request.
///
/// The interceptor attaches `Authorization: Bearer <short>`; on 401 `token_expired` it
/// calls refresh with the long token, stores both tokens returned, and retries the
/// request once. With single flight on, requests failing while a refresh is in flight
/// wait for it and are retried, or all rejected together if it fails.
public final class AuthClient {
    public var settings: ClientSettings
    public private(set) var state: ClientState = .loggedOut
    public private(set) var short: HeldToken?
    public private(set) var long: HeldToken?
    /// Refresh calls this client has sent since the start.
    public private(set) var refreshCount = 0
    /// How many refreshes failed so far, and how the last one did (nil status: no answer).
    public private(set) var refreshFailures = 0
    /// How often each token crossed the network: the short one on every API call, the
    /// long one only to refresh or log out (which is why it may live longer).
    public private(set) var shortTokenSends = 0
    public private(set) var longTokenSends = 0
    public private(set) var lastRefreshFailure: (status: Int?, error: String?)?

    private let clock: VirtualClock
    private let log: EventLog
    private let network: Network
    private var sharedFlight: RefreshFlight?
    private var expiryWatch: [TokenKind: ScheduledEventID] = [:]

    final class PendingRequest {
        let method: String
        let path: String
        let completion: ((RequestOutcome) -> Void)?
        var retried = false
        var finished = false
        var sentWithJTI: String?
        var lastResponse: HTTPResponse?
        /// Times sent, and how many of those sends have been answered: a timeout covers one send.
        var sends = 0
        var answered = 0
        /// The exchange of the latest send.
        var exchange: ExchangeID?
        init(method: String, path: String, completion: ((RequestOutcome) -> Void)?) {
            self.method = method; self.path = path; self.completion = completion
        }
        var named: ClientRequest { ClientRequest(method: method, path: path, exchange: exchange) }
    }

    final class RefreshFlight {
        var waiters: [PendingRequest] = []
        var done = false
    }

    init(settings: ClientSettings, clock: VirtualClock, log: EventLog, network: Network) {
        self.settings = settings
        self.clock = clock
        self.log = log
        self.network = network
    }

    /// The time as the client's own (possibly skewed) clock reads it.
    public var clientNow: Instant { clock.now + settings.clockSkew }

    // MARK: Login and logout

    public func login(username: String, password: String, completion: ((RequestOutcome) -> Void)? = nil) {
        let request = HTTPRequest(method: "POST", path: "/auth/login", body: ["username": .string(username), "password": .string(password)])
        var id: ExchangeID?
        id = network.send(request, from: .client, to: .server) { [self] response in
            if response.status == 200, store(response) {
                setState(.loggedIn)
            }
            completion?(outcome(id, request.method, request.path, response, retried: false))
        }
    }

    /// Sends `POST /auth/logout` with the long token and forgets both tokens at once.
    public func logout(completion: ((RequestOutcome) -> Void)? = nil) {
        guard let long else {
            setState(.loggedOut)
            return
        }
        let request = HTTPRequest(method: "POST", path: "/auth/logout", body: ["refresh_token": .string(long.raw)])
        longTokenSends += 1
        forgetTokens()
        setState(.loggedOut)
        var id: ExchangeID?
        id = network.send(request, from: .client, to: .server) { [self] response in
            completion?(outcome(id, request.method, request.path, response, retried: false))
        }
    }

    // MARK: Requests

    /// Sends a request through the interceptor chain; `completion` runs once it is settled.
    public func send(method: String, path: String, completion: ((RequestOutcome) -> Void)? = nil) {
        let pending = PendingRequest(method: method, path: path, completion: completion)
        if let short, long != nil, let margin = settings.proactiveRefresh, clientNow >= short.expiresAt - margin {
            if settings.singleFlight, let flight = sharedFlight {
                flight.waiters.append(pending)
                log.append(.interceptor(.queued(request: pending.named)))
            } else {
                startRefresh(for: pending, proactive: true)
            }
            return
        }
        transmit(pending)
    }

    private func transmit(_ pending: PendingRequest) {
        var request = HTTPRequest(method: pending.method, path: pending.path)
        if let short {
            request.headers["Authorization"] = short.authorization
            shortTokenSends += 1
            pending.sentWithJTI = short.jti
        } else {
            pending.sentWithJTI = nil
        }
        pending.sends += 1
        let send = pending.sends
        // Left scheduled when the answer comes: it then finds the send answered (cheaper than cancelling).
        clock.schedule(after: settings.timeout) { [self] in
            guard !pending.finished, pending.answered < send else { return }
            log.append(.interceptor(.timedOut(request: pending.named)))
            finish(pending, nil)
        }
        pending.exchange = network.send(request, from: .client, to: .server) { [self] response in
            handle(response, for: pending)
        }
        if pending.sentWithJTI == nil { log.append(.interceptor(.noToken(request: pending.named))) }
    }

    private func handle(_ response: HTTPResponse, for pending: PendingRequest) {
        guard !pending.finished else { return } // a late answer after a timeout
        pending.answered = pending.sends
        pending.lastResponse = response
        guard response.status == 401 else { return finish(pending, response) }
        switch response.errorCode {
        case "token_expired":
            if pending.retried {
                log.append(.interceptor(.retryExhausted(request: pending.named)))
                return finish(pending, response)
            }
            if settings.singleFlight {
                // A refresh already finished since this request left: just retry with the new token.
                if let current = short, current.jti != pending.sentWithJTI {
                    return retry(pending)
                }
                if let flight = sharedFlight {
                    flight.waiters.append(pending)
                    log.append(.interceptor(.queued(request: pending.named)))
                    return
                }
            }
            guard long != nil else { return finish(pending, response) }
            startRefresh(for: pending, proactive: false)
        case "invalid_token":
            log.append(.interceptor(.noRefreshOnInvalidToken(request: pending.named)))
            finish(pending, response)
        default:
            finish(pending, response)
        }
    }

    private func retry(_ pending: PendingRequest) {
        pending.retried = true
        log.append(.interceptor(.retry(request: pending.named)))
        transmit(pending)
    }

    // MARK: Refresh

    private func startRefresh(for pending: PendingRequest, proactive: Bool) {
        guard let long else { return finish(pending, pending.lastResponse) }
        let flight = RefreshFlight()
        flight.waiters.append(pending)
        if settings.singleFlight { sharedFlight = flight }
        refreshCount += 1
        log.append(.interceptor(.refreshStarted(request: pending.named, proactive: proactive)))
        let request = HTTPRequest(method: "POST", path: "/auth/refresh", body: ["refresh_token": .string(long.raw)])
        longTokenSends += 1
        var exchange: ExchangeID?
        // Left scheduled when the answer comes: it then finds the flight done.
        clock.schedule(after: settings.timeout) { [self] in
            guard !flight.done else { return }
            log.append(.interceptor(.timedOut(request: ClientRequest(method: request.method, path: request.path, exchange: exchange))))
            refreshFinished(flight, nil)
        }
        exchange = network.send(request, from: .client, to: .server) { [self] response in
            refreshFinished(flight, response)
        }
    }

    private func refreshFinished(_ flight: RefreshFlight, _ response: HTTPResponse?) {
        guard !flight.done else { return }
        flight.done = true
        if sharedFlight === flight { sharedFlight = nil }
        let previousLong = long?.jti
        if let response, response.status == 200, store(response) {
            log.append(.interceptor(.refreshSucceeded(longRenewed: long?.jti != previousLong)))
            setState(.loggedIn)
            for waiter in flight.waiters where !waiter.finished {
                if waiter.lastResponse == nil { transmit(waiter) } else { retry(waiter) }
            }
            return
        }
        // 401 from refresh: the long token is dead (expired, revoked, reused). A 500 or a
        // lost response is transient: the tokens are kept and the next 401 tries again.
        let dead = response?.status == 401
        refreshFailures += 1
        lastRefreshFailure = (response?.status, response?.errorCode)
        let waiting = flight.waiters.filter { !$0.finished }
        log.append(.interceptor(.refreshFailed(status: response?.status, error: response?.errorCode, loginRequired: dead,
                                               rejected: waiting.filter { $0.lastResponse != nil }.count)))
        if dead {
            forgetTokens()
            setState(.loginRequired)
        }
        for waiter in waiting {
            // Proactive waiters were never sent: send them now with whatever is held.
            if waiter.lastResponse == nil { transmit(waiter) } else { finish(waiter, waiter.lastResponse) }
        }
    }

    /// Edits claims of the held short token in place, keeping its signature: what anyone
    /// holding a JWT can do, and what the signature check exists to catch.
    /// Returns false if no short token is held.
    public func tamperShortToken(_ change: (inout JSONObject) -> Void) -> Bool {
        guard let token = short, let dot = token.raw.firstIndex(of: "."),
              let lastDot = token.raw.lastIndex(of: "."), dot != lastDot else { return false }
        var claims = token.claims
        change(&claims)
        let raw = String(token.raw[..<dot]) + "." + Base64URL.encode(JSONWriter.compact(.object(claims))) + String(token.raw[lastDot...])
        guard let edited = HeldToken(raw: raw) else { return false }
        short = edited
        return true
    }

    // MARK: Token store

    /// Stores both tokens of a token response. Returns false if the body holds none.
    private func store(_ response: HTTPResponse) -> Bool {
        guard let shortRaw = response.body?["access_token"]?.stringValue, let newShort = HeldToken(raw: shortRaw),
              let longRaw = response.body?["refresh_token"]?.stringValue, let newLong = HeldToken(raw: longRaw) else { return false }
        short = newShort
        watchExpiry(of: newShort, kind: .short)
        if long?.raw != longRaw {
            long = newLong
            watchExpiry(of: newLong, kind: .long)
        }
        return true
    }

    private func watchExpiry(of token: HeldToken, kind: TokenKind) {
        if let old = expiryWatch[kind] { clock.cancel(old) }
        expiryWatch[kind] = clock.schedule(at: token.expiresAt) { [self] in
            let current = kind == .short ? short : long
            guard current?.jti == token.jti else { return }
            log.append(.tokenExpired(kind, jti: token.jti))
        }
    }

    private func forgetTokens() {
        short = nil
        long = nil
        for (_, id) in expiryWatch { clock.cancel(id) }
        expiryWatch.removeAll()
    }

    private func setState(_ new: ClientState) {
        guard new != state else { return }
        state = new
        log.append(.clientState(new.rawValue))
    }

    // MARK: Helpers

    private func finish(_ pending: PendingRequest, _ response: HTTPResponse?) {
        guard !pending.finished else { return }
        pending.finished = true
        pending.completion?(outcome(pending.exchange, pending.method, pending.path, response, retried: pending.retried))
    }

    private func outcome(_ exchange: ExchangeID?, _ method: String, _ path: String, _ response: HTTPResponse?, retried: Bool) -> RequestOutcome {
        RequestOutcome(exchange: exchange, method: method, path: path, status: response?.status, error: response?.errorCode,
                       retried: retried, body: response?.body)
    }
}
