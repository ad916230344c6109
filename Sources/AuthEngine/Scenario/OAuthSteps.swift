/// `oauth …` lines: each plays its message of the authorization-code flow, an attack, or
/// a key-rotation step.
extension ScenarioRunner {
    /// Runs an `oauth` step; its final HTTP answer is what `expect status` then checks.
    func oauth(_ command: OAuthCommand, _ step: Scenario.Step, _ sim: Simulation) -> HTTPResponse? {
        let flow = sim.oauth
        var response: HTTPResponse?
        let done: (HTTPResponse) -> Void = { response = $0 }
        currentLine = step.line
        switch command {
        case .register(let name, let uris, let scopes, let pkce):
            flow.register(name: name, redirectURIs: uris, scopes: scopes, pkce: pkce)
            return nil
        case .authorize(let redirect, let scope, let state):
            guard flow.app.registration != nil else { return refuse(.noAppRegistered) }
            flow.authorize(redirect: redirect, scope: scope, state: state, completion: done)
        case .consent(let approve):
            guard flow.consent(approve: approve, completion: done) else {
                return refuse(.noConsentPage)
            }
        case .exchange(let code, let secret, let redirect, let verifier):
            guard flow.app.registration != nil else { return refuse(.noAppRegistered) }
            flow.exchange(code: code, secret: secret, redirect: redirect, verifier: verifier, completion: done)
        case .call(let method, let path):
            flow.call(method: method, path: path, completion: done)
        case .refresh:
            guard flow.app.refreshToken != nil else { return refuse(.appHoldsNoRefreshToken) }
            flow.refresh(completion: done)
        case .expire:
            do { try sim.expireOAuthAccess() } catch {
                switch error {
                case .noToken: return refuse(.appHoldsNoAccessToken)
                case .noneIssued: return refuse(.noneStillValid(.access))
                case .timeLimit: return refuse(.clockLimit(source: step.source))
                }
            }
            return nil
        case .reset:
            sim.resetOAuth(policy: config.oauth)
            return nil
        case .key(let rotation):
            let platform = flow.authorizationServer
            do throws(PlatformKeyRing.Problem) {
                switch rotation {
                case .publish: try platform.publishKey()
                case .sign: try platform.startSigningWithNewestKey()
                case .retire: try platform.retireOldestKey()
                }
            } catch {
                return refuse(.keyRing(error))
            }
            return nil
        case .checkIDToken(let attack):
            var checked = false
            if let refusal = flow.checkIDToken(attack, completion: { _ in checked = true }) { return refuse(refusal) }
            if !sim.run(until: { checked }) { unsettled(step) }
            return nil
        }
        if !sim.run(until: { response != nil }) { unsettled(step) }
        if let response {
            lastOutcomes = [RequestOutcome(exchange: nil, method: "", path: "", status: response.status, error: response.errorCode, retried: false, body: response.body)]
        }
        return response
    }
}
