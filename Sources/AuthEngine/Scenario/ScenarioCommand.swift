/// One line of a scenario script, parsed.
public enum ScenarioCommand: Hashable, Sendable {
    case config(ConfigSetting)
    case addUser(username: String, password: String, name: String?, roles: [String]?)
    case login(username: String, password: String)
    case logout
    case request(method: String, path: String)
    case burst(count: Int, method: String, path: String)
    case traffic(every: Span, method: String, path: String)
    case trafficOff
    /// Jumps the clock (logged as a jump).
    case advance(Span)
    /// Lets time pass as on a running clock: events fire, no jump line (recordings use it
    /// for the time the playground's clock ran between two keys).
    case wait(Span)
    case expire(TokenKind)
    case revokeLong
    case profile(username: String, name: String?, roles: [String]?)
    case tamperShort(name: String?, roles: [String]?)
    case failNextRefresh(Simulation.RefreshFault)
    case stealLong
    case stealShort
    case attackerRefresh
    /// The attacker calls the API with the stolen short token.
    case attackerRequest(method: String, path: String)
    /// The attacker forges a token one classic way and calls `GET /api/admin` with it.
    case attackerForge(TokenForgery)
    /// The attacker sends `count` tokens with invented kids to the platform's API, one
    /// every `every`: each unknown kid could make the API fetch the JWKS (the cooldown).
    case attackerSprayKids(count: Int, every: Span)
    case oauth(OAuthCommand)
    /// The device authorization grant (RFC 8628): the device and the user's phone.
    case device(DeviceCommand)
    case wechat(WeChatCommand)
    case mode(ComparisonMode)
    case sessions(SessionsSetting)
    /// A fresh world with the settings so far (the playground's reset).
    case reset
    case expect(Expectation)

    public var isExpectation: Bool {
        if case .expect = self { return true }
        return false
    }

    /// True for the lines that act on the world (everything but `config` and `expect`).
    public var isAction: Bool {
        switch self {
        case .config, .expect: return false
        default: return true
        }
    }
}

/// `device start [scope=a,b]`, `device poll`, `device approve [as=USER] [code=XXXX-XXXX]`, `device deny`.
public enum DeviceCommand: Hashable, Sendable {
    case start(scope: [String]?)
    case poll
    case decide(approve: Bool, username: String?, code: String?)
}

/// The `wechat …` verbs: the component flow, step by step.
public enum WeChatCommand: Hashable, Sendable {
    /// Creates the WeChat world (its first ticket push arrives); nothing if it exists.
    case start
    /// Stops the WeChat world's timers and drops it: the next step starts a fresh one.
    case reset
    case pushes(Bool)
    case pushTicket
    /// `ticket=` and `secret=` replace what the component would send (stale ticket, wrong secret).
    case componentToken(ticket: String?, secret: String?)
    case preAuthCode
    case authURL(authType: Int?, bizAppID: String?, categoryIDs: [Int])
    case authorize(merchant: String)
    case unauthorize(merchant: String)
    case queryAuth(code: String?)
    case authorizerToken(merchant: String?)
    case call(path: String)
    /// The component keeps using its cached authorizer token past expiry (to show 42001).
    case staleToken(merchant: String?)
}

/// `sessions …`: the session design's infrastructure (and the JWT denylist).
public enum SessionsSetting: Hashable, Sendable {
    case store(up: Bool)
    case denylist(Bool)
    case servers(Int)
    case sticky(Bool)
    case local(Bool)
}

/// The two designs compared in `expect bytes_per_request` and friends.
public enum Design: String, Hashable, Sendable, CaseIterable { case jwt, session }

/// `<`, `<=`, `=`, `>=`, `>`.
public enum Comparison: String, Hashable, Sendable, CaseIterable {
    case less = "<", lessOrEqual = "<=", equal = "=", greaterOrEqual = ">=", greater = ">"
    public func holds(_ a: Double, _ b: Double) -> Bool {
        switch self {
        case .less: return a < b
        case .lessOrEqual: return a <= b
        case .equal: return abs(a - b) < 1e-9
        case .greaterOrEqual: return a >= b
        case .greater: return a > b
        }
    }
}

/// The `oauth …` verbs: the authorization-code flow, one interaction at a time.
public enum OAuthCommand: Hashable, Sendable {
    case register(name: String, redirectURIs: [String], scopes: [String], pkce: Bool)
    case authorize(redirect: String?, scope: [String]?, state: String?)
    case consent(approve: Bool)
    case exchange(code: OAuthFlow.Credential, secret: OAuthFlow.Credential, redirect: String?, verifier: OAuthFlow.Credential)
    case call(method: String, path: String)
    case refresh
    /// The app's access token runs out: a jump to 1 s past its `exp`, or in a live world
    /// the platform's judgement on every access token it issued so far.
    case expire
    /// A fresh platform and app (the walkthrough starts again).
    case reset
    /// Key rotation: publish the next key, sign with it, retire the oldest.
    case key(KeyRotationStep)
    /// The app validates an ID token now: the one it holds, or one an attack hands it.
    case checkIDToken(IDTokenAttack?)
}

/// `oauth key publish|sign|retire`.
public enum KeyRotationStep: String, Hashable, Sendable, CaseIterable {
    case publish, sign, retire
}

/// `oauth id_token replayed|other_app|swapped`: what an attacker hands the app.
public enum IDTokenAttack: String, Hashable, Sendable, CaseIterable {
    /// An ID token from an earlier sign-in, presented in a new one (its nonce is old).
    case replayed
    /// A genuine ID token the platform issued to another app for the same user.
    case otherApp = "other_app"
    /// The app's ID token with another access token swapped in beside it.
    case swapped
}

public enum ConfigSetting: Hashable, Sendable {
    case shortTTL(Span)
    case longTTL(Span)
    /// Caps a login's whole life under `sliding` and `rotate` (nil: off).
    case absoluteLifetime(Span?)
    case refreshPolicy(RefreshPolicy)
    case renewWindow(percent: Int)
    case reuseGrace(Span)
    case singleFlight(Bool)
    case proactiveRefresh(Span?)
    case latency(Span)
    case timeout(Span)
    case leeway(Span)
    case clientSkew(Span)
    case logCapacity(Int)
    case seed(UInt64)
    case start(Instant)
    case oauthCodeTTL(Span)
    case oauthAccessTTL(Span)
    case oauthRefreshTTL(Span)
    case oauthRefreshPolicy(RefreshPolicy)
    case wechatMargin(Span)
    case wechatAutoRefresh(Bool)
    /// How the token flow's server signs (hs256, rs256, es256, eddsa).
    case algorithm(JWTAlgorithm)
    /// How the OAuth platform signs (rs256, es256, eddsa: it publishes its keys).
    case oauthAlgorithm(JWTAlgorithm)
    /// How the platform's API judges access tokens.
    case apiValidation(APIValidation)
    /// How long verifiers keep the platform's JWKS.
    case jwksCacheAge(Span)
    /// How soon an unknown kid may make a verifier fetch the JWKS again.
    case jwksCooldown(Span)

    /// Settings that shape the world from its first moment and cannot change afterwards.
    var mustPrecedeActions: Bool {
        switch self {
        case .seed, .start: return true
        default: return false
        }
    }
}

public enum Expectation: Hashable, Sendable {
    /// nil: the request timed out (`expect status timeout`).
    case status(Int?)
    case refreshes(Int)
    case loginRequired
    case clientState(ClientState)
    case claim(name: String, value: String)
    case error(String)
    case log(String)
    case oauthError(String)
    case errcode(Int)
    case sessionCount(Int)
    case bytesPerRequest(Design, Comparison, Double)
    case storeLookups(Design, Comparison, Double)
    /// The name the design's last successful `GET /api/profile` answered with.
    case name(Design, String)
    /// The app's last ID-token check: nil, every rule passed; else the first rule that failed.
    case idToken(failedRule: String?)
    /// How many times the platform's API fetched the JWKS so far.
    case jwksFetches(Comparison, Int)
}

