/// `wechat …` lines: each plays its step of the third-party platform flow, or its fault.
extension ScenarioRunner {
    /// Runs a `wechat` step to its end; returns its final answer, if it has one.
    func wechat(_ command: WeChatCommand, _ step: Scenario.Step, _ sim: Simulation) -> HTTPResponse? {
        if command == .reset {
            sim.resetWeChat()
            lastWeChatAnswer = nil
            return nil
        }
        let firstUse = !sim.wechatStarted
        let flow = sim.wechat
        if firstUse {
            flow.platform.policy.refreshMargin = wechatMargin
            flow.component.autoRefresh = wechatAutoRefresh
            sim.clock.advance(by: sim.network.latency * 2) // the first ticket push arrives
        }
        let component = flow.component
        var response: HTTPResponse?
        let done: (HTTPResponse) -> Void = { response = $0 }
        func merchant(_ given: String?) -> String? { given ?? component.lastAuthorizerAppID }
        switch command {
        case .start, .reset:
            return nil
        case .pushes(let on):
            flow.platform.setPushes(on)
            return nil
        case .pushTicket:
            flow.platform.pushTicket()
            sim.clock.advance(by: sim.network.latency * 2)
            return nil
        case .componentToken(let ticket, let secret):
            let stale = ticket == "stale" ? ComponentClient.staleTicket : ticket
            component.fetchComponentToken(ticket: stale, secret: secret, completion: done)
        case .preAuthCode:
            component.createPreAuthCode(completion: done)
        case .authURL(let authType, let bizAppID, let categories):
            guard let urls = component.authorizationURLs(authType: authType, bizAppID: bizAppID, categoryIDs: categories) else {
                problem(step.line, .noPreAuthCode)
                return nil
            }
            sim.log.append(.note(.authorizationPage(mobile: false, url: urls.desktop)))
            sim.log.append(.note(.authorizationPage(mobile: true, url: urls.mobile)))
            return nil
        case .authorize(let appID):
            guard flow.authorize(merchant: appID, completion: done) else {
                problem(step.line, .noAuthorizationLink)
                return nil
            }
        case .unauthorize(let appID):
            guard flow.platform.unauthorize(appID) else {
                problem(step.line, .notAuthorized(appID: appID))
                return nil
            }
            sim.clock.advance(by: sim.network.latency * 2)
            return nil
        case .queryAuth(let code):
            component.queryAuth(code: code, completion: done)
        case .authorizerToken(let given):
            guard let appID = merchant(given) else {
                problem(step.line, .noAuthorizer)
                return nil
            }
            component.refreshAuthorizer(appID, completion: done)
        case .call(let path):
            component.call(path, completion: done)
        case .staleToken(let given):
            guard let appID = merchant(given) else {
                problem(step.line, .noAuthorizer)
                return nil
            }
            component.useStaleAuthorizerToken(appID)
            return nil
        }
        if !sim.run(until: { response != nil }) { unsettled(step) }
        lastWeChatAnswer = response
        return response
    }
}
