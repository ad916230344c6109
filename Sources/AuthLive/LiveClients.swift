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

/// A real OAuth client as the platform's token endpoint saw it: one per authorization
/// (a code or a device code exchanged), its tokens replaced by each refresh.
public struct LiveOAuthClient: Sendable, Equatable {
    public let number: Int
    /// The `client_id` it authenticated as.
    public let clientID: String
    public internal(set) var access: HeldToken?
    public internal(set) var refreshToken: String?
    public internal(set) var idToken: String?
    /// The address of its latest token request (`demo app` for the built-in app's back end).
    public internal(set) var peer: String
    public internal(set) var refreshes = 0
}

extension LiveGateway {
    /// Follows the platform's token answers to live clients: a new authorization is a new
    /// client; a refresh updates the client whose refresh token it presented.
    func noteOAuthClient(_ request: HTTPRequest, _ answer: HTTPResponse, peer: String) {
        guard answer.status == 200, (URLQuery.split(request.path)?.base ?? request.path) == "/oauth/token" else { return }
        let access = answer.body?["access_token"]?.stringValue.flatMap(HeldToken.init(raw:))
        let refresh = answer.body?["refresh_token"]?.stringValue
        let idToken = answer.body?["id_token"]?.stringValue
        if request.body?["grant_type"]?.stringValue == "refresh_token" {
            guard let presented = request.body?["refresh_token"]?.stringValue,
                  let i = oauthClients.lastIndex(where: { $0.refreshToken == presented }) else { return }
            oauthClients[i].access = access
            if let refresh { oauthClients[i].refreshToken = refresh }
            if let idToken { oauthClients[i].idToken = idToken }
            oauthClients[i].peer = peer
            oauthClients[i].refreshes += 1
            return
        }
        let clientID = request.body?["client_id"]?.stringValue
            ?? request.headers["Authorization"].flatMap(AuthorizationServer.basicCredentials)?.id ?? "?"
        oauthClients.append(LiveOAuthClient(number: (oauthClients.last?.number ?? 0) + 1, clientID: clientID, access: access,
                                            refreshToken: refresh, idToken: idToken, peer: peer))
        if oauthClients.count > Self.clientsLimit { oauthClients.removeFirst(oauthClients.count - Self.clientsLimit) }
    }
}
