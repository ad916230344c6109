/// The WeChat component flow's world: the platform, the component (its callback and
/// client) and the merchant's browser, on the simulation's clock and network.
public final class WeChatFlow {
    public let platform: WeChatPlatform
    public let component: ComponentClient
    private let network: Network
    private let log: EventLog
    /// The most recent WeChat `errcode` any answer carried.
    public private(set) var lastErrcode: Int?
    /// Sees every push's XML as WeChat sends it (live mode posts it to a real callback too).
    public var pushTap: ((String) -> Void)?

    init(policy: WeChatPolicy, clock: VirtualClock, log: EventLog, network: Network, seed: UInt64) {
        self.network = network
        self.log = log
        platform = WeChatPlatform(policy: policy, clock: clock, log: log, seed: seed)
        component = ComponentClient(platform: platform, network: network, clock: clock, log: log)
        network.register(.wechat) { [unowned self] request, sender in
            let response = platform.handle(request, from: sender)
            if let code = response.wechatErrcode { lastErrcode = code }
            return response
        }
        network.register(.component) { [unowned self] request, _ in component.handleCallback(request) }
        platform.push = { [unowned self, unowned network] request in
            network.send(request, from: .wechat, to: .component) { _ in }
            if let pushTap, let xml = request.body?["xml"]?.stringValue { pushTap(xml) }
        }
    }

    /// Announces the component and starts the pushes (the first one at once).
    func start() {
        let policy = platform.policy
        log.append(.note(.wechatRegistered(componentAppID: platform.componentAppID, pushEvery: policy.pushInterval, ticketLifetime: policy.ticketLifetime)))
        platform.startPushes()
    }

    /// Stops everything this world scheduled on the clock: ticket pushes and the
    /// component's renewal timers (the reset's first half).
    func stop() {
        platform.stopPushes()
        component.stopTimers()
    }

    /// Steps 4–5: the merchant opens the authorization page, confirms, and the browser is
    /// redirected to the component's callback with `auth_code`. Returns false with no link.
    public func authorize(merchant appID: String, authType: Int? = 3, bizAppID: String? = nil,
                          completion: @escaping (HTTPResponse) -> Void) -> Bool {
        guard let urls = component.authorizationURLs(authType: authType, bizAppID: bizAppID),
              let code = component.preAuthCode?.value else { return false }
        let pagePath = String(urls.desktop.dropFirst("https://mp.weixin.qq.com".count))
        network.send(HTTPRequest(method: "GET", path: pagePath), from: .merchant, to: .wechat) { [self] page in
            if let code = page.errorCode { _ = code; return completion(page) }
            let form: JSONObject = ["pre_auth_code": .string(code), "authorizer_appid": .string(appID),
                                    "redirect_uri": .string(ComponentClient.redirectURI)]
            network.send(HTTPRequest(method: "POST", path: "/cgi-bin/componentloginpage/confirm", body: form), from: .merchant, to: .wechat) { [self] redirect in
                guard redirect.status == 302, let location = redirect.headers["Location"] else { return completion(redirect) }
                let path = String(location.dropFirst(ComponentClient.componentBase.count))
                network.send(HTTPRequest(method: "GET", path: path), from: .merchant, to: .component, completion: completion)
            }
        }
        return true
    }
}
