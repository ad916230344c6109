import AuthEngine

/// Tab 2's OpenID Connect and key keys: each runs its script command, and the status says
/// what the engine reported (the rule that failed, the note the platform logged).

/// `i I A H`: the app validates an ID token; the status names the first rule that failed.
func oauthIDToken(_ attack: IDTokenAttack?, _ state: inout AppState) {
    let app = state.oauthFlow.app
    guard app.idToken != nil else {
        let openid = app.registration.map { $0.scopes.contains("openid") } ?? true
        state.status = openid
            ? StatusMessage(en: "the app holds no ID token yet: press n until the code is exchanged",
                            zh: "\(.app)还没有 \(.idToken)：一直按 n，直到\(.authorizationCode)换成\(.token)", tone: .bad)
            : StatusMessage(en: "this app did not ask for openid: it has no ID token to check",
                            zh: "这个\(.app)没有申请 openid：没有 \(.idToken)可检查", tone: .bad)
        return
    }
    let title = attack.map { Text.verbatim("⚔ ") + IDTokenStory.attempt($0) } ?? Text(en: "the app checks its ID token", zh: "\(.app)检查它的 \(.idToken)")
    let reports = state.runMarked([.oauth(.checkIDToken(attack))], on: .oauth, title) { _ in
        IDTokenValidation.firstFailure(app.idTokenChecks).map { Text.verbatim("✗ " + $0.rule) } ?? Text(en: "✓ accepted", zh: "✓ 已接受")
    }
    if let problem = state.problemStatus(reports.last) { state.status = problem; return }
    let checks = state.oauthFlow.app.idTokenChecks
    let subject = IDTokenStory.subject(state.oauthFlow.app.idTokenCheckSubject ?? .own)
    if let failed = IDTokenValidation.firstFailure(checks) {
        let rule = attack.map { Text(en: " \(IDTokenStory.rule($0))", zh: "\(IDTokenStory.rule($0))") } ?? .empty
        state.status = StatusMessage(en: "The app refused \(subject): ✗ \(failed.rule) \(failed.detail).\(rule)",
                                     zh: "\(.app)拒绝了\(subject)：✗ \(failed.rule) \(failed.detailInChinese)。\(rule)", tone: attack == nil ? .bad : .good)
    } else {
        let passed = checks.map { "✓ " + $0.rule }.joined(separator: " ")
        state.status = StatusMessage(en: "The app accepted \(subject): \(passed)", zh: "\(.app)接受了\(subject)：\(passed)",
                                     tone: attack == nil ? .good : .bad)
    }
}

enum IDTokenStory {
    static func attempt(_ attack: IDTokenAttack) -> Text {
        switch attack {
        case .replayed: return Text(en: "replay an earlier ID token", zh: "重放一个旧的 \(.idToken)")
        case .otherApp: return Text(en: "another app's ID token", zh: "别的\(.app)的 \(.idToken)")
        case .swapped: return Text(en: "swap in another access token", zh: "调包成另一个\(.accessToken)")
        }
    }

    static func rule(_ attack: IDTokenAttack) -> Text {
        switch attack {
        case .replayed: return Text(en: "The nonce binds an ID token to the sign-in that asked for it.", zh: "nonce 把 \(.idToken)绑定到请求它的那次登录。")
        case .otherApp: return Text(en: "aud must name this app: a token for another app is not for it.", zh: "aud 必须是这个\(.app)：发给别的\(.app)的\(.token)不是给它的。")
        case .swapped: return Text(en: "at_hash binds the access token issued with the ID token.", zh: "at_hash 绑定与 \(.idToken)一起签发的\(.accessToken)。")
        }
    }

    /// What the app checked, in each language.
    static func subject(_ subject: IDTokenCheckSubject) -> Text {
        switch subject {
        case .own: return Text(en: "\(subject)", zh: "它的 \(.idToken)")
        case .replayed: return Text(en: "\(subject)", zh: "被重放的 \(.idToken)")
        case .otherApp: return Text(en: "\(subject)", zh: "别的\(.app)的 \(.idToken)")
        case .swapped: return Text(en: "\(subject)", zh: "旁边的\(.accessToken)被调包的 \(.idToken)")
        }
    }
}

/// `P S T`: a rotation step; the status says what the platform logged about it, computed
/// (for Chinese) from the same key ring.
func oauthKey(_ step: KeyRotationStep, _ state: inout AppState) {
    let commands = OAuthWalkthrough.registrationIfNeeded(state.oauthFlow) + [.oauth(.key(step))]
    let before = state.world.log.totals.entries
    let reports = state.run(commands)
    if let problem = state.problemStatus(reports.last) { state.status = problem; return }
    state.status = StatusMessage(text: lastNote(state.world, after: before).map(NoteStory.text) ?? Text(en: "done", zh: "完成"))
}

/// `K`: thirty invented kids, one a second; the status is the engine's count of fetches.
func oauthSprayKids(_ state: inout AppState) {
    let commands = OAuthWalkthrough.registrationIfNeeded(state.oauthFlow) + [.attackerSprayKids(count: 30, every: .seconds(1))]
    let before = state.world.log.totals.entries
    let reports = state.runMarked(commands, on: .oauth, Text(en: "⚔ 30 invented kids", zh: "⚔ 30 个编造的 kid")) { _ in
        Text(en: "end of the spraying", zh: "喷洒结束")
    }
    if let problem = state.problemStatus(reports.last) { state.status = problem; return }
    let note = lastNote(state.world, after: before).map(NoteStory.text) ?? .empty
    state.status = StatusMessage(en: "\(note). The cooldown bounds what invented kids cost the platform.",
                                 zh: "\(note)。冷却时间限制了编造的 kid 给\(.platform)带来的开销。", tone: .good)
}

/// `x` on tab 2: a jump to 1 s past the app's access token's `exp`; live, the platform's
/// judgement on every access token it issued (the clock stays with wall time).
func oauthExpire(_ state: inout AppState) {
    let before = state.world.log.totals.entries, time = state.world.clock.now
    let report = state.run(.oauth(.expire))
    if let problem = state.problemStatus(report) { state.status = problem; return }
    if state.world.live {
        guard case .platformJudgedExpired(let count) = lastNote(state.world, after: before) else { return }
        // Two rows at 80 columns.
        state.status = StatusMessage(en: "the platform judged its \(count) access token\(count == 1 ? "" : "s") expired, live clients' too (clock: wall time): their next API call gets 401, a refresh a new one",
                                     zh: "\(.platform)把它签发的 \(count) 个\(.accessToken)判为过期，实时\(.client)的也一样（时钟：真实时间）：下一次 API 调用得到 401，\(.refresh)后拿到新的")
        return
    }
    let next = Keymap.press([.oauthNext], on: .oauth) ?? .verbatim("n")
    if state.world.clock.now == time, let token = state.oauthFlow.app.accessToken {
        // Nothing to jump: it had run out already.
        let at = String(token.expiresAt.timeOfDay.prefix(8))
        state.status = StatusMessage(en: "the access token had expired already (at \(at)): the clock stays", zh: "\(.accessToken)早已过期（\(at)）：时钟不动")
        return
    }
    state.status = state.oauthFlow.app.refreshToken == nil
        ? StatusMessage(en: "jumped to 1 s past the access token's expiry: the API now refuses it, and the app has no refresh token",
                        zh: "时钟跳到\(.accessToken)过期后 1 秒：API 现在拒绝它，而\(.app)没有\(.refreshToken)")
        : StatusMessage(en: "jumped to 1 s past the access token's expiry: the API now refuses it; \(next) has the app refresh it",
                        zh: "时钟跳到\(.accessToken)过期后 1 秒：API 现在拒绝它；按 \(next) 让\(.app)\(.refresh)")
}

/// The newest `·` note logged after `sequence`.
private func lastNote(_ world: Simulation, after sequence: Int) -> LogNote? {
    for entry in world.log.entries.reversed() {
        guard entry.sequence > sequence else { break }
        if case .note(let text) = entry.event { return text }
    }
    return nil
}
