/// The scenario language's keywords, one enum per position. The parser and the printer
/// switch over them exhaustively: a keyword added here and forgotten there does not compile.
public enum ScenarioVerb: String, CaseIterable, Sendable {
    case config, user, login, logout, request, burst, traffic, advance, wait, expire, revoke, profile, tamper,
         fail, steal, attacker, oauth, device, wechat, mode, sessions, reset, expect
}

/// `config KEY VALUE`.
public enum ConfigKey: String, CaseIterable, Sendable {
    case shortTTL = "short_ttl", longTTL = "long_ttl", absoluteLifetime = "absolute_lifetime"
    case refreshPolicy = "refresh_policy", renewWindow = "renew_window"
    case reuseGrace = "reuse_grace", singleFlight = "single_flight", proactiveRefresh = "proactive_refresh"
    case latency, timeout, leeway, clientSkew = "client_skew", logCapacity = "log_capacity", seed, start, alg
    case oauthCodeTTL = "oauth_code_ttl", oauthAccessTTL = "oauth_access_ttl", oauthRefreshTTL = "oauth_refresh_ttl"
    case oauthRefreshPolicy = "oauth_refresh_policy", wechatMargin = "wechat_margin", wechatAutoRefresh = "wechat_auto_refresh"
    case oauthAlg = "oauth_alg", apiValidation = "api_validation", jwksCacheAge = "jwks_cache_age", jwksCooldown = "jwks_cooldown"
}

/// `expect KIND …`.
public enum ExpectKind: String, CaseIterable, Sendable {
    case status, refreshes, loginRequired = "login_required", state, claim, error, log, oauthError = "oauth_error"
    case sessionCount = "session_count", bytesPerRequest = "bytes_per_request", storeLookups = "store_lookups", name, errcode
    case idToken = "id_token", jwksFetches = "jwks_fetches"
}

/// `oauth STEP …`.
public enum OAuthVerb: String, CaseIterable, Sendable {
    case register, authorize, consent, exchange, call, refresh, expire, reset, key, idToken = "id_token"
}

/// `device STEP …` (RFC 8628).
public enum DeviceVerb: String, CaseIterable, Sendable {
    case start, poll, approve, deny
}

/// `wechat STEP …`.
public enum WeChatVerb: String, CaseIterable, Sendable {
    case start, reset, pushes, pushTicket = "push_ticket", componentToken = "component_token", preauthcode, authURL = "auth_url"
    case authorize, unauthorize, queryAuth = "query_auth", authorizerToken = "authorizer_token", call, staleToken = "stale_token"
}

/// `sessions SETTING …`.
public enum SessionsKey: String, CaseIterable, Sendable {
    case store, denylist, servers, sticky, local
}

/// `expect state …`.
extension ClientState {
    /// The scenario language's spelling.
    public var keyword: String {
        switch self {
        case .loggedOut: return "logged_out"
        case .loggedIn: return "logged_in"
        case .loginRequired: return "login_required"
        }
    }
}
