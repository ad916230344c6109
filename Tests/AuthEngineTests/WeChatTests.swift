import Testing
@testable import AuthEngine

/// Drives the WeChat flow and waits for each answer.
struct WeChatDriver {
    let sim: Simulation
    var flow: WeChatFlow { sim.wechat }
    var component: ComponentClient { sim.wechat.component }

    init(autoRefresh: Bool = false) {
        sim = Simulation()
        sim.wechat.component.autoRefresh = autoRefresh
        sim.clock.advance(by: .milliseconds(80)) // the first push arrives
    }

    func wait(_ start: (@escaping (HTTPResponse) -> Void) -> Void) -> HTTPResponse {
        var result: HTTPResponse?
        start { result = $0 }
        sim.run(until: { result != nil })
        return result!
    }

    func authorized(_ appID: String = "wxmerchant0001") {
        _ = wait { component.fetchComponentToken(completion: $0) }
        _ = wait { component.createPreAuthCode(completion: $0) }
        _ = wait { done in _ = flow.authorize(merchant: appID, completion: done) }
        _ = wait { component.queryAuth(completion: $0) }
    }

    /// A raw call to the platform, bypassing the component's client.
    func raw(_ path: String, _ body: JSONObject = [:]) -> HTTPResponse {
        wait { sim.network.send(HTTPRequest(method: "POST", path: path, body: body), from: .attacker, to: .wechat, completion: $0) }
    }
}

@Suite struct WeChatTests {
    @Test func ticketsArriveEveryTenMinutesAsXMLAndTheNewestIsKept() throws {
        let d = WeChatDriver()
        let first = try #require(d.component.latestTicket)
        #expect(first.value.hasPrefix("ticket@@@"))
        try! d.sim.jump(by: .minutes(30))
        let pushes = d.sim.log.entries.filter { if case .request(_, .wechat, .component, let r) = $0.event { return r.path == "/wechat/callback" }; return false }
        #expect(pushes.count == 4)
        #expect(d.component.latestTicket?.value != first.value)
        guard case .request(_, _, _, let push) = pushes.last!.event else { return }
        let xml = try #require(push.body?["xml"]?.stringValue)
        #expect(ComponentClient.field("InfoType", in: xml) == "component_verify_ticket")
        #expect(ComponentClient.field("ComponentVerifyTicket", in: xml) == d.component.latestTicket?.value)
        #expect(push.headers["Content-Type"] == "text/xml")
    }

    @Test func componentTokenNeedsAppIDSecretAndALiveTicket() {
        let d = WeChatDriver()
        let platform = d.flow.platform
        let ticket = d.component.latestTicket!.value
        func token(_ appID: String, _ secret: String, _ ticket: String) -> HTTPResponse {
            d.raw("/cgi-bin/component/api_component_token", ["component_appid": .string(appID), "component_appsecret": .string(secret), "component_verify_ticket": .string(ticket)])
        }
        #expect(token(platform.componentAppID, platform.componentSecret, ticket).body?["expires_in"] == 7200)
        #expect(token("wxwrong", platform.componentSecret, ticket).wechatErrcode == 40013)
        #expect(token(platform.componentAppID, "wrong", ticket).wechatErrcode == 40125)
        #expect(token(platform.componentAppID, platform.componentSecret, "ticket@@@forged").wechatErrcode == 61006)
        platform.setPushes(false)
        try! d.sim.jump(by: .hours(12))
        #expect(token(platform.componentAppID, platform.componentSecret, ticket).wechatErrcode == 61005)
    }

    @Test func everyComponentCallChecksItsToken() {
        let d = WeChatDriver()
        _ = d.wait { d.component.fetchComponentToken(completion: $0) }
        let appID = d.flow.platform.componentAppID
        let good = d.component.componentToken!.value
        #expect(d.raw("/cgi-bin/component/api_create_preauthcode", ["component_appid": .string(appID)]).wechatErrcode == 41001)
        #expect(d.raw("/cgi-bin/component/api_create_preauthcode?component_access_token=cat_nope", ["component_appid": .string(appID)]).wechatErrcode == 40001)
        #expect(d.raw("/cgi-bin/component/api_create_preauthcode?component_access_token=" + good, ["component_appid": "wxother"]).wechatErrcode == 40013)
        let ok = d.raw("/cgi-bin/component/api_create_preauthcode?component_access_token=" + good, ["component_appid": .string(appID)])
        #expect(ok.body?["expires_in"] == 600)
        // A newer token makes the older one "not latest".
        _ = d.wait { d.component.fetchComponentToken(completion: $0) }
        #expect(d.raw("/cgi-bin/component/api_create_preauthcode?component_access_token=" + good, ["component_appid": .string(appID)]).wechatErrcode == 40001)
        try! d.sim.jump(by: .hours(2))
        let latest = d.component.componentToken!.value
        #expect(d.raw("/cgi-bin/component/api_create_preauthcode?component_access_token=" + latest, ["component_appid": .string(appID)]).wechatErrcode == 42001)
    }

    @Test func authorizationPageRedirectsWithAuthCodeAndPushesAuthorized() {
        let d = WeChatDriver()
        d.authorized()
        #expect(d.component.authorizers["wxmerchant0001"]?.accessToken.hasPrefix("aat_") == true)
        #expect(d.sim.log.entries.contains { if case .request(_, .wechat, .component, let r) = $0.event { return (r.body?["xml"]?.stringValue ?? "").contains("<InfoType><![CDATA[authorized]]>") }; return false })
        #expect(d.sim.log.entries.contains { if case .request(_, .merchant, .component, let r) = $0.event { return r.path.contains("auth_code=queryauthcode") && r.path.contains("expires_in=600") }; return false })
        // Authorizing again is an update.
        _ = d.wait { d.component.createPreAuthCode(completion: $0) }
        _ = d.wait { done in _ = d.flow.authorize(merchant: "wxmerchant0001", completion: done) }
        #expect(d.sim.log.entries.contains { if case .request(_, .wechat, .component, let r) = $0.event { return (r.body?["xml"]?.stringValue ?? "").contains("updateauthorized") }; return false })
    }

    @Test func authURLsHaveBothFormsAndAuthTypeExcludesBizAppID() throws {
        let d = WeChatDriver()
        _ = d.wait { d.component.fetchComponentToken(completion: $0) }
        _ = d.wait { d.component.createPreAuthCode(completion: $0) }
        let urls = try #require(d.component.authorizationURLs(authType: 2))
        #expect(urls.desktop.hasPrefix("https://mp.weixin.qq.com/cgi-bin/componentloginpage?component_appid="))
        #expect(urls.desktop.contains("&auth_type=2"))
        #expect(urls.mobile.hasPrefix("https://open.weixin.qq.com/wxaopen/safe/bindcomponent?action=bindcomponent&no_scan=1&"))
        #expect(urls.mobile.hasSuffix("#wechat_redirect"))
        #expect(try #require(d.component.authorizationURLs(categoryIDs: [1, 15])).desktop.hasSuffix("&category_id_list=1%7C15"))
        let biz = try #require(d.component.authorizationURLs(authType: nil, bizAppID: "wxbiz"))
        #expect(biz.desktop.contains("biz_appid=wxbiz") && !biz.desktop.contains("auth_type"))
    }

    @Test func expiredPreAuthCodeAndAuthCodeAreRefused() {
        let d = WeChatDriver()
        _ = d.wait { d.component.fetchComponentToken(completion: $0) }
        _ = d.wait { d.component.createPreAuthCode(completion: $0) }
        try! d.sim.jump(by: .seconds(600))
        let page = d.wait { done in _ = d.flow.authorize(merchant: "wxm", completion: done) }
        #expect(page.errorCode == "pre_auth_code_expired")
        _ = d.wait { d.component.createPreAuthCode(completion: $0) }
        _ = d.wait { done in _ = d.flow.authorize(merchant: "wxm", completion: done) }
        try! d.sim.jump(by: .seconds(600))
        #expect(d.wait { d.component.queryAuth(completion: $0) }.wechatErrcode == 61010)
    }

    @Test func queryAuthIsSingleUse() {
        let d = WeChatDriver()
        d.authorized()
        #expect(d.wait { d.component.queryAuth(completion: $0) }.wechatErrcode == 61009)
    }

    @Test func authorizerTokenRenewsAndUnauthorizeMakes61023And48001() {
        let d = WeChatDriver()
        d.authorized()
        let before = d.component.authorizers["wxmerchant0001"]!.accessToken
        #expect(d.wait { d.component.refreshAuthorizer("wxmerchant0001", completion: $0) }.wechatErrcode == nil)
        let after = d.component.authorizers["wxmerchant0001"]!.accessToken
        #expect(after != before)
        // The old token is no longer one the platform knows: 40001.
        #expect(d.wait { d.sim.network.send(HTTPRequest(method: "GET", path: "/cgi-bin/user/info?access_token=" + before), from: .attacker, to: .wechat, completion: $0) }.wechatErrcode == 40001)
        #expect(d.flow.platform.unauthorize("wxmerchant0001"))
        d.sim.clock.advance(by: .milliseconds(80))
        #expect(d.component.authorizers["wxmerchant0001"] == nil) // the unauthorized push
        #expect(d.wait { d.sim.network.send(HTTPRequest(method: "GET", path: "/cgi-bin/user/info?access_token=" + after), from: .attacker, to: .wechat, completion: $0) }.wechatErrcode == 48001)
        #expect(d.wait { d.component.refreshAuthorizer("wxmerchant0001", completion: $0) }.wechatErrcode == 61023)
    }

    @Test func theClientRetriesOnceOn42001AndOnlyDropsTheTokenThatFailed() {
        let d = WeChatDriver()
        d.authorized()
        try! d.sim.jump(by: .hours(2))
        d.flow.platform.pushTicket()
        d.sim.clock.advance(by: .milliseconds(80))
        d.component.useStaleAuthorizerToken("wxmerchant0001")
        let answer = d.wait { d.component.call("/cgi-bin/user/info", completion: $0) }
        #expect(answer.wechatErrcode == nil)
        #expect(d.flow.lastErrcode == 42001)
        let calls = d.sim.log.entries.filter { if case .request(_, .component, .wechat, let r) = $0.event { return r.path.hasPrefix("/cgi-bin/user/info") }; return false }
        #expect(calls.count == 2) // the failed call and one retry, never more
    }

    @Test func cachedTokensAreRenewedInsideTheMargin() {
        let d = WeChatDriver()
        d.authorized()
        let token = d.component.authorizers["wxmerchant0001"]!.accessToken
        try! d.sim.jump(by: .hours(2) - .seconds(201))
        _ = d.wait { d.component.call("/cgi-bin/user/info", completion: $0) }
        #expect(d.component.authorizers["wxmerchant0001"]!.accessToken == token) // 201 s left: still used
        try! d.sim.jump(by: .seconds(2))
        d.flow.platform.pushTicket()
        d.sim.clock.advance(by: .milliseconds(80))
        _ = d.wait { d.component.call("/cgi-bin/user/info", completion: $0) }
        #expect(d.component.authorizers["wxmerchant0001"]!.accessToken != token) // 199 s left: renewed first
    }

    @Test func aDayOfAutoRefreshKeepsEveryTokenFresh() {
        let d = WeChatDriver(autoRefresh: true)
        d.authorized()
        try! d.sim.jump(by: .hours(24))
        let entries = d.sim.log.entries
        let pushes = entries.filter { if case .request(_, .wechat, .component, let r) = $0.event { return r.path == "/wechat/callback" && (r.body?["xml"]?.stringValue ?? "").contains("component_verify_ticket") }; return false }
        #expect(pushes.count == 145) // one at start, then every 10 minutes for 24 h
        let renewals = entries.filter { if case .request(_, .component, .wechat, let r) = $0.event { return r.path.hasPrefix("/cgi-bin/component/api_authorizer_token") }; return false }
        #expect(renewals.count == 12) // every 7200 − 200 s
        #expect(d.component.componentToken!.expiresAt > d.sim.clock.now + .seconds(200))
        #expect(d.component.authorizers["wxmerchant0001"]!.expiresAt > d.sim.clock.now)
        #expect(d.flow.lastErrcode == nil)
        // In order: every logged time is no earlier than the one before it.
        #expect(zip(entries, entries.dropFirst()).allSatisfy { $0.at <= $1.at })
    }

    /// `wechat reset` stops the old world's timers before dropping it: a day later no push
    /// and no renewal of the old component has run; `wechat start` builds a fresh one.
    @Test func resetCancelsTheOldWorldsTimersFirst() throws {
        let driver = WeChatDriver(autoRefresh: true)
        driver.authorized()
        let oldComponent = driver.sim.wechat.platform.componentAppID
        driver.sim.resetWeChat()
        #expect(!driver.sim.wechatStarted)
        let before = driver.sim.log.totals.entries
        try driver.sim.jump(by: .days(1))
        let after = driver.sim.log.entries.filter { $0.sequence > before }
        #expect(after.allSatisfy { if case .clockJumped = $0.event { return true }; return false },
                "nothing of the old WeChat world ran: \(after.map { LogFormatter.message($0.event) })")
        let fresh = driver.sim.wechat
        #expect(fresh.platform.componentAppID != oldComponent)
        #expect(fresh.component.authorizers.isEmpty && fresh.component.componentToken == nil)
    }

}
