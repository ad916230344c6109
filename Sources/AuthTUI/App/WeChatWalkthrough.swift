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
        state.status = StatusMessage(en: "no component_verify_ticket has reached the component yet: P resumes pushes",
                                     zh: "\(.thirdPartyPlatform)还没收到任何 component_verify_ticket：按 P 恢复推送", tone: .bad)
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
    state.status = state.problemStatus(reports.last)
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
        state.status = StatusMessage(en: "no authorizer yet: press n until the merchant has authorized",
                                     zh: "还没有授权方：一直按 n，直到商家完成授权", tone: .bad)
        return
    }
    state.reveal = nil
    let reports = state.runMarked(commands, on: .wechat, Text.verbatim("⚡ ") + fault.title) { reports in
        let answer = reports.last { $0.answer != nil }?.answer
        let what = answer.map { r in Text.verbatim(r.wechatErrcode.map { "errcode \($0)" } ?? "\(r.status)") } ?? Text(en: "done", zh: "完成")
        return Text(en: "\(what): end of the fault", zh: "\(what)：演示结束")
    }
    if let problem = state.problemStatus(reports.last) { state.status = problem; return }
    // The answer of the step the fault is about (the last one with an answer).
    let r = reports.last { $0.answer != nil }?.answer
    func describe(_ r: HTTPResponse?) -> Text {
        guard let r else { return noAnswer }
        if let code = r.wechatErrcode { return .verbatim("errcode \(code) (\(r.body?["errmsg"]?.stringValue ?? ""))") }
        return .verbatim(r.errorCode.map { "\(r.status) \($0)" } ?? "ok")
    }
    let answer = describe(r)
    let p = flow.platform.policy
    let every = SpanWords.text(p.pushInterval), ticketLife = SpanWords.text(p.ticketLifetime)
    let text: Text
    var tone = StatusMessage.Tone.info
    switch fault {
    case .togglePushes:
        text = flow.platform.pushesOn
            ? Text(en: "Pushes resume: a fresh ticket every \(every).", zh: "推送恢复：每 \(every)一张新的 ticket。")
            : Text(en: "The callback is broken: no more tickets. The last one lives \(ticketLife); press J to jump there.",
                   zh: "回调地址坏了：不再有新的 ticket。最后一张有效 \(ticketLife)；按 J 跳到那时。")
    case .jumpPastTicket:
        text = flow.platform.pushesOn
            ? Text(en: "\(ticketLife) later, component_token → \(answer): pushes kept the ticket fresh.", zh: "\(ticketLife)后，component_token → \(answer)：推送让 ticket 一直是新的。")
            : Text(en: "\(ticketLife) later, component_token → \(answer): with no pushes the newest ticket expired (61005).",
                   zh: "\(ticketLife)后，component_token → \(answer)：没有推送，最新的 ticket 也过期了（61005）。")
        tone = r?.wechatErrcode == nil ? .good : .bad
    case .staleTicket:
        text = Text(en: "A ticket WeChat never pushed → \(answer): only pushed tickets count (61006).",
                    zh: "微信从未推送过的 ticket → \(answer)：只有推送来的 ticket 才算数（61006）。")
        tone = .good
    case .wrongSecret:
        text = Text(en: "Wrong component_appsecret → \(answer): the secret authenticates the component.",
                    zh: "错误的 component_appsecret → \(answer)：密钥用来证明\(.thirdPartyPlatform)的身份。")
        tone = .good
    case .expiredPreAuthCode:
        let life = SpanWords.seconds(p.preAuthCodeLifetime)
        text = Text(en: "The merchant opens a link older than \(life) → \(answer): pre_auth_code lives \(life) (the docs' text says 1800).",
                    zh: "商家打开超过 \(life)的链接 → \(answer)：pre_auth_code 有效期 \(life)（文档正文写的是 1800）。")
        tone = .good
    case .expiredAuthCode:
        let life = SpanWords.seconds(p.authCodeLifetime)
        text = Text(en: "api_query_auth with an auth_code older than \(life) → \(answer): query it while it is fresh.",
                    zh: "用超过 \(life)的 auth_code 调 api_query_auth → \(answer)：要趁它还新鲜时换取。")
        tone = .good
    case .expiredAuthorizerToken:
        text = Text(en: "Called with an expired authorizer token: 42001, the client renewed it and retried once → \(answer).",
                    zh: "用过期的 authorizer_access_token 调用：42001，\(.client)续期后重试一次 → \(answer)。")
        tone = r?.wechatErrcode == nil ? .good : .bad
    case .unauthorize:
        text = Text(en: "The merchant withdrew the authorization (an `unauthorized` push); renewing → \(answer).",
                    zh: "商家撤回了授权（收到 `unauthorized` 推送）；续期 → \(answer)。")
        tone = .bad
    case .renew:
        text = Text(en: "Step 6: api_authorizer_token with the refresh token → \(answer); the refresh token itself does not expire.",
                    zh: "第 6 步：用\(.refreshToken)调 api_authorizer_token → \(answer)；\(.refreshToken)本身不会过期。")
        tone = r?.wechatErrcode == nil ? .good : .bad
    }

    state.status = StatusMessage(text: text, tone: tone)
}
