import AuthEngine

/// Where the WeChat flow stands, deciding what `n` does next.
enum WeChatStage: Equatable {
    case needsComponentToken, needsPreAuthCode, awaitingMerchant, needsQueryAuth, authorized

    static let merchant = "wxmerchant0001"

    static func of(_ flow: WeChatFlow, now: Instant) -> WeChatStage {
        let c = flow.component
        guard let token = c.componentToken, now < token.expiresAt else { return .needsComponentToken }
        if !c.authorizers.isEmpty { return .authorized }
        if let code = c.authCode, now < code.expiresAt { return .needsQueryAuth }
        if let pre = c.preAuthCode, now < pre.expiresAt { return .awaitingMerchant }
        return .needsPreAuthCode
    }
}

/// `n` in tab 3: start the next step, or deliver the next message of the one in flight.
func wechatNext(_ state: inout AppState) {
    let walkthrough = state.oauthWalkthrough // the same "an exchange is in flight" flag serves both tabs
    let flow = state.world.wechat
    let c = flow.component
    // Nothing can start before the first ticket has reached the component.
    if walkthrough.inFlight || c.latestTicket == nil {
        stepOneMessage(state.world)
        return
    }
    let done: (HTTPResponse) -> Void = { _ in walkthrough.inFlight = false }
    walkthrough.inFlight = true
    switch WeChatStage.of(flow, now: state.world.clock.now) {
    case .needsComponentToken: c.fetchComponentToken(completion: done)
    case .needsPreAuthCode: c.createPreAuthCode(completion: done)
    case .awaitingMerchant:
        // Step 4: the authorization page, in full, in both forms (Enter on the line shows all of it).
        if let urls = c.authorizationURLs() {
            state.world.log.append(.note("authorization page (desktop): " + urls.desktop))
            state.world.log.append(.note("authorization page (mobile): " + urls.mobile))
        }
        _ = flow.authorize(merchant: WeChatStage.merchant, completion: done)
    case .needsQueryAuth: c.queryAuth(completion: done)
    case .authorized: c.call("/cgi-bin/user/info", completion: done)
    }
    state.status = nil
}

/// Plays a fault to its end and names the errcode and the rule.
func wechatFault(_ fault: WeChatFault, _ state: inout AppState) {
    let world = state.world
    let flow = world.wechat
    let c = flow.component
    state.oauthWalkthrough.inFlight = false
    func settle(_ start: (@escaping (HTTPResponse) -> Void) -> Void) -> HTTPResponse? { world.settle(start) }
    func authorized() {
        if WeChatStage.of(flow, now: world.clock.now) == .needsComponentToken { _ = settle { c.fetchComponentToken(completion: $0) } }
        guard c.authorizers.isEmpty else { return }
        if WeChatStage.of(flow, now: world.clock.now) != .needsQueryAuth {
            _ = settle { c.createPreAuthCode(completion: $0) }
            _ = settle { done in _ = flow.authorize(merchant: WeChatStage.merchant, completion: done) }
        }
        _ = settle { c.queryAuth(completion: $0) }
    }
    func describe(_ r: HTTPResponse?) -> String {
        guard let r else { return "no answer" }
        if let code = r.wechatErrcode { return "errcode \(code) (\(r.body?["errmsg"]?.stringValue ?? ""))" }
        return r.errorCode.map { "\(r.status) \($0)" } ?? "ok"
    }
    let text: String
    var tone = StatusMessage.Tone.info
    switch fault {
    case .togglePushes:
        flow.platform.setPushes(!flow.platform.pushesOn)
        text = flow.platform.pushesOn ? "Pushes resume: a fresh ticket every 10 minutes." : "The callback is broken: no more tickets. The last one lives 12 h; press J to jump there."
    case .jumpPastTicket:
        world.jump(by: flow.platform.policy.ticketLifetime + .minutes(1))
        let r = settle { c.fetchComponentToken(completion: $0) }
        text = "12 h later, component_token → \(describe(r))" + (flow.platform.pushesOn ? ": pushes kept the ticket fresh." : ": with no pushes the newest ticket expired (61005).")
        tone = r?.wechatErrcode == nil ? .good : .bad
    case .staleTicket:
        let r = settle { c.fetchComponentToken(ticket: "ticket@@@stale-or-forged", completion: $0) }
        text = "A ticket WeChat never pushed → \(describe(r)): only pushed tickets count (61006)."
        tone = .good
    case .wrongSecret:
        let r = settle { c.fetchComponentToken(secret: "not-the-appsecret", completion: $0) }
        text = "Wrong component_appsecret → \(describe(r)): the secret authenticates the component."
        tone = .good
    case .expiredPreAuthCode:
        if WeChatStage.of(flow, now: world.clock.now) == .needsComponentToken { _ = settle { c.fetchComponentToken(completion: $0) } }
        _ = settle { c.createPreAuthCode(completion: $0) }
        world.jump(by: flow.platform.policy.preAuthCodeLifetime + .seconds(1))
        let r = settle { done in _ = flow.authorize(merchant: WeChatStage.merchant, completion: done) }
        text = "The merchant opens a link older than 600 s → \(describe(r)): pre_auth_code lives 600 s (the docs' text says 1800)."
        tone = .good
    case .expiredAuthCode:
        if WeChatStage.of(flow, now: world.clock.now) == .needsComponentToken { _ = settle { c.fetchComponentToken(completion: $0) } }
        _ = settle { c.createPreAuthCode(completion: $0) }
        _ = settle { done in _ = flow.authorize(merchant: WeChatStage.merchant, completion: done) }
        world.jump(by: flow.platform.policy.authCodeLifetime + .seconds(1))
        let r = settle { c.queryAuth(completion: $0) }
        text = "api_query_auth with an auth_code older than 600 s → \(describe(r)): query it while it is fresh."
        tone = .good
    case .expiredAuthorizerToken:
        authorized()
        let appID = c.lastAuthorizerAppID ?? WeChatStage.merchant
        // Auto-refresh would renew the token during the jump: hold it, so the cache goes stale.
        c.autoRefresh = false
        world.jump(by: flow.platform.policy.authorizerTokenLifetime + .minutes(1))
        c.useStaleAuthorizerToken(appID)
        let r = settle { c.call("/cgi-bin/user/info", completion: $0) }
        c.autoRefresh = true
        text = "Called with an expired authorizer token: 42001, the client renewed it and retried once → \(describe(r))."
        tone = r?.wechatErrcode == nil ? .good : .bad
    case .unauthorize:
        authorized()
        let appID = c.lastAuthorizerAppID ?? WeChatStage.merchant
        _ = flow.platform.unauthorize(appID)
        world.run(until: { c.authorizers[appID] == nil })
        let r = settle { c.refreshAuthorizer(appID, completion: $0) }
        text = "The merchant withdrew the authorization (an `unauthorized` push); renewing → \(describe(r))."
        tone = .bad
    case .renew:
        guard let appID = c.lastAuthorizerAppID, c.authorizers[appID] != nil else {
            state.status = StatusMessage(text: "no authorizer yet: press n until the merchant has authorized", tone: .bad)
            return
        }
        let r = settle { c.refreshAuthorizer(appID, completion: $0) }
        text = "Step 6: api_authorizer_token with the refresh token → \(describe(r)); the refresh token itself does not expire."
        tone = r?.wechatErrcode == nil ? .good : .bad
    }
    state.status = StatusMessage(text: text, tone: tone)
}
