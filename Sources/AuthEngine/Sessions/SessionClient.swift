/// The client of the session design: it holds an opaque session id in a cookie, and
/// there is nothing to refresh: a 401 means log in again.
public final class SessionClient {
    public private(set) var sessionID: String?
    public private(set) var state: ClientState = .loggedOut
    private let network: Network
    private let log: EventLog

    public static let party = Party("session-client")
    public static let balancer = Party("session-lb")

    init(network: Network, log: EventLog) {
        self.network = network
        self.log = log
    }

    public func login(username: String, password: String, completion: @escaping (RequestOutcome) -> Void) {
        let request = HTTPRequest(method: "POST", path: "/auth/login", body: ["username": .string(username), "password": .string(password)])
        send(request) { [self] response, outcome in
            // The cookie jar keeps what Set-Cookie stores; the body does not carry the id.
            if response.status == 200, let sid = SessionCluster.sessionID(setBy: response) {
                sessionID = sid
                setState(.loggedIn)
            }
            completion(outcome)
        }
    }

    public func logout(completion: @escaping (RequestOutcome) -> Void) {
        guard sessionID != nil else { return completion(RequestOutcome(exchange: nil, method: "POST", path: "/auth/logout", status: nil, error: nil, retried: false, body: nil)) }
        send(HTTPRequest(method: "POST", path: "/auth/logout")) { [self] _, outcome in
            sessionID = nil
            setState(.loggedOut)
            completion(outcome)
        }
    }

    public func send(method: String, path: String, completion: @escaping (RequestOutcome) -> Void) {
        send(HTTPRequest(method: method, path: path)) { [self] response, outcome in
            if response.status == 401, sessionID != nil {
                sessionID = nil
                setState(.loginRequired)
            }
            completion(outcome)
        }
    }

    private func send(_ base: HTTPRequest, completion: @escaping (HTTPResponse, RequestOutcome) -> Void) {
        var request = base
        if let sid = sessionID { request.headers["Cookie"] = SessionCluster.cookieName + "=" + sid }
        var id: ExchangeID?
        id = network.send(request, from: Self.party, to: Self.balancer) { response in
            completion(response, RequestOutcome(exchange: id, method: request.method, path: request.path, status: response.status,
                                                error: response.errorCode, retried: false, body: response.body))
        }
    }

    private func setState(_ new: ClientState) {
        guard new != state else { return }
        state = new
        log.append(.note(.sessionClientState(new)))
    }
}

/// What each design costs per request, measured where the requests arrive.
public struct DesignMeter: Sendable {
    public var requests = 0
    /// Bytes of the credential sent (`Authorization` or `Cookie` header value).
    public var credentialBytes = 0
    public var storeLookups = 0

    public var bytesPerRequest: Double { requests == 0 ? 0 : Double(credentialBytes) / Double(requests) }
    public var lookupsPerRequest: Double { requests == 0 ? 0 : Double(storeLookups) / Double(requests) }

    /// `279`, `1.5`: whole numbers bare, others to one decimal.
    public static func format(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String((value * 10).rounded() / 10)
    }
}
