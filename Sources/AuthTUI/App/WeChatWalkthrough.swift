import AuthEngine

/// Where the WeChat flow stands, deciding what `n` does next.
enum WeChatStage: Equatable {
    case needsComponentToken, needsPreAuthCode, awaitingMerchant, needsQueryAuth, authorized

    static let merchant = "wxmerchant0001"
    static let wrongSecret = "not-the-appsecret"
    static let userInfo = "/cgi-bin/user/info"

    static func of(_ flow: WeChatFlow, now: Instant) -> WeChatStage {
        let c = flow.component
        guard let token = c.componentToken, now < token.expiresAt else { return .needsComponentToken }
        if !c.authorizers.isEmpty { return .authorized }
        if let code = c.authCode, now < code.expiresAt { return .needsQueryAuth }
        if let pre = c.preAuthCode, now < pre.expiresAt { return .awaitingMerchant }
        return .needsPreAuthCode
    }
}

/// `n` in tab 3: show the next message of the step in view, or run the next step.
func wechatNext(_ state: inout AppState) {
    if state.revealNext(diagram: WeChatScreen.diagram) { state.status = nil; return }
    let flow = state.world.wechat
    guard flow.component.latestTicket != nil else {
        state.status = StatusMessage(text: "no component_verify_ticket has reached the component yet: P resumes pushes", tone: .bad)
        return
    }
    let commands: [ScenarioCommand]
    switch WeChatStage.of(flow, now: state.world.clock.now) {
    case .needsComponentToken: commands = [.wechat(.componentToken(ticket: nil, secret: nil))]
    case .needsPreAuthCode: commands = [.wechat(.preAuthCode)]
    // Step 4: the authorization page in full, in both forms (Enter on the line shows all of it).
    case .awaitingMerchant: commands = [.wechat(.authURL(authType: 3, bizAppID: nil, categoryIDs: [])), .wechat(.authorize(merchant: WeChatStage.merchant))]
    case .needsQueryAuth: commands = [.wechat(.queryAuth(code: nil))]
    case .authorized: commands = [.wechat(.call(path: WeChatStage.userInfo))]
    }
    let reports = state.runStepByStep(commands, diagram: WeChatScreen.diagram)
    state.status = problemStatus(reports.last)
}

/// The commands that play a fault to its end, from wherever the flow stands.
func wechatFaultCommands(_ fault: WeChatFault, _ flow: WeChatFlow, now: Instant) -> [ScenarioCommand]? {
    let c = flow.component
    let policy = flow.platform.policy
    let stage = WeChatStage.of(flow, now: now)
    let token: [ScenarioCommand] = stage == .needsComponentToken ? [.wechat(.componentToken(ticket: nil, secret: nil))] : []
    let invite: [ScenarioCommand] = [.wechat(.preAuthCode), .wechat(.authorize(merchant: WeChatStage.merchant))]
    /// Whatever is missing for an authorized merchant.
    let authorized: [ScenarioCommand] = token + (c.authorizers.isEmpty ? (stage == .needsQueryAuth ? [] : invite) + [.wechat(.queryAuth(code: nil))] : [])
    let appID = c.lastAuthorizerAppID ?? WeChatStage.merchant
    switch fault {
    case .togglePushes:
        return [.wechat(.pushes(!flow.platform.pushesOn))]
    case .jumpPastTicket:
        return [.advance(policy.ticketLifetime + .minutes(1)), .wechat(.componentToken(ticket: nil, secret: nil))]
    case .staleTicket:
        return [.wechat(.componentToken(ticket: "stale", secret: nil))]
    case .wrongSecret:
        return [.wechat(.componentToken(ticket: nil, secret: WeChatStage.wrongSecret))]
    case .expiredPreAuthCode:
        return token + [.wechat(.preAuthCode), .advance(policy.preAuthCodeLifetime + .seconds(1)), .wechat(.authorize(merchant: WeChatStage.merchant))]
    case .expiredAuthCode:
        return token + invite + [.advance(policy.authCodeLifetime + .seconds(1)), .wechat(.queryAuth(code: nil))]
    case .expiredAuthorizerToken:
        // Auto-refresh would renew the token during the jump: hold it, so the cache goes stale.
        return authorized + [.config(.wechatAutoRefresh(false)), .advance(policy.authorizerTokenLifetime + .minutes(1)),
                             .wechat(.staleToken(merchant: nil)), .wechat(.call(path: WeChatStage.userInfo)), .config(.wechatAutoRefresh(true))]
    case .unauthorize:
        return authorized + [.wechat(.unauthorize(merchant: appID)), .wechat(.authorizerToken(merchant: appID))]
    case .renew:
        guard let appID = c.lastAuthorizerAppID, c.authorizers[appID] != nil else { return nil }
        return [.wechat(.authorizerToken(merchant: nil))]
    }
}

/// Plays a fault to its end and names the errcode and the rule.
func wechatFault(_ fault: WeChatFault, _ state: inout AppState) {
    let flow = state.world.wechat
    guard let commands = wechatFaultCommands(fault, flow, now: state.world.clock.now) else {
        state.status = StatusMessage(text: "no authorizer yet: press n until the merchant has authorized", tone: .bad)
        return
    }
    state.reveal = nil
    let reports = state.runMarked(commands, on: .wechat, "⚡ " + fault.title) { reports in
        let answer = reports.last { $0.answer != nil }?.answer
        return (answer.map { r in r.wechatErrcode.map { "errcode \($0)" } ?? "\(r.status)" } ?? "done") + ": end of the fault"
    }
    if let problem = problemStatus(reports.last) { state.status = problem; return }
    // The answer of the step the fault is about (the last one with an answer).
    let r = reports.last { $0.answer != nil }?.answer
    func describe(_ r: HTTPResponse?) -> String {
        guard let r else { return "no answer" }
        if let code = r.wechatErrcode { return "errcode \(code) (\(r.body?["errmsg"]?.stringValue ?? ""))" }
        return r.errorCode.map { "\(r.status) \($0)" } ?? "ok"
    }
    let text: String
    var tone = StatusMessage.Tone.info
    switch fault {
    case .togglePushes:
        text = flow.platform.pushesOn ? "Pushes resume: a fresh ticket every 10 minutes." : "The callback is broken: no more tickets. The last one lives 12 h; press J to jump there."
    case .jumpPastTicket:
        text = "12 h later, component_token → \(describe(r))" + (flow.platform.pushesOn ? ": pushes kept the ticket fresh." : ": with no pushes the newest ticket expired (61005).")
        tone = r?.wechatErrcode == nil ? .good : .bad
    case .staleTicket:
        text = "A ticket WeChat never pushed → \(describe(r)): only pushed tickets count (61006)."
        tone = .good
    case .wrongSecret:
        text = "Wrong component_appsecret → \(describe(r)): the secret authenticates the component."
        tone = .good
    case .expiredPreAuthCode:
        text = "The merchant opens a link older than 600 s → \(describe(r)): pre_auth_code lives 600 s (the docs' text says 1800)."
        tone = .good
    case .expiredAuthCode:
        text = "api_query_auth with an auth_code older than 600 s → \(describe(r)): query it while it is fresh."
        tone = .good
    case .expiredAuthorizerToken:
        text = "Called with an expired authorizer token: 42001, the client renewed it and retried once → \(describe(r))."
        tone = r?.wechatErrcode == nil ? .good : .bad
    case .unauthorize:
        text = "The merchant withdrew the authorization (an `unauthorized` push); renewing → \(describe(r))."
        tone = .bad
    case .renew:
        text = "Step 6: api_authorizer_token with the refresh token → \(describe(r)); the refresh token itself does not expire."
        tone = r?.wechatErrcode == nil ? .good : .bad
    }
    state.status = StatusMessage(text: text, tone: tone)
}
