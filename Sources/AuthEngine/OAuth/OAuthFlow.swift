/// The authorization-code flow's world: the platform (authorization and resource
/// servers), the third party (front end and back end) and the user's browser, all
/// exchanging messages over the simulation's network on its clock.
public final class OAuthFlow {
    public let authorizationServer: AuthorizationServer
    public let resourceServer: ResourceServer
    public let app: ThirdPartyApp
    private let network: Network
    private let clock: VirtualClock
    private let log: EventLog
    private var attackerRandom: SeededGenerator
    /// The most recent OAuth error anywhere: a body's `error`, or `error=` in a redirect.
    public private(set) var lastError: String?
    /// The consent page the browser shows, waiting for approve or deny.
    public private(set) var consentTicket: String?
    private var pendingOverrides: (redirect: String?, scope: [String]?, state: String?) = (nil, nil, nil)
    /// The device grant in progress: what the device was given.
    public internal(set) var device: (code: String?, userCode: String?) = (nil, nil)

    public static let platformBase = "https://platform.example"
    public static let apiBase = "https://api.platform.example"

    /// Which code, secret or verifier the back end sends: its own, a given one, or none.
    public enum Credential: Hashable, Sendable {
        case last
        case value(String)
        case none
    }

    init(policy: OAuthPolicy, clock: VirtualClock, log: EventLog, network: Network, seed: UInt64) {
        self.clock = clock
        self.log = log
        self.network = network
        authorizationServer = AuthorizationServer(policy: policy, clock: clock, log: log, seed: seed)
        resourceServer = ResourceServer(authorizationServer: authorizationServer, clock: clock, network: network, log: log)
        app = ThirdPartyApp(clock: clock, log: log, seed: seed, network: network,
                            jwksPolicy: { [unowned authorizationServer] in authorizationServer.policy.jwks })
        attackerRandom = SeededGenerator(seed: seed ^ 0x5B4A7)
        network.register(.platform) { [authorizationServer] request, sender in authorizationServer.handle(request, from: sender) }
        network.register(.platformAPI, deferred: { [resourceServer] request, sender, respond in
            resourceServer.handle(request, from: sender, respond: respond)
        })
        network.register(.app) { [unowned self] request, _ in
            self.app.handle(request) { [unowned self] in
                let o = self.pendingOverrides
                return self.app.authorizationURL(platformBase: Self.platformBase, redirect: o.redirect, scope: o.scope, state: o.state)
            }
        }
    }

    // MARK: Before: registration

    @discardableResult
    public func register(name: String, redirectURIs: [String], scopes: [String], pkce: Bool) -> ClientRegistration {
        let registration = authorizationServer.register(name: name, redirectURIs: redirectURIs, scopes: scopes, requiresPKCE: pkce)
        app.registered(registration, pkce: pkce)
        return registration
    }

    // MARK: Interaction 1: the user is sent to the consent page

    /// The browser opens the app's "connect" link and follows it to the platform.
    /// `redirect`, `scope` and `state` replace what the app would send (attacks, mistakes).
    public func authorize(redirect: String? = nil, scope: [String]? = nil, state: String? = nil,
                          completion: @escaping (HTTPResponse) -> Void) {
        pendingOverrides = (redirect, scope, state)
        consentTicket = nil
        browse(appBase + "/connect") { [unowned self] response in
            consentTicket = response.body?["consent_ticket"]?.stringValue
            completion(response)
        }
    }

    // MARK: Interaction 2: consent, and the redirect back with the code

    /// The user approves or denies on the consent page; the browser follows the redirect
    /// to the app's callback. Returns false if no consent page is open.
    public func consent(approve: Bool, completion: @escaping (HTTPResponse) -> Void) -> Bool {
        guard let ticket = consentTicket else { return false }
        consentTicket = nil
        let form: JSONObject = ["consent_ticket": .string(ticket), "decision": .string(approve ? "approve" : "deny")]
        browse(Self.platformBase + "/oauth/consent", method: "POST", body: form, completion: completion)
        return true
    }

    // MARK: Interaction 3: the back end exchanges the code

    public func exchange(code: Credential = .last, secret: Credential = .last, redirect: String? = nil,
                         verifier: Credential = .last, completion: @escaping (HTTPResponse) -> Void) {
        var form: JSONObject = ["grant_type": "authorization_code"]
        func put(_ name: String, _ choice: Credential, _ own: String?) {
            switch choice {
            case .last: if let own { form[name] = .string(own) }
            case .value(let v): form[name] = .string(v)
            case .none: break
            }
        }
        put("code", code, app.lastCode)
        form["redirect_uri"] = .string(redirect ?? app.redirectURI ?? "")
        form["client_id"] = .string(app.registration?.appID ?? "")
        put("client_secret", secret, app.registration?.secret)
        put("code_verifier", verifier, app.verifier)
        tokenRequest(form, completion: completion)
    }

    /// The back end refreshes the access token with its refresh token.
    public func refresh(completion: @escaping (HTTPResponse) -> Void) {
        var form: JSONObject = ["grant_type": "refresh_token"]
        form["refresh_token"] = .string(app.refreshToken ?? "")
        form["client_id"] = .string(app.registration?.appID ?? "")
        form["client_secret"] = .string(app.registration?.secret ?? "")
        tokenRequest(form, completion: completion)
    }

    /// The back end calls the platform's API with its access token.
    public func call(method: String, path: String, completion: @escaping (HTTPResponse) -> Void) {
        var request = HTTPRequest(method: method, path: path)
        if let token = app.accessToken { request.headers["Authorization"] = token.authorization }
        network.send(request, from: .appBackend, to: .platformAPI) { [unowned self] response in
            note(response)
            completion(response)
        }
    }

    private func tokenRequest(_ form: JSONObject, completion: @escaping (HTTPResponse) -> Void) {
        var request = HTTPRequest(method: "POST", path: "/oauth/token", body: form)
        request.headers["Content-Type"] = "application/x-www-form-urlencoded"
        network.send(request, from: .appBackend, to: .platform) { [unowned self] response in
            note(response)
            app.store(response)
            // OpenID Connect: a new ID token is validated before the app trusts the sign-in.
            guard let idToken = response.body?["id_token"]?.stringValue else { return completion(response) }
            validate(idToken, subject: .own, nonce: app.nonce, accessToken: response.body?["access_token"]?.stringValue) { _ in
                completion(response)
            }
        }
    }

    // MARK: OpenID Connect: the app validates ID tokens

    /// The app's checks (Core §3.1.3.7), with the key its JWKS copy gives for the kid;
    /// remembered for display, summed up in the log.
    func validate(_ idToken: String, subject: IDTokenCheckSubject, nonce: String?, accessToken: String?, completion: @escaping ([IDTokenCheck]) -> Void) {
        let kid = (try? CompactJWS(parsing: idToken))?.keyID
        app.jwks.key(for: kid) { [unowned self] key in
            let checks = IDTokenValidation.checks(idToken, key: key, expected: .init(
                issuer: authorizationServer.policy.issuer, clientID: app.registration?.appID ?? "", nonce: nonce,
                accessToken: accessToken, now: clock.now))
            app.idTokenChecks = checks
            app.idTokenCheckSubject = subject
            if let failed = IDTokenValidation.firstFailure(checks) {
                log.append(.note(.appRefusedIDToken(subject: subject, failed: failed)))
            } else {
                log.append(.note(.appAcceptedIDToken(subject: subject, rules: checks.map(\.rule))))
            }
            completion(checks)
        }
    }

    /// The app validates an ID token now: its own, or what an attack hands it. Returns why
    /// it cannot, if it holds no ID token.
    public func checkIDToken(_ attack: IDTokenAttack?, completion: @escaping ([IDTokenCheck]) -> Void) -> StepProblem? {
        guard let idToken = app.idToken, let registration = app.registration else { return .noIDToken }
        let issuedWith = app.accessTokenWithIDToken
        switch attack {
        case nil:
            validate(idToken, subject: .own, nonce: app.nonce, accessToken: issuedWith, completion: completion)
        case .replayed?:
            // A new sign-in began (a fresh nonce in the session); the attacker answers it
            // with the ID token captured from the earlier one.
            let fresh = app.random.hex(16)
            log.append(.note(.attackerReplaysIDToken(newNonce: String(fresh.prefix(8)))))
            validate(idToken, subject: .replayed, nonce: fresh, accessToken: issuedWith, completion: completion)
        case .otherApp?:
            let other = authorizationServer.idTokenForAnotherApp(like: idToken, nonce: app.nonce, accessToken: issuedWith ?? "", random: &attackerRandom)
            log.append(.note(.attackerOtherAppIDToken))
            validate(other, subject: .otherApp, nonce: app.nonce, accessToken: issuedWith, completion: completion)
        case .swapped?:
            let attackers = authorizationServer.accessTokenForAttacker(at: registration)
            log.append(.note(.attackerSwapsAccessToken))
            validate(idToken, subject: .swapped, nonce: app.nonce, accessToken: attackers, completion: completion)
        }
        return nil
    }

    // MARK: The kid-spraying attacker

    /// `count` tokens with invented kids, one every `every`, each a `GET /api/profile`:
    /// `completion` runs when the last answer arrives, with every status.
    public func sprayKids(count: Int, every: Span, completion: @escaping ([Int]) -> Void) {
        var statuses: [Int] = []
        let alg = authorizationServer.policy.algorithm.rawValue
        for i in 0..<count {
            let kid = attackerRandom.hex(12)
            let input = JWTSigner.signingInput(header: ["alg": .string(alg), "kid": .string(kid)],
                                               payload: ["sub": "attacker", "typ": "access", "scope": "profile"])
            let token = input + "." + Base64URL.encode((0..<32).map { _ in UInt8.random(in: 0...255, using: &attackerRandom) })
            clock.schedule(after: every * Int64(i)) { [unowned self] in
                var request = HTTPRequest(method: "GET", path: "/api/profile")
                request.headers["Authorization"] = "Bearer " + token
                network.send(request, from: .attacker, to: .platformAPI) { response in
                    statuses.append(response.status)
                    if statuses.count == count { completion(statuses) }
                }
            }
        }
    }

    // MARK: The browser

    private var appBase: String {
        guard let uri = app.redirectURI, let origin = Self.origin(of: uri) else { return "https://app.example" }
        return origin
    }

    /// `https://host` of a URL.
    static func origin(of url: String) -> String? {
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else { return nil }
        let afterScheme = url.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
        guard afterScheme.count >= 3 else { return nil }
        return afterScheme[0] + "//" + afterScheme[2]
    }

    /// Which party answers at a URL, and the path (with query) it is asked for.
    func route(_ url: String) -> (Party, String)? {
        guard let origin = Self.origin(of: url) else { return nil }
        let path = String(url.dropFirst(origin.count))
        let party: Party
        switch origin {
        case Self.platformBase: party = .platform
        case Self.apiBase: party = .platformAPI
        case appBase: party = .app
        default: party = Party(String(origin.dropFirst(origin.hasPrefix("https://") ? 8 : 7)))
        }
        return (party, path.isEmpty ? "/" : path)
    }

    /// Sends a request from the browser and follows redirects (up to 5).
    private func browse(_ url: String, method: String = "GET", body: JSONObject? = nil, hops: Int = 0,
                        completion: @escaping (HTTPResponse) -> Void) {
        guard let (party, path) = route(url) else {
            completion(.error(400, "invalid_request", "the browser cannot open \(url)"))
            return
        }
        network.send(HTTPRequest(method: method, path: path, body: body), from: .browser, to: party) { [unowned self] response in
            note(response)
            if response.status == 302, let location = response.headers["Location"], hops < 5 {
                let next = location.hasPrefix("/") ? (Self.origin(of: url) ?? "") + location : location
                browse(next, hops: hops + 1, completion: completion)
            } else {
                completion(response)
            }
        }
    }

    /// A request to the platform from `party`, its error remembered.
    func send(_ request: HTTPRequest, from party: Party, completion: @escaping (HTTPResponse) -> Void) {
        var request = request
        if request.method == "POST" { request.headers["Content-Type"] = "application/x-www-form-urlencoded" }
        network.send(request, from: party, to: .platform) { [unowned self] response in
            note(response)
            completion(response)
        }
    }

    private func note(_ response: HTTPResponse) {
        if let code = response.errorCode { lastError = code }
        if response.status == 302, let location = response.headers["Location"],
           let error = URLQuery.split(location)?.query.value("error") {
            lastError = error
        }
    }
}
