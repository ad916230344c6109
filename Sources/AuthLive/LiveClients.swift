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
        let path = request.route
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
        guard answer.status == 200, request.route == "/oauth/token" else { return }
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
        oauthClients.append(LiveOAuthClient(number: (oauthClients.last?.number ?? 0) + 1, clientID: Self.clientID(of: request), access: access,
                                            refreshToken: refresh, idToken: idToken, peer: peer))
        if oauthClients.count > Self.clientsLimit { oauthClients.removeFirst(oauthClients.count - Self.clientsLimit) }
    }
}

/// What WeChat issued to live component backends (they share the platform's one component
/// identity): the newest of each credential, with its expiry on the platform's clock.
public struct LiveComponent: Sendable, Equatable {
    public struct Credential: Sendable, Equatable {
        public let value: String
        public let expiresAt: Instant?
    }
    public internal(set) var componentToken: Credential?
    public internal(set) var preAuthCode: Credential?
    public internal(set) var authorizerAppID: String?
    public internal(set) var authorizerToken: Credential?
    public internal(set) var authorizerRefreshToken: String?
    /// `api_authorizer_token` calls answered with a fresh token.
    public internal(set) var renewals = 0
    /// The address of its latest call.
    public internal(set) var peer: String
}

extension LiveGateway {
    /// Follows WeChat's answers to live component backends (an errcode answer changes nothing).
    func noteComponent(_ request: HTTPRequest, _ answer: HTTPResponse, peer: String) {
        guard answer.status == 200, answer.wechatErrcode == nil, let body = answer.body else { return }
        let now = world.clock.now
        func credential(_ value: JSONValue?, _ seconds: JSONValue?) -> LiveComponent.Credential? {
            value?.stringValue.map { LiveComponent.Credential(value: $0, expiresAt: seconds?.intValue.map { now + .seconds($0) }) }
        }
        var component = liveComponent ?? LiveComponent(peer: peer)
        component.peer = peer
        switch request.route {
        case "/cgi-bin/component/api_component_token":
            component.componentToken = credential(body["component_access_token"], body["expires_in"])
        case "/cgi-bin/component/api_create_preauthcode":
            component.preAuthCode = credential(body["pre_auth_code"], body["expires_in"])
        case "/cgi-bin/component/api_query_auth":
            guard let info = body["authorization_info"]?.objectValue else { return }
            component.authorizerAppID = info["authorizer_appid"]?.stringValue
            component.authorizerToken = credential(info["authorizer_access_token"], info["expires_in"])
            component.authorizerRefreshToken = info["authorizer_refresh_token"]?.stringValue
        case "/cgi-bin/component/api_authorizer_token":
            guard let token = credential(body["authorizer_access_token"], body["expires_in"]) else { return }
            component.authorizerToken = token
            if let refresh = body["authorizer_refresh_token"]?.stringValue { component.authorizerRefreshToken = refresh }
            component.renewals += 1
        default:
            return
        }
        liveComponent = component
    }
}

/// A real device (a TV app, a CLI) as the platform's device authorization endpoint saw it:
/// one per code it was given; where its grant stands is the platform's (`DeviceGrant`).
public struct LiveDevice: Sendable, Equatable {
    public let number: Int
    public let deviceCode: String
    /// The `client_id` it asked as.
    public let clientID: String
    /// The address of its latest request (a poll or the code's).
    public internal(set) var peer: String
}

extension LiveGateway {
    /// Follows the device grant's answers to live peers: a code issued is a new device; a
    /// poll with its device_code updates where it last called from.
    func noteDevice(_ request: HTTPRequest, _ answer: HTTPResponse, peer: String) {
        switch request.route {
        case "/oauth/device_authorization":
            guard answer.status == 200, let code = answer.body?["device_code"]?.stringValue else { return }
            devices.append(LiveDevice(number: (devices.last?.number ?? 0) + 1, deviceCode: code, clientID: Self.clientID(of: request), peer: peer))
            if devices.count > Self.clientsLimit { devices.removeFirst(devices.count - Self.clientsLimit) }
        case "/oauth/token":
            guard Self.isDevicePoll(request), let code = request.body?["device_code"]?.stringValue,
                  let i = devices.lastIndex(where: { $0.deviceCode == code }) else { return }
            devices[i].peer = peer
        default:
            break
        }
    }
}

extension LiveGateway {
    /// The `client_id` a request to the platform names: in its form, or in its
    /// `Authorization: Basic` header (`client_secret_basic`); `?` when neither does.
    static func clientID(of request: HTTPRequest) -> String {
        request.body?["client_id"]?.stringValue ?? request.headers["Authorization"].flatMap(AuthorizationServer.basicCredentials)?.id ?? "?"
    }

    /// A device's poll of the token endpoint (RFC 8628 §3.4): the device grant's, though its
    /// path is the platform's.
    static func isDevicePoll(_ request: HTTPRequest) -> Bool {
        request.route == "/oauth/token" && request.body?["grant_type"]?.stringValue == AuthorizationServer.deviceGrantType
    }
}
