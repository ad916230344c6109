/// The third-party platform's side, as real SDKs (WxJava, EasyWeChat) behave: it keeps the
/// newest pushed ticket, caches `component_access_token` and each `authorizer_access_token`,
/// renews them a margin before expiry, and on 40001/42001 drops the cached token (only if
/// it is still the one that failed) and retries once.
public final class ComponentClient {
    /// A ticket WeChat never pushed (`wechat component_token ticket=stale`).
    public static let staleTicket = "ticket@@@stale-or-forged"

    public private(set) var latestTicket: (value: String, receivedAt: Instant)?
    public private(set) var componentToken: (value: String, expiresAt: Instant)?
    public private(set) var preAuthCode: (value: String, expiresAt: Instant)?
    public private(set) var authCode: (value: String, expiresAt: Instant)?
    public private(set) var authorizers: [String: AuthorizerTokens] = [:]
    public private(set) var lastAuthorizerAppID: String?
    /// Renew cached tokens by timer (a margin before expiry), not only on use.
    public var autoRefresh = true
    private var timers: [String: ScheduledEventID] = [:]

    public struct AuthorizerTokens: Sendable {
        public var accessToken: String
        public var expiresAt: Instant
        public var refreshToken: String
    }

    let platform: WeChatPlatform
    private let network: Network
    private let clock: VirtualClock
    private let log: EventLog
    public static let redirectURI = "https://component.example/wechat/auth/callback"
    static let componentBase = "https://component.example"

    init(platform: WeChatPlatform, network: Network, clock: VirtualClock, log: EventLog) {
        self.platform = platform
        self.network = network
        self.clock = clock
        self.log = log
    }

    var margin: Span { platform.policy.refreshMargin }

    // MARK: The callback: pushes and the redirect back

    func handleCallback(_ request: HTTPRequest) -> HTTPResponse {
        let (path, query) = URLQuery.split(request.path) ?? (request.path, [])
        if path == "/wechat/auth/callback" {
            guard let code = query.value("auth_code") else { return .error(400, "invalid_request", "no auth_code") }
            let seconds = Int64(query.value("expires_in") ?? "600") ?? 600
            authCode = (code, clock.now + .seconds(seconds))
            return .ok(["page": "authorized", "message": "Authorization received; the component queries it next."])
        }
        guard let xml = request.body?["xml"]?.stringValue else { return .error(400, "invalid_request", "no XML") }
        switch Self.field("InfoType", in: xml) {
        case "component_verify_ticket":
            if let ticket = Self.field("ComponentVerifyTicket", in: xml) { latestTicket = (ticket, clock.now) }
        case "authorized", "updateauthorized":
            if let code = Self.field("AuthorizationCode", in: xml), authCode?.value != code {
                authCode = (code, clock.now + platform.policy.authCodeLifetime)
            }
        case "unauthorized":
            if let appID = Self.field("AuthorizerAppid", in: xml) {
                authorizers[appID] = nil
                cancelTimer("authorizer:" + appID)
                log.append(.note(.componentForgets(appID: appID)))
            }
        default: break
        }
        return HTTPResponse(status: 200, body: ["reply": "success"])
    }

    /// The text of `<Name><![CDATA[value]]></Name>` or `<Name>value</Name>`.
    public static func field(_ name: String, in xml: String) -> String? {
        guard let open = xml.firstRange(of: "<\(name)>"), let close = xml[open.upperBound...].firstRange(of: "</\(name)>") else { return nil }
        var value = String(xml[open.upperBound..<close.lowerBound])
        if value.hasPrefix("<![CDATA["), value.hasSuffix("]]>") { value = String(value.dropFirst(9).dropLast(3)) }
        return value
    }

    // MARK: Step 2: component_access_token

    /// Fetches a new component_access_token with the newest ticket.
    public func fetchComponentToken(ticket: String? = nil, secret: String? = nil, completion: @escaping (HTTPResponse) -> Void) {
        let body: JSONObject = [
            "component_appid": .string(platform.componentAppID), "component_appsecret": .string(secret ?? platform.componentSecret),
            "component_verify_ticket": .string(ticket ?? latestTicket?.value ?? ""),
        ]
        post("/cgi-bin/component/api_component_token", body: body) { [self] response in
            if let token = response.body?["component_access_token"]?.stringValue, let expires = response.body?["expires_in"]?.intValue {
                componentToken = (token, clock.now + .seconds(expires))
                scheduleRenewal("component", at: clock.now + .seconds(expires)) { [unowned self] in fetchComponentToken { _ in } }
            }
            completion(response)
        }
    }

    /// Calls `then` with a component_access_token that is valid beyond the margin.
    func withComponentToken(_ then: @escaping (String?) -> Void) {
        if let token = componentToken, clock.now < token.expiresAt - margin { return then(token.value) }
        fetchComponentToken { [self] _ in then(componentToken?.value) }
    }

    /// A component API call with the cached token; on 40001/42001 it drops that token (if
    /// still cached) and retries once with a fresh one.
    private func componentCall(_ path: String, body: JSONObject, retried: Bool = false, completion: @escaping (HTTPResponse) -> Void) {
        withComponentToken { [self] token in
            post(path + "?component_access_token=" + (token ?? ""), body: body) { [self] response in
                if !retried, let code = response.wechatErrcode, code == 40001 || code == 42001 {
                    if componentToken?.value == token { componentToken = nil }
                    log.append(.note(.componentTokenRetry(errcode: code)))
                    return componentCall(path, body: body, retried: true, completion: completion)
                }
                completion(response)
            }
        }
    }

    // MARK: Step 3–4: pre_auth_code and the authorization page

    public func createPreAuthCode(completion: @escaping (HTTPResponse) -> Void) {
        componentCall("/cgi-bin/component/api_create_preauthcode", body: ["component_appid": .string(platform.componentAppID)]) { [self] response in
            if let code = response.body?["pre_auth_code"]?.stringValue, let seconds = response.body?["expires_in"]?.intValue {
                preAuthCode = (code, clock.now + .seconds(seconds))
            }
            completion(response)
        }
    }

    /// The authorization page, as the desktop (QR code) and the mobile link.
    /// `categoryIDs` limits the permission sets offered (`category_id_list`, ids joined by `|`).
    public func authorizationURLs(authType: Int? = 3, bizAppID: String? = nil, categoryIDs: [Int] = []) -> (desktop: String, mobile: String)? {
        guard let code = preAuthCode?.value else { return nil }
        var params = [("component_appid", platform.componentAppID), ("pre_auth_code", code), ("redirect_uri", Self.redirectURI)]
        if let bizAppID { params.append(("biz_appid", bizAppID)) } else if let authType { params.append(("auth_type", String(authType))) }
        if !categoryIDs.isEmpty { params.append(("category_id_list", categoryIDs.map(String.init).joined(separator: "|"))) }
        let desktop = "https://mp.weixin.qq.com/cgi-bin/componentloginpage?" + URLQuery.encode(params)
        let mobile = "https://open.weixin.qq.com/wxaopen/safe/bindcomponent?action=bindcomponent&no_scan=1&" + URLQuery.encode(params) + "#wechat_redirect"
        return (desktop, mobile)
    }

    // MARK: Step 5: api_query_auth

    public func queryAuth(code: String? = nil, completion: @escaping (HTTPResponse) -> Void) {
        let body: JSONObject = ["component_appid": .string(platform.componentAppID), "authorization_code": .string(code ?? authCode?.value ?? "")]
        componentCall("/cgi-bin/component/api_query_auth", body: body) { [self] response in
            if let info = response.body?["authorization_info"]?.objectValue, let appID = info["authorizer_appid"]?.stringValue,
               let access = info["authorizer_access_token"]?.stringValue, let refresh = info["authorizer_refresh_token"]?.stringValue,
               let seconds = info["expires_in"]?.intValue {
                store(appID, access: access, expiresIn: seconds, refresh: refresh)
                authCode = nil // spent
            }
            completion(response)
        }
    }

    private func store(_ appID: String, access: String, expiresIn: Int64, refresh: String) {
        let expiresAt = clock.now + .seconds(expiresIn)
        authorizers[appID] = AuthorizerTokens(accessToken: access, expiresAt: expiresAt, refreshToken: refresh)
        lastAuthorizerAppID = appID
        scheduleRenewal("authorizer:" + appID, at: expiresAt) { [unowned self] in refreshAuthorizer(appID) { _ in } }
    }

    // MARK: Step 6: api_authorizer_token

    public func refreshAuthorizer(_ appID: String, completion: @escaping (HTTPResponse) -> Void) {
        let body: JSONObject = [
            "component_appid": .string(platform.componentAppID), "authorizer_appid": .string(appID),
            "authorizer_refresh_token": .string(authorizers[appID]?.refreshToken ?? ""),
        ]
        componentCall("/cgi-bin/component/api_authorizer_token", body: body) { [self] response in
            if let access = response.body?["authorizer_access_token"]?.stringValue, let seconds = response.body?["expires_in"]?.intValue {
                // Keep the newest refresh token the platform returns.
                store(appID, access: access, expiresIn: seconds, refresh: response.body?["authorizer_refresh_token"]?.stringValue ?? authorizers[appID]?.refreshToken ?? "")
            } else if response.wechatErrcode == 61023 {
                authorizers[appID] = nil
                cancelTimer("authorizer:" + appID)
            }
            completion(response)
        }
    }

    /// An authorizer API with the cached token (renewed inside the margin); on 40001/42001
    /// the cached token is dropped if it is still the one that failed, renewed, and the call retried once.
    public func call(_ path: String, appID: String? = nil, retried: Bool = false, completion: @escaping (HTTPResponse) -> Void) {
        let appID = appID ?? lastAuthorizerAppID ?? ""
        let send = { [self] (token: String) in
            get(path + (path.contains("?") ? "&" : "?") + "access_token=" + token) { [self] response in
                if !retried, let code = response.wechatErrcode, code == 40001 || code == 42001 {
                    if authorizers[appID]?.accessToken == token { authorizers[appID]?.expiresAt = clock.now }
                    log.append(.note(.authorizerTokenRetry(errcode: code)))
                    return refreshAuthorizer(appID) { [self] _ in call(path, appID: appID, retried: true, completion: completion) }
                }
                completion(response)
            }
        }
        if let tokens = authorizers[appID], clock.now < tokens.expiresAt - margin || retried {
            send(tokens.accessToken)
        } else if authorizers[appID] != nil {
            refreshAuthorizer(appID) { [self] _ in send(authorizers[appID]?.accessToken ?? "") }
        } else {
            send("")
        }
    }

    /// Forgets the cached authorizer token's validity (it will be used as is): what a client
    /// with a stale cache does, to show 42001 and the retry.
    public func useStaleAuthorizerToken(_ appID: String) { authorizers[appID]?.expiresAt = clock.now + .days(1) }

    // MARK: Plumbing

    private func scheduleRenewal(_ key: String, at expiry: Instant, _ renew: @escaping () -> Void) {
        cancelTimer(key)
        guard autoRefresh else { return }
        timers[key] = clock.schedule(at: expiry - margin) { [weak self] in
            guard let self, self.autoRefresh else { return }
            self.timers[key] = nil
            renew()
        }
    }

    /// Cancels every renewal timer.
    func stopTimers() {
        for key in Array(timers.keys) { cancelTimer(key) }
    }

    private func cancelTimer(_ key: String) {
        if let id = timers.removeValue(forKey: key) { clock.cancel(id) }
    }

    private func post(_ path: String, body: JSONObject, completion: @escaping (HTTPResponse) -> Void) {
        network.send(HTTPRequest(method: "POST", path: path, body: body), from: .component, to: .wechat, completion: completion)
    }

    private func get(_ path: String, completion: @escaping (HTTPResponse) -> Void) {
        network.send(HTTPRequest(method: "GET", path: path), from: .component, to: .wechat, completion: completion)
    }
}
