import AuthEngine

/// Tab 2's progress through the authorization-code flow, shared by reference so that
/// completions arriving later in virtual time can record that an interaction ended.
final class OAuthWalkthrough {
    /// An interaction whose messages are still on their way.
    var inFlight = false

    static let appName = "Analytics"
    static let redirect = "https://analytics.example/callback"

    /// Where the flow stands, deciding what `n` does next.
    enum Stage: Equatable {
        case unregistered, ready, consentOpen, codeReceived, authorized
    }

    static func stage(_ flow: OAuthFlow, now: Instant) -> Stage {
        if flow.app.registration == nil { return .unregistered }
        if flow.consentTicket != nil { return .consentOpen }
        if let value = flow.app.lastCode, let code = flow.authorizationServer.codes[value], code.usedAt == nil,
           now < code.expiresAt { return .codeReceived }
        if flow.app.accessToken != nil { return .authorized }
        return .ready
    }
}

extension AppState {
    var oauthFlow: OAuthFlow { world.oauth }
}

/// `n` in tab 2: start the next interaction, or deliver the next message of the one in flight.
func oauthNext(_ state: inout AppState) {
    let walkthrough = state.oauthWalkthrough
    let flow = state.oauthFlow
    if walkthrough.inFlight {
        stepOneMessage(state.world)
        if !walkthrough.inFlight { state.status = nil }
        return
    }
    let done: (HTTPResponse) -> Void = { _ in walkthrough.inFlight = false }
    switch OAuthWalkthrough.stage(flow, now: state.world.clock.now) {
    case .unregistered:
        flow.register(name: OAuthWalkthrough.appName, redirectURIs: [OAuthWalkthrough.redirect], scopes: ["profile", "orders"], pkce: true)
        state.status = StatusMessage(text: "Before: \(OAuthWalkthrough.appName) registered its callback and scopes and got app_id + app_secret. n starts interaction 1.")
        return
    case .ready:
        walkthrough.inFlight = true
        flow.authorize(completion: done)
    case .consentOpen:
        walkthrough.inFlight = true
        _ = flow.consent(approve: true, completion: done)
    case .codeReceived:
        walkthrough.inFlight = true
        flow.exchange(completion: done)
    case .authorized:
        walkthrough.inFlight = true
        if let token = flow.app.accessToken, state.world.clock.now >= token.expiresAt, flow.app.refreshToken != nil {
            flow.refresh(completion: done)
        } else {
            flow.call(method: "GET", path: "/api/orders", completion: done)
        }
    }
    state.status = nil
}

/// Fires events until one more message appears in the log (or nothing is left to fire).
func stepOneMessage(_ world: Simulation) {
    let before = world.log.totals.requests + world.log.totals.responsesByClass.reduce(0, +)
    for _ in 0..<20 {
        guard world.clock.step() else { return }
        if world.log.totals.requests + world.log.totals.responsesByClass.reduce(0, +) > before { return }
    }
}

/// Plays an attack or a mistake to its end and says which rule stopped it.
func oauthAttack(_ attack: OAuthAttack, _ state: inout AppState) {
    let flow = state.oauthFlow
    let world = state.world
    state.oauthWalkthrough.inFlight = false
    func settle(_ start: (@escaping (HTTPResponse) -> Void) -> Void) -> HTTPResponse? { world.settle(start) }
    func ensureRegistered() {
        if flow.app.registration == nil {
            flow.register(name: OAuthWalkthrough.appName, redirectURIs: [OAuthWalkthrough.redirect], scopes: ["profile", "orders"], pkce: true)
        }
    }
    /// A code that has not been exchanged yet, obtained through interactions 1 and 2 if needed.
    func ensureFreshCode() {
        ensureRegistered()
        guard OAuthWalkthrough.stage(flow, now: state.world.clock.now) != .codeReceived else { return }
        if flow.consentTicket == nil { _ = settle { flow.authorize(completion: $0) } }
        _ = settle { done in _ = flow.consent(approve: true, completion: done) }
    }
    let response: HTTPResponse?
    switch attack {
    case .foreignRedirect:
        ensureRegistered()
        response = settle { flow.authorize(redirect: "https://evil.example/steal", completion: $0) }
    case .replayCode:
        guard flow.app.lastCode != nil else {
            state.status = StatusMessage(text: "no code to replay yet: press n until the code is exchanged", tone: .bad)
            return
        }
        if OAuthWalkthrough.stage(flow, now: state.world.clock.now) == .codeReceived { _ = settle { flow.exchange(completion: $0) } }
        response = settle { flow.exchange(completion: $0) }
    case .noSecret:
        ensureFreshCode()
        response = settle { flow.exchange(secret: .none, completion: $0) }
    case .expiredCode:
        ensureFreshCode()
        world.jump(by: flow.authorizationServer.policy.codeLifetime + .seconds(1))
        response = settle { flow.exchange(completion: $0) }
    case .forgedState:
        ensureRegistered()
        _ = settle { flow.authorize(state: "forged-by-attacker", completion: $0) }
        response = settle { done in _ = flow.consent(approve: true, completion: done) }
    case .wrongVerifier:
        ensureFreshCode()
        response = settle { flow.exchange(verifier: .none, completion: $0) }
    case .deny:
        ensureRegistered()
        if flow.consentTicket == nil { _ = settle { flow.authorize(completion: $0) } }
        response = settle { done in _ = flow.consent(approve: false, completion: done) }
    case .refresh:
        guard flow.app.refreshToken != nil else {
            state.status = StatusMessage(text: "no refresh token yet: press n until the code is exchanged", tone: .bad)
            return
        }
        response = settle { flow.refresh(completion: $0) }
    }
    let story = attack.story
    let outcome = response.map { "\($0.status)" + ($0.errorCode.map { " " + $0 } ?? "") } ?? "no answer"
    let stopped = (response?.status ?? 0) >= 400
    state.status = StatusMessage(text: "\(story.attempt) → \(outcome). \(story.rule)", tone: attack == .refresh ? (stopped ? .bad : .good) : (stopped ? .good : .bad))
}
