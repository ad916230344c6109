import AuthEngine

/// A real client of the token flow as the playground can follow it: one login, and the
/// tokens it was given since (a refresh is matched to the login by the long token it
/// presented). Peers change port with every connection; a login does not.
public struct LiveClient: Sendable, Equatable {
    public let number: Int
    public let user: String
    public internal(set) var short: HeldToken?
    public internal(set) var long: HeldToken?
    /// The address of its latest request.
    public internal(set) var peer: String
    public internal(set) var refreshes = 0
}

extension LiveGateway {
    static let clientsLimit = 50

    /// Follows logins and refreshes answered to live peers.
    func noteClient(_ request: HTTPRequest, _ answer: HTTPResponse, peer: String) {
        guard answer.status == 200 else { return }
        let path = URLQuery.split(request.path)?.base ?? request.path
        let short = answer.body?["access_token"]?.stringValue.flatMap(HeldToken.init(raw:))
        let long = answer.body?["refresh_token"]?.stringValue.flatMap(HeldToken.init(raw:))
        switch path {
        case "/auth/login":
            let name = short?.claims["name"]?.stringValue ?? request.body?["username"]?.stringValue ?? "?"
            clients.append(LiveClient(number: (clients.last?.number ?? 0) + 1, user: name, short: short, long: long, peer: peer))
            if clients.count > Self.clientsLimit { clients.removeFirst(clients.count - Self.clientsLimit) }
        case "/auth/refresh":
            guard let presented = request.body?["refresh_token"]?.stringValue.flatMap(HeldToken.init(raw:)),
                  let i = clients.lastIndex(where: { $0.long?.jti == presented.jti }) else { return }
            clients[i].short = short
            if let long { clients[i].long = long }
            clients[i].peer = peer
            clients[i].refreshes += 1
        default:
            break
        }
    }
}
