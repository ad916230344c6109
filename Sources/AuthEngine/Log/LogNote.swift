/// A `·` line of the log: something a party did or decided that is not a message on the
/// wire, as a value. The transcript prints its English `description`; the playground words
/// it in its reader's language from the same values.
public enum LogNote: Hashable, Sendable, CustomStringConvertible {
    // The token flow
    case serverSigns(algorithm: String, kid: String)
    case reuseHonoured(grace: Span)
    case judgedExpired(count: Int, kind: TokenKind)
    case platformJudgedExpired(count: Int)
    case trafficOn(method: String, path: String, every: Span)
    case trafficOff
    /// `changes`: `name=… roles=…`, as the script wrote them.
    case profileChanged(username: String, changes: String)
    case shortTokenEdited(changes: String)
    case faultArmed(responseLost: Bool)
    case attackerStoleLong(token: String, jti: String)
    case attackerStoleShort(token: String, jti: String, expires: Instant)
    case attackerForges(TokenForgery)
    case worldReset
    case userAdded(String)
    // Sessions
    case storeState(name: String, up: Bool)
    case sessionClientState(ClientState)
    case serverKeepsSession(server: String, session: String)
    /// `jwtFamilyRevoked`: nil when the JWT side is not driven; `sessionsDeleted` likewise.
    case forcedLogout(username: String, jwtFamilyRevoked: Bool?, denylist: Bool, sessionsDeleted: Int?)
    case mode(String)
    /// A `sessions …` line's setting, as the script wrote it.
    case sessionsSetting(String)
    // OAuth and OpenID Connect
    case platformReset
    case platformSignsAtOnce(algorithm: String, kid: String)
    case keyPublished(kid: String, algorithm: String)
    case keySigning(kid: String, publishedAgo: Span, maxAge: Span, previous: String)
    /// `liveUntil`: when the last token it signed expires (nil: all have).
    case keyRetired(kid: String, liveUntil: Instant?)
    case appRegistered(name: String, appID: String, redirects: [String], scopes: [String], isPublic: Bool, requiresPKCE: Bool)
    case codeIssued(code: String, client: String, lifetime: Span)
    case accessTokenRevoked(jti: String, client: String)
    case idTokenIssued(client: String, algorithm: String, nonceEchoed: Bool)
    case jwksFetch(owner: String, reason: JWKSFetchReason)
    case appRefusedIDToken(subject: IDTokenCheckSubject, failed: IDTokenCheck)
    case appAcceptedIDToken(subject: IDTokenCheckSubject, rules: [String])
    case attackerReplaysIDToken(newNonce: String)
    case attackerOtherAppIDToken
    case attackerSwapsAccessToken
    case kidSpraying(refused: Int, count: Int, fetches: Int, cooldown: Span)
    case userCodeIssued(code: String, client: String, lifetime: Span, interval: Span)
    case deviceDecision(username: String, approved: Bool, code: String)
    // WeChat
    case wechatReset
    case wechatRegistered(componentAppID: String, pushEvery: Span, ticketLifetime: Span)
    case wechatPushes(on: Bool)
    case componentForgets(appID: String)
    case componentTokenRetry(errcode: Int)
    case authorizerTokenRetry(errcode: Int)
    case authorizationPage(mobile: Bool, url: String)
    case wechatPush(url: String, encrypted: Bool, outcome: String)
    // Live mode
    /// A real client's request that no server of the world saw: the HTTP front door answered
    /// it (a path no server has, a body it could not read, a CORS preflight, a metadata
    /// document), or the demo app did (its pages; its own calls are logged as exchanges).
    /// `error`: the error code answered (`not_found`, `errcode 47001`; nil: none);
    /// `detail`: its description.
    case answeredAtDoor(peer: String, method: String, path: String, status: Int, error: String?, detail: String?, byDemoApp: Bool)

    public var description: String {
        switch self {
        case .serverSigns(let alg, let kid): return "the server now signs with \(alg) (kid \(kid)): tokens signed before no longer verify"
        case .reuseHonoured(let grace): return "reuse of an already-used long token within the \(grace) grace period: honoured"
        case .judgedExpired(let count, let kind):
            return "the server now judges the \(count) \(kind.rawValue) token\(count == 1 ? "" : "s") issued so far expired; the clock stays with wall time"
        case .platformJudgedExpired(let count):
            return "platform now judges the \(count) access token\(count == 1 ? "" : "s") issued so far expired (its API and introspection); the clock stays with wall time"
        case .trafficOn(let method, let path, let every): return "background traffic: \(method) \(path) every \(every)"
        case .trafficOff: return "background traffic off"
        case .profileChanged(let username, let changes): return "server-side profile change for \(username): \(changes); short tokens already issued keep the old claims"
        case .shortTokenEdited(let changes): return "the client edited its short token: \(changes) (signature unchanged)"
        case .faultArmed(let lost): return lost ? "fault armed: the next refresh response is lost on the way back" : "fault armed: the next refresh answers 500"
        case .attackerStoleLong(let token, let jti): return "attacker stole the long token \(token) (jti \(jti))"
        case .attackerStoleShort(let token, let jti, let expires): return "attacker stole the short token \(token) (jti \(jti), expires \(expires.iso8601))"
        case .attackerForges(let forgery): return "attacker forges a token: \(forgery.attempt)"
        case .worldReset: return "reset: a fresh world"
        case .userAdded(let name): return "user \(name) added"
        case .storeState(let name, let up): return "\(name) is \(up ? "up again" : "DOWN: every command fails")"
        case .sessionClientState(let state): return "session client is now " + state.rawValue
        case .serverKeepsSession(let server, let session): return "\(server) keeps session \(session)… in its own memory"
        case .forcedLogout(let username, let jwt, let denylist, let sessions):
            let parts = [jwt.map { "JWT long-token family " + ($0 ? "revoked" : "not found") + (denylist ? ", short token denylisted" : ", short token still valid until exp") },
                         sessions.map { "\($0) session(s) deleted" }].compactMap { $0 }
            return "forced logout of \(username): " + parts.joined(separator: "; ")
        case .mode(let mode): return "mode \(mode)"
        case .sessionsSetting(let setting): return "sessions: \(setting)"
        case .platformReset: return "platform reset: a fresh platform and app, nothing registered"
        case .platformSignsAtOnce(let alg, let kid): return "platform now signs with \(alg), kid \(kid), at once: its JWKS lists only that key"
        case .keyPublished(let kid, let alg): return "platform published key \(kid) (\(alg)) in its JWKS; it does not sign yet"
        case .keySigning(let kid, let ago, let maxAge, let previous):
            return "platform signs with key \(kid) from now; it was published \(ago) ago, "
                + (!(ago < maxAge) ? "so every verifier's copy (kept up to \(maxAge)) lists it" : "less than the \(maxAge) verifiers keep a copy: some do not know it yet")
                + "; \(previous) stays published"
        case .keyRetired(let kid, let until):
            return "platform retired key \(kid) from its JWKS; "
                + (until.map { "tokens it signed live until \($0.timeOfDay) and will fail once verifiers refetch" } ?? "every token it signed has expired")
        case .appRegistered(let name, let appID, let redirects, let scopes, let isPublic, let pkce):
            return "platform registered \(name): app_id \(appID), redirect \(redirects.joined(separator: ",")), scopes \(scopes.joined(separator: ","))"
                + (isPublic ? ", public (no secret, PKCE required)" : pkce ? ", PKCE required" : "")
        case .codeIssued(let code, let client, let lifetime): return "platform issued authorization code \(code)… for \(client), valid \(lifetime), single use"
        case .accessTokenRevoked(let jti, let client): return "platform revoked access token \(jti)… at \(client)'s request"
        case .idTokenIssued(let client, let alg, let echoed): return "platform issued an ID token for \(client) (\(alg), nonce \(echoed ? "echoed" : "absent"))"
        case .jwksFetch(let owner, let reason): return "\(owner) fetches the platform's JWKS: \(reason)"
        case .appRefusedIDToken(let subject, let failed): return "app refused \(subject): ✗ \(failed.rule) \(failed.detail)"
        case .appAcceptedIDToken(let subject, let rules): return "app accepted \(subject): \(rules.count) checks passed (\(rules.joined(separator: ", ")))"
        case .attackerReplaysIDToken(let nonce): return "attacker replays the app's earlier ID token into a new sign-in (the session's nonce is now \(nonce)…)"
        case .attackerOtherAppIDToken: return "attacker hands the app an ID token the platform issued to another app for the same user"
        case .attackerSwapsAccessToken: return "attacker swaps in his own access token beside the app's ID token"
        case .kidSpraying(let refused, let count, let fetches, let cooldown):
            return "kid spraying: \(refused) of \(count) tokens refused; the API fetched its JWKS \(fetches) time\(fetches == 1 ? "" : "s") for them (cooldown \(cooldown))"
        case .userCodeIssued(let code, let client, let lifetime, let interval):
            return "platform issued user code \(code) for \(client): valid \(lifetime), poll every \(interval)"
        case .deviceDecision(let username, let approved, let code): return "\(username) \(approved ? "approved" : "denied") device code \(code)"
        case .wechatReset: return "WeChat reset: ticket pushes and renewal timers stopped; the next step starts a fresh platform and component"
        case .wechatRegistered(let appID, let every, let lifetime):
            return "WeChat Open Platform: component \(appID) registered; ticket pushes every \(every), each valid \(lifetime)"
        case .wechatPushes(let on):
            return on ? "WeChat resumes pushing tickets to the component's callback" : "the component's callback is broken: WeChat's ticket pushes no longer arrive"
        case .componentForgets(let appID): return "component forgets \(appID): the merchant withdrew the authorization"
        case .componentTokenRetry(let code): return "component: errcode \(code) on component_access_token: dropped it, retrying once"
        case .authorizerTokenRetry(let code): return "component: errcode \(code) on authorizer_access_token: renewing it, retrying once"
        case .authorizationPage(let mobile, let url): return "authorization page (\(mobile ? "mobile" : "desktop")): " + url
        case .wechatPush(let url, let encrypted, let outcome): return "WeChat push to \(url)\(encrypted ? " (encrypted)" : "") → \(outcome)"
        case .answeredAtDoor(let peer, let method, let path, let status, let error, let detail, let byDemoApp):
            return "live \(peer) \(method) \(path) → \(status)" + (error.map { " " + $0 } ?? "")
                + (byDemoApp ? ", answered by the demo app" : ", answered by the HTTP front door (no server saw it)") + (detail.map { ": " + $0 } ?? "")
        }
    }
}

/// Why a verifier fetches the platform's JWKS.
public enum JWKSFetchReason: Hashable, Sendable, CustomStringConvertible {
    case noCopy
    case copyTooOld(age: Span, maxAge: Span)
    /// The token's kid (shortened; nil: it had none) is not in the copy.
    case unknownKID(String?)

    public var description: String {
        switch self {
        case .noCopy: return "it has no copy yet"
        case .copyTooOld(let age, let maxAge): return "its copy is \(age) old (max age \(maxAge))"
        case .unknownKID(let kid): return "\(kid.map { "kid " + $0 } ?? "a token without kid") is not in its copy"
        }
    }
}
