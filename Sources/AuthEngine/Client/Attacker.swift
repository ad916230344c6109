/// Someone who has stolen the client's long token and replays it at the refresh endpoint.
public final class Attacker {
    public private(set) var stolenLong: String?
    /// A copied short token, replayed as a Bearer token (`steal short`, `attacker request`).
    public private(set) var stolenShort: HeldToken?
    public private(set) var obtainedShort: String?
    public private(set) var lastStatus: Int?
    private let network: Network
    private let log: EventLog

    init(network: Network, log: EventLog) {
        self.network = network
        self.log = log
    }

    /// Copies the client's current long token. Returns false if the client holds none.
    public func steal(from client: AuthClient) -> Bool {
        guard let long = client.long else { return false }
        stolenLong = long.raw
        log.append(.note(.attackerStoleLong(token: long.abbreviated, jti: long.jti)))
        return true
    }

    /// Copies the client's current short token. Returns false if the client holds none.
    public func stealShort(from client: AuthClient) -> Bool {
        guard let short = client.short else { return false }
        stolenShort = short
        log.append(.note(.attackerStoleShort(token: short.abbreviated, jti: short.jti, expires: short.expiresAt)))
        return true
    }

    /// Calls the API with the stolen short token. Returns false if none was stolen.
    public func request(method: String, path: String, completion: @escaping (HTTPResponse) -> Void) -> Bool {
        guard let short = stolenShort else { return false }
        send(method, path, bearer: short.raw, completion: completion)
        return true
    }

    /// Forges a token and calls `GET /api/admin` with it (the forged claims carry the admin
    /// role). Returns false when the forgery needs what is not there: a public-key issuer
    /// for the confusion, a stolen long token to present as an access token.
    public func forge(_ forgery: TokenForgery, now: Instant, issuer: String, issuerKey: SigningKey,
                      completion: @escaping (HTTPResponse) -> Void) -> Bool {
        guard let token = forgery.token(now: now, issuer: issuer, issuerKey: issuerKey, longToken: stolenLong) else { return false }
        log.append(.note(.attackerForges(forgery)))
        send("GET", "/api/admin", bearer: token, completion: completion)
        return true
    }

    private func send(_ method: String, _ path: String, bearer token: String, completion: @escaping (HTTPResponse) -> Void) {
        network.send(HTTPRequest(method: method, path: path, headers: HTTPHeaders([("Authorization", "Bearer " + token)])),
                     from: .attacker, to: .server, completion: completion)
    }

    /// Replays the stolen long token at `POST /auth/refresh`. Returns false if nothing was stolen.
    public func refresh(completion: ((HTTPResponse) -> Void)? = nil) -> Bool {
        guard let stolen = stolenLong else { return false }
        let request = HTTPRequest(method: "POST", path: "/auth/refresh", body: ["refresh_token": .string(stolen)])
        network.send(request, from: .attacker, to: .server) { [self] response in
            lastStatus = response.status
            if response.status == 200 {
                obtainedShort = response.body?["access_token"]?.stringValue
                if let newLong = response.body?["refresh_token"]?.stringValue { stolenLong = newLong }
            }
            completion?(response)
        }
        return true
    }
}
