/// WeChat Open Platform, simulated: it pushes `component_verify_ticket` every 10 minutes,
/// serves `cgi-bin/component/*`, shows the authorization page, and answers authorizer APIs.
public final class WeChatPlatform {
    public var policy: WeChatPolicy
    public let componentAppID: String
    public let componentSecret: String
    public private(set) var pushesOn = true
    private let clock: VirtualClock
    private let log: EventLog
    private var random: SeededGenerator
    private var tickets: [String: Instant] = [:]                 // ticket → expiry
    private(set) var latestComponentToken: (value: String, expiresAt: Instant)?
    /// Bounded (`RecentRecords`): a backend flooding the platform makes it forget the oldest.
    private var preAuthCodes = RecentRecords<String, Instant>()
    private var authCodes = RecentRecords<String, (appID: String, expiresAt: Instant, used: Bool)>()
    public private(set) var authorizers = RecentRecords<String, Authorizer>()
    /// Filled by the world: how a push reaches the component's callback.
    var push: ((HTTPRequest) -> Void)?
    private var nextPush: ScheduledEventID?

    public struct Authorizer: Sendable {
        public var authorized: Bool
        public var refreshToken: String
        public var accessToken: String?
        public var accessExpiresAt: Instant?
        public var funcScopes: [Int]
        /// When it last authorized the component (`api_get_authorizer_list`'s auth_time).
        public var authorizedAt: Instant
    }

    public static let apiHost = "https://api.weixin.qq.com"

    init(policy: WeChatPolicy, clock: VirtualClock, log: EventLog, seed: UInt64) {
        self.policy = policy
        self.clock = clock
        self.log = log
        var random = SeededGenerator(seed: seed ^ 0x77EC_4A7)
        componentAppID = "wx" + random.hex(16)
        componentSecret = random.hex(32)
        self.random = random
    }

    // MARK: Pushes

    /// Starts the 10-minute ticket pushes: the first one is sent at once.
    func startPushes() {
        guard nextPush == nil else { return }
        pushTicket()
        schedulePush(after: policy.pushInterval)
    }

    /// Cancels the next push; none follow.
    func stopPushes() {
        if let nextPush { clock.cancel(nextPush) }
        nextPush = nil
        nextPushAt = nil
    }

    private func schedulePush(after delay: Span) {
        nextPushAt = clock.now + delay
        nextPush = clock.schedule(after: delay) { [weak self] in
            guard let self else { return }
            self.nextPush = nil
            if self.pushesOn { self.pushTicket() }
            self.schedulePush(after: self.policy.pushInterval)
        }
    }

    /// When the next push is due (it is skipped while pushes are off).
    public private(set) var nextPushAt: Instant?
    public private(set) var lastPushAt: Instant?
    /// The newest `component_verify_ticket` pushed, and when it expires.
    public private(set) var latestTicket: (value: String, expiresAt: Instant)?

    public func setPushes(_ on: Bool) {
        pushesOn = on
        log.append(.note(.wechatPushes(on: on)))
    }

    /// Pushes a fresh `component_verify_ticket` now.
    public func pushTicket() {
        let ticket = "ticket@@@" + random.hex(20)
        tickets[ticket] = clock.now + policy.ticketLifetime
        latestTicket = (ticket, clock.now + policy.ticketLifetime)
        lastPushAt = clock.now
        let xml = "<xml><AppId><![CDATA[\(componentAppID)]]></AppId><CreateTime>\(clock.now.seconds)</CreateTime><InfoType><![CDATA[component_verify_ticket]]></InfoType><ComponentVerifyTicket><![CDATA[\(ticket)]]></ComponentVerifyTicket></xml>"
        deliver(xml)
    }

    private func deliver(_ xml: String) {
        var request = HTTPRequest(method: "POST", path: "/wechat/callback", body: ["xml": .string(xml)])
        request.headers["Content-Type"] = "text/xml"
        push?(request)
    }

    // MARK: Routing

    public func handle(_ request: HTTPRequest, from sender: Party) -> HTTPResponse {
        let (path, query) = URLQuery.split(request.path) ?? (request.path, [])
        let body = request.body ?? JSONObject()
        switch path {
        case "/cgi-bin/component/api_component_token": return componentToken(body)
        case "/cgi-bin/component/api_start_push_ticket": return startPushTicket(body)
        case "/cgi-bin/componentloginpage": return loginPage(query)
        case "/cgi-bin/componentloginpage/confirm": return confirm(body)
        default: break
        }
        // Every other component call carries component_access_token and component_appid.
        if path.hasPrefix("/cgi-bin/component/") {
            if let error = checkComponentToken(query.value("component_access_token")) { return error.response }
            guard body["component_appid"]?.stringValue == componentAppID else { return WeChatError.invalidAppID.response }
            switch path {
            case "/cgi-bin/component/api_create_preauthcode": return preAuthCode()
            case "/cgi-bin/component/api_query_auth": return queryAuth(body)
            case "/cgi-bin/component/api_authorizer_token": return authorizerToken(body)
            case "/cgi-bin/component/api_get_authorizer_info": return authorizerInfo(body)
            case "/cgi-bin/component/api_get_authorizer_list": return authorizerList(body)
            default: return .error(404, "not_found", "no API \(path)")
            }
        }
        return authorizerAPI(path, query)
    }

    private func checkComponentToken(_ token: String?) -> WeChatError? {
        guard let token, !token.isEmpty else { return .missingAccessToken }
        guard let latest = latestComponentToken, latest.value == token else { return .invalidCredential }
        return clock.now < latest.expiresAt ? nil : .accessTokenExpired
    }

    // MARK: Step 1: tickets on request

    /// `api_start_push_ticket`: a component (re)starting asks for tickets. It has no
    /// component_access_token yet, so it proves itself with its secret; a ticket is pushed at once.
    private func startPushTicket(_ body: JSONObject) -> HTTPResponse {
        guard body["component_appid"]?.stringValue == componentAppID else { return WeChatError.invalidAppID.response }
        guard body["component_secret"]?.stringValue == componentSecret else { return WeChatError.invalidAppSecret.response }
        if !pushesOn { setPushes(true) }
        pushTicket()
        return .ok(["errcode": 0, "errmsg": "ok"])
    }

    // MARK: Step 2: component_access_token

    private func componentToken(_ body: JSONObject) -> HTTPResponse {
        guard body["component_appid"]?.stringValue == componentAppID else { return WeChatError.invalidAppID.response }
        guard body["component_appsecret"]?.stringValue == componentSecret else { return WeChatError.invalidAppSecret.response }
        guard let ticket = body["component_verify_ticket"]?.stringValue, let expiry = tickets[ticket] else {
            return WeChatError.componentTicketInvalid.response
        }
        guard clock.now < expiry else { return WeChatError.componentTicketExpired.response }
        let token = "cat_" + random.hex(24)
        latestComponentToken = (token, clock.now + policy.componentTokenLifetime)
        return .ok(["component_access_token": .string(token), "expires_in": .int(policy.componentTokenLifetime.seconds)])
    }

    // MARK: Step 3: pre_auth_code

    private func preAuthCode() -> HTTPResponse {
        let code = "preauthcode@@@" + random.hex(20)
        preAuthCodes[code] = clock.now + policy.preAuthCodeLifetime
        return .ok(["pre_auth_code": .string(code), "expires_in": .int(policy.preAuthCodeLifetime.seconds)])
    }

    public func preAuthCodeExpiry(_ code: String) -> Instant? { preAuthCodes[code] }

    // MARK: Step 4–5: the authorization page, the merchant's consent, the callback

    private func loginPage(_ query: [(String, String)]) -> HTTPResponse {
        guard query.value("component_appid") == componentAppID else {
            var refused = WeChatError.invalidAppID.response
            refused.refusal = .unknownComponent(query.value("component_appid"))
            return refused
        }
        guard let code = query.value("pre_auth_code"), let expiry = preAuthCodes[code] else {
            return .refused(400, "invalid_pre_auth_code", .invalidPreAuthCode)
        }
        guard clock.now < expiry else {
            return .refused(400, "pre_auth_code_expired", .preAuthCodeExpired(at: expiry))
        }
        if query.value("auth_type") != nil, query.value("biz_appid") != nil {
            return .refused(400, "invalid_request", .exclusiveParameters("auth_type", "biz_appid"))
        }
        return .ok(["page": "componentloginpage", "pre_auth_code": .string(code), "redirect_uri": .string(query.value("redirect_uri") ?? "")])
    }

    private func confirm(_ body: JSONObject) -> HTTPResponse {
        guard let code = body["pre_auth_code"]?.stringValue, let expiry = preAuthCodes[code], clock.now < expiry,
              let appID = body["authorizer_appid"]?.stringValue, let redirect = body["redirect_uri"]?.stringValue else {
            return .refused(400, "pre_auth_code_expired", .preAuthCodeExpired(at: nil))
        }
        preAuthCodes[code] = nil // single use
        let authCode = "queryauthcode@@@" + random.hex(24)
        authCodes[authCode] = (appID, clock.now + policy.authCodeLifetime, false)
        let updating = authorizers[appID]?.authorized == true
        let xml = "<xml><AppId><![CDATA[\(componentAppID)]]></AppId><CreateTime>\(clock.now.seconds)</CreateTime><InfoType><![CDATA[\(updating ? "updateauthorized" : "authorized")]]></InfoType><AuthorizerAppid><![CDATA[\(appID)]]></AuthorizerAppid><AuthorizationCode><![CDATA[\(authCode)]]></AuthorizationCode><AuthorizationCodeExpiredTime>\((clock.now + policy.authCodeLifetime).seconds)</AuthorizationCodeExpiredTime><PreAuthCode><![CDATA[\(code)]]></PreAuthCode></xml>"
        deliver(xml)
        return AuthorizationServer.redirect(to: redirect, [("auth_code", authCode), ("expires_in", String(policy.authCodeLifetime.seconds))])
    }

    /// The merchant cancels the authorization in WeChat: pushed as `unauthorized`.
    @discardableResult
    public func unauthorize(_ appID: String) -> Bool {
        guard authorizers[appID]?.authorized == true else { return false }
        authorizers[appID]?.authorized = false
        deliver("<xml><AppId><![CDATA[\(componentAppID)]]></AppId><CreateTime>\(clock.now.seconds)</CreateTime><InfoType><![CDATA[unauthorized]]></InfoType><AuthorizerAppid><![CDATA[\(appID)]]></AuthorizerAppid></xml>")
        return true
    }

    // MARK: Step 5: api_query_auth

    private func queryAuth(_ body: JSONObject) -> HTTPResponse {
        guard let code = body["authorization_code"]?.stringValue, let grant = authCodes[code], !grant.used else {
            return WeChatError.authorizationCodeInvalid.response
        }
        guard clock.now < grant.expiresAt else { return WeChatError.authorizationCodeExpired.response }
        authCodes[code]?.used = true
        let refresh = "refreshtoken@@@" + random.hex(24)
        let access = "aat_" + random.hex(24)
        let expires = clock.now + policy.authorizerTokenLifetime
        authorizers[grant.appID] = Authorizer(authorized: true, refreshToken: refresh, accessToken: access, accessExpiresAt: expires, funcScopes: [1, 15],
                                              authorizedAt: clock.now)
        return .ok(["authorization_info": .object([
            "authorizer_appid": .string(grant.appID), "authorizer_access_token": .string(access),
            "expires_in": .int(policy.authorizerTokenLifetime.seconds), "authorizer_refresh_token": .string(refresh),
            "func_info": [["funcscope_category": ["id": 1]], ["funcscope_category": ["id": 15]]],
        ])])
    }

    // MARK: Step 6: api_authorizer_token

    private func authorizerToken(_ body: JSONObject) -> HTTPResponse {
        guard let appID = body["authorizer_appid"]?.stringValue, var authorizer = authorizers[appID], authorizer.authorized,
              body["authorizer_refresh_token"]?.stringValue == authorizer.refreshToken else {
            return WeChatError.refreshTokenInvalid.response
        }
        let access = "aat_" + random.hex(24)
        authorizer.accessToken = access
        authorizer.accessExpiresAt = clock.now + policy.authorizerTokenLifetime
        authorizers[appID] = authorizer
        return .ok(["authorizer_access_token": .string(access), "expires_in": .int(policy.authorizerTokenLifetime.seconds),
                    "authorizer_refresh_token": .string(authorizer.refreshToken)])
    }

    // MARK: What the component knows of its authorizers

    /// `api_get_authorizer_info`: the account behind an authorizer_appid and what it granted.
    private func authorizerInfo(_ body: JSONObject) -> HTTPResponse {
        guard let appID = body["authorizer_appid"]?.stringValue, let authorizer = authorizers[appID], authorizer.authorized else {
            return WeChatError.notAuthorizedByAccount.response
        }
        return .ok([
            "authorizer_info": ["nick_name": .string("Merchant " + appID), "user_name": .string("gh_" + String(appID.suffix(12))),
                                "principal_name": "AuthTUI playground merchant", "service_type_info": ["id": 2], "verify_type_info": ["id": 0]],
            "authorization_info": ["authorizer_appid": .string(appID), "authorizer_refresh_token": .string(authorizer.refreshToken),
                                   "func_info": .array(authorizer.funcScopes.map { ["funcscope_category": ["id": .int(Int64($0))]] })],
        ])
    }

    /// `api_get_authorizer_list`: the accounts that authorized the component, a page at a
    /// time (at most 500), in the order they authorized.
    private func authorizerList(_ body: JSONObject) -> HTTPResponse {
        guard case .int(let offset) = body["offset"] ?? .int(0), case .int(let count) = body["count"] ?? .int(100), offset >= 0, (1...500).contains(count) else {
            return WeChatError.invalidParameter.response
        }
        let all = authorizers.filter(\.value.authorized).sorted { ($0.value.authorizedAt, $0.key) < ($1.value.authorizedAt, $1.key) }
        let page = all.dropFirst(Int(min(offset, Int64(all.count)))).prefix(Int(count))
        return .ok(["total_count": .int(Int64(all.count)), "list": .array(page.map { appID, authorizer in
            ["authorizer_appid": .string(appID), "refresh_token": .string(authorizer.refreshToken), "auth_time": .int(authorizer.authorizedAt.seconds)]
        })])
    }

    // MARK: Authorizer APIs, called with an authorizer_access_token

    private func authorizerAPI(_ path: String, _ query: [(String, String)]) -> HTTPResponse {
        guard let token = query.value("access_token"), !token.isEmpty else { return WeChatError.missingAccessToken.response }
        guard let (appID, authorizer) = authorizers.first(where: { $0.value.accessToken == token }) else {
            return WeChatError.invalidCredential.response
        }
        guard let expiry = authorizer.accessExpiresAt, clock.now < expiry else { return WeChatError.accessTokenExpired.response }
        guard authorizer.authorized else { return WeChatError.apiUnauthorized.response }
        return .ok(["errcode": 0, "errmsg": "ok", "authorizer_appid": .string(appID), "api": .string(path)])
    }
}
