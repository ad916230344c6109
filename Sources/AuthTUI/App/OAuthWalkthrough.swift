import AuthEngine

/// Tab 2: where the authorization-code flow stands, and the commands its keys run.
enum OAuthWalkthrough {
    static let appName = "Analytics"
    static let redirect = "https://analytics.example/callback"
    static let attackerRedirect = "https://evil.example/steal"
    static let forgedState = "forged-by-attacker"
    static let register = ScenarioCommand.oauth(.register(name: appName, redirectURIs: [redirect], scopes: ["openid", "profile", "orders"], pkce: true))

    /// Where the flow stands, deciding what `n` does next.
    enum Stage: Equatable {
        case unregistered, ready, consentOpen, codeReceived, authorized
    }

    /// `oauth register …` when nothing is registered yet: what a key that needs an app runs first.
    static func registrationIfNeeded(_ flow: OAuthFlow) -> [ScenarioCommand] {
        flow.app.registration == nil ? [register] : []
    }

    static func stage(_ flow: OAuthFlow, now: Instant) -> Stage {
        if flow.app.registration == nil { return .unregistered }
        if flow.consentTicket != nil { return .consentOpen }
        if let value = flow.app.lastCode, let code = flow.authorizationServer.codes[value], code.usedAt == nil,
           now < code.expiresAt, code.challenge == flow.app.verifier.map(PKCE.challenge(for:)) {
            // A code the app can still exchange: unused, fresh, and from the authorization
            // its session holds (an attack that started another one leaves it behind).
            return .codeReceived
        }
        if flow.app.accessToken != nil { return .authorized }
        return .ready
    }
}

extension AppState {
    var oauthFlow: OAuthFlow { world.oauth }
}

/// `n` in tab 2: show the next message of the interaction in view, or run the next one.
func oauthNext(_ state: inout AppState) {
    if state.revealNext(diagram: OAuthScreen.diagram) { state.status = nil; return }
    let flow = state.oauthFlow
    let command: ScenarioCommand
    switch OAuthWalkthrough.stage(flow, now: state.world.clock.now) {
    case .unregistered:
        let report = state.run(OAuthWalkthrough.register)
        state.status = state.problemStatus(report) ?? StatusMessage(
            en: "Before: \(OAuthWalkthrough.appName) registered its callback and scopes and got app_id + app_secret. n starts interaction 1.",
            zh: "事先：\(OAuthWalkthrough.appName) 登记了\(.redirectURI)和\(.scope)，拿到 app_id + app_secret。按 n 开始第一次交互。")
        return
    case .ready: command = .oauth(.authorize(redirect: nil, scope: nil, state: nil))
    case .consentOpen: command = .oauth(.consent(approve: true))
    case .codeReceived: command = .oauth(.exchange(code: .last, secret: .last, redirect: nil, verifier: .last))
    case .authorized:
        if let token = flow.app.accessToken, state.world.clock.now >= token.expiresAt, flow.app.refreshToken != nil {
            command = .oauth(.refresh)
        } else {
            command = .oauth(.call(method: "GET", path: "/api/orders"))
        }
    }
    let reports = state.runStepByStep([command], diagram: OAuthScreen.diagram)
    state.status = state.problemStatus(reports.last)
}

/// The commands that play an attack or a mistake to its end (from wherever the flow stands).
func oauthAttackCommands(_ attack: OAuthAttack, _ flow: OAuthFlow, now: Instant) -> [ScenarioCommand]? {
    let stage = OAuthWalkthrough.stage(flow, now: now)
    let registered = OAuthWalkthrough.registrationIfNeeded(flow)
    let authorize = ScenarioCommand.oauth(.authorize(redirect: nil, scope: nil, state: nil))
    let consentOpen: [ScenarioCommand] = flow.consentTicket == nil ? [authorize] : []
    /// A code not exchanged yet, through interactions 1 and 2 if needed.
    let freshCode: [ScenarioCommand] = stage == .codeReceived ? [] : registered + consentOpen + [.oauth(.consent(approve: true))]
    func exchange(secret: OAuthFlow.Credential = .last, verifier: OAuthFlow.Credential = .last) -> ScenarioCommand {
        .oauth(.exchange(code: .last, secret: secret, redirect: nil, verifier: verifier))
    }
    switch attack {
    case .foreignRedirect:
        return registered + [.oauth(.authorize(redirect: OAuthWalkthrough.attackerRedirect, scope: nil, state: nil))]
    case .replayCode:
        guard flow.app.lastCode != nil else { return nil }
        return (stage == .codeReceived ? [exchange()] : []) + [exchange()]
    case .noSecret:
        return freshCode + [exchange(secret: .none)]
    case .expiredCode:
        return freshCode + [.advance(flow.authorizationServer.policy.codeLifetime + .seconds(1)), exchange()]
    case .forgedState:
        return registered + [.oauth(.authorize(redirect: nil, scope: nil, state: OAuthWalkthrough.forgedState)), .oauth(.consent(approve: true))]
    case .wrongVerifier:
        return freshCode + [exchange(verifier: .none)]
    case .deny:
        return registered + consentOpen + [.oauth(.consent(approve: false))]
    case .refresh:
        guard flow.app.refreshToken != nil else { return nil }
        return [.oauth(.refresh)]
    }
}

/// Plays an attack or a mistake to its end and says which rule stopped it.
func oauthAttack(_ attack: OAuthAttack, _ state: inout AppState) {
    guard let commands = oauthAttackCommands(attack, state.oauthFlow, now: state.world.clock.now) else {
        state.status = attack == .refresh
            ? StatusMessage(en: "no refresh token yet: press n until the code is exchanged", zh: "还没有\(.refreshToken)：一直按 n，直到\(.authorizationCode)换成\(.token)", tone: .bad)
            : StatusMessage(en: "no code to replay yet: press n until the code is exchanged", zh: "还没有可重放的\(.authorizationCode)：一直按 n，直到\(.authorizationCode)换成\(.token)", tone: .bad)
        return
    }
    state.reveal = nil
    // Worded before it runs: the code's lifetime as the attack met it.
    let story = attack.story(codeLifetime: state.oauthFlow.authorizationServer.policy.codeLifetime)
    let reports = state.runMarked(commands, on: .oauth, Text.verbatim("⚔ ") + story.attempt) { reports in
        let answer = answerText(reports.last?.answer)
        return Text(en: "\(answer): end of the attack", zh: "\(answer)：攻击结束")
    }
    if let problem = state.problemStatus(reports.last) { state.status = problem; return }
    state.status = attackStatus(attack, story: story, answer: reports.last?.answer)
}

/// What an attack's answer means, from the answer itself: the rule when it was refused
/// (with the server's own reason), plainly when it was not.
func attackStatus(_ attack: OAuthAttack, story: (attempt: Text, rule: Text), answer response: HTTPResponse?) -> StatusMessage {
    let outcome = answerText(response)
    let refused = (response?.status ?? 0) >= 400
    let reason = response?.body?["error_description"]?.stringValue.map { " (\($0))" } ?? ""
    if attack == .refresh {
        return refused
            ? StatusMessage(en: "\(story.attempt) → \(outcome)\(reason): no new token; n authorizes again",
                            zh: "\(story.attempt) → \(outcome)\(reason)：没有新\(.token)；按 n 重新授权", tone: .bad)
            : StatusMessage(en: "\(story.attempt) → \(outcome). \(story.rule)", zh: "\(story.attempt) → \(outcome)。\(story.rule)", tone: .good)
    }
    return refused
        ? StatusMessage(en: "\(story.attempt) → \(outcome). \(story.rule)", zh: "\(story.attempt) → \(outcome)。\(story.rule)", tone: .good)
        : StatusMessage(en: "\(story.attempt) → \(outcome): not refused", zh: "\(story.attempt) → \(outcome)：没有被拒绝", tone: .bad)

}
