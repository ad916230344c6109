import AuthEngine

/// Tab 2's OpenID Connect and key keys: each runs its script command, and the status says
/// what the engine reported (the rule that failed, the note the platform logged).

/// `i I A H`: the app validates an ID token; the status names the first rule that failed.
func oauthIDToken(_ attack: IDTokenAttack?, _ state: inout AppState) {
    let app = state.oauthFlow.app
    guard app.idToken != nil else {
        let openid = app.registration.map { $0.scopes.contains("openid") } ?? true
        state.status = StatusMessage(text: openid ? "the app holds no ID token yet: press n until the code is exchanged"
                                                  : "this app did not ask for openid: it has no ID token to check", tone: .bad)
        return
    }
    let title = attack.map { "⚔ " + IDTokenStory.attempt($0) } ?? "the app checks its ID token"
    let reports = state.runMarked([.oauth(.checkIDToken(attack))], on: .oauth, title) { _ in
        IDTokenValidation.firstFailure(app.idTokenChecks).map { "✗ " + $0.rule } ?? "✓ accepted"
    }
    if let problem = problemStatus(reports.last) { state.status = problem; return }
    let checks = state.oauthFlow.app.idTokenChecks
    let subject = state.oauthFlow.app.idTokenCheckSubject ?? "the ID token"
    if let failed = IDTokenValidation.firstFailure(checks) {
        let rule = attack.map { " " + IDTokenStory.rule($0) } ?? ""
        state.status = StatusMessage(text: "The app refused \(subject): ✗ \(failed.rule) \(failed.detail).\(rule)", tone: attack == nil ? .bad : .good)
    } else {
        state.status = StatusMessage(text: "The app accepted \(subject): \(checks.map { "✓ " + $0.rule }.joined(separator: " "))",
                                     tone: attack == nil ? .good : .bad)
    }
}

enum IDTokenStory {
    static func attempt(_ attack: IDTokenAttack) -> String {
        switch attack {
        case .replayed: return "replay an earlier ID token"
        case .otherApp: return "another app's ID token"
        case .swapped: return "swap in another access token"
        }
    }

    static func rule(_ attack: IDTokenAttack) -> String {
        switch attack {
        case .replayed: return "The nonce binds an ID token to the sign-in that asked for it."
        case .otherApp: return "aud must name this app: a token for another app is not for it."
        case .swapped: return "at_hash binds the access token issued with the ID token."
        }
    }
}

/// `P S T`: a rotation step; the status is the note the platform logged about it.
func oauthKey(_ step: KeyRotationStep, _ state: inout AppState) {
    let commands = OAuthWalkthrough.registrationIfNeeded(state.oauthFlow) + [.oauth(.key(step))]
    let before = state.world.log.totals.entries
    let reports = state.run(commands)
    if let problem = problemStatus(reports.last) { state.status = problem; return }
    state.status = StatusMessage(text: lastNote(state.world, after: before) ?? "done")
}

/// `K`: thirty invented kids, one a second; the status is the engine's count of fetches.
func oauthSprayKids(_ state: inout AppState) {
    let commands = OAuthWalkthrough.registrationIfNeeded(state.oauthFlow) + [.attackerSprayKids(count: 30, every: .seconds(1))]
    let before = state.world.log.totals.entries
    let reports = state.runMarked(commands, on: .oauth, "⚔ 30 invented kids") { _ in "end of the spraying" }
    if let problem = problemStatus(reports.last) { state.status = problem; return }
    state.status = StatusMessage(text: (lastNote(state.world, after: before) ?? "") + ". The cooldown bounds what invented kids cost the platform.", tone: .good)
}

/// The newest `·` note logged after `sequence`.
private func lastNote(_ world: Simulation, after sequence: Int) -> String? {
    for entry in world.log.entries.reversed() {
        guard entry.sequence > sequence else { break }
        if case .note(let text) = entry.event { return text }
    }
    return nil
}
