/// The third party: a front end that sends the browser to the platform and receives the
/// redirect back, and a back end that holds `app_secret`, exchanges the code and calls
/// the API. Tokens stay in the back end: the browser never sees one.
public final class ThirdPartyApp {
    public private(set) var registration: ClientRegistration?
    /// The authorization in progress: the `state` and PKCE verifier kept in the user's session.
    public private(set) var expectedState: String?
    public private(set) var verifier: String?
    public private(set) var usePKCE = true
    /// What the callback received.
    public private(set) var lastCode: String?
    public private(set) var accessToken: HeldToken?
    public private(set) var refreshToken: String?
    /// OpenID Connect: the nonce this session sent (scope `openid`), the ID token it got
    /// back, and the access token issued with it (`at_hash` binds the two).
    public private(set) var nonce: String?
    public private(set) var idToken: String?
    public private(set) var accessTokenWithIDToken: String?
    /// The last ID-token validation: each rule, and what was checked.
    public internal(set) var idTokenChecks: [IDTokenCheck] = []
    public internal(set) var idTokenCheckSubject: IDTokenCheckSubject?
    /// The back end's copy of the platform's JWKS, for ID-token signatures.
    public let jwks: JWKSCache
    var random: SeededGenerator
    private let clock: VirtualClock
    private let log: EventLog

    init(clock: VirtualClock, log: EventLog, seed: UInt64, network: Network, jwksPolicy: @escaping () -> JWKSCachePolicy) {
        self.clock = clock
        self.log = log
        self.random = SeededGenerator(seed: seed ^ 0x7412D)
        jwks = JWKSCache(owner: .appBackend, policy: jwksPolicy, network: network, clock: clock, log: log)
    }

    func registered(_ registration: ClientRegistration, pkce: Bool) {
        self.registration = registration
        self.usePKCE = pkce
    }

    public var redirectURI: String? { registration?.redirectURIs.first }

    /// Where the front end receives the redirect back: the paths of its registered redirect
    /// URIs (`/callback` before it registers), so `redirect=https://a.example/cb` is served.
    var callbackPaths: [String] {
        guard let uris = registration?.redirectURIs, !uris.isEmpty else { return ["/callback"] }
        return uris.compactMap { uri in
            OAuthFlow.origin(of: uri).map { origin in
                let path = URLQuery.path(of: String(uri.dropFirst(origin.count)))
                return path.isEmpty ? "/" : path
            }
        }
    }

    /// Starts an authorization: a fresh `state` (and PKCE verifier) in the session, and the
    /// URL of the platform's consent page. Overrides model a tampered or forged request.
    func authorizationURL(platformBase: String, redirect: String?, scope: [String]?, state: String?) -> String? {
        guard let registration else { return nil }
        let sessionState = random.hex(16)
        expectedState = sessionState
        var params: [(String, String)] = [
            ("response_type", "code"), ("client_id", registration.appID),
            ("redirect_uri", redirect ?? registration.redirectURIs[0]),
            ("scope", (scope ?? registration.scopes).joined(separator: " ")), ("state", state ?? sessionState),
        ]
        let scopes = scope ?? registration.scopes
        nonce = scopes.contains("openid") ? random.hex(16) : nil
        if let nonce { params.append(("nonce", nonce)) }
        if usePKCE {
            let v = PKCE.makeVerifier(using: &random)
            verifier = v
            params += [("code_challenge", PKCE.challenge(for: v)), ("code_challenge_method", "S256")]
        } else {
            verifier = nil
        }
        return platformBase + "/oauth/authorize?" + URLQuery.encode(params)
    }

    /// The front end's routes: `GET /connect` (start) and its redirect URI's path, `GET
    /// /callback` unless it registered another (the redirect back).
    func handle(_ request: HTTPRequest, startURL: () -> String?) -> HTTPResponse {
        let (path, query) = URLQuery.split(request.path) ?? (request.path, [])
        switch path {
        case "/connect":
            guard let url = startURL() else { return .error(503, "not_registered", "the app is not registered on the platform") }
            var response = HTTPResponse(status: 302)
            response.headers["Location"] = url
            return response
        case let callback where callbackPaths.contains(callback):
            // CSRF protection: the state must be the one this session started with.
            guard let state = query.value("state"), state == expectedState else {
                return .error(403, "state_mismatch", "state \(query.value("state") ?? "(missing)") is not the one this session sent: possible CSRF, the response is ignored")
            }
            expectedState = nil
            if let error = query.value("error") {
                return .error(400, error, query.value("error_description") ?? "the platform refused the authorization")
            }
            guard let code = query.value("code") else { return .error(400, "invalid_request", "no code in the callback") }
            lastCode = code
            // The code goes to the back end; the browser gets a page, never a token.
            return .ok(["page": "connected", "message": "Connected. The back end exchanges the code."])
        default:
            return .error(404, "not_found", "no route \(path)")
        }
    }

    /// Remembers the tokens of a successful token response. Returns false if there are none.
    @discardableResult
    func store(_ response: HTTPResponse) -> Bool {
        guard response.status == 200, let access = response.body?["access_token"]?.stringValue, let held = HeldToken(raw: access) else { return false }
        accessToken = held
        if let refresh = response.body?["refresh_token"]?.stringValue { refreshToken = refresh }
        if let id = response.body?["id_token"]?.stringValue {
            idToken = id
            accessTokenWithIDToken = access
        }
        return true
    }
}
