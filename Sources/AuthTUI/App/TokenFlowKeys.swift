import AuthEngine

/// Tab 1: each key is one command; the status line says what the engine reported.
func tokenFlow(_ action: AppAction, _ state: inout AppState) {
    let world = state.world
    switch action {
    case .login(let username):
        let again = world.client.long != nil
        let report = state.run(loginCommand(username))
        let outcome = report.outcomes.first
        let note = again ? Text(en: " (a new login: the previous long token stays valid until it expires or is revoked)",
                                zh: "（这是新的一次登录：之前的\(.longToken)在过期或被\(.revoke)之前依然有效）") : .empty
        state.status = outcome?.status == 200
            ? StatusMessage(en: "logged in as \(username): a short and a long token\(note)",
                            zh: "已以 \(username) 登录：拿到一个\(.shortToken)和一个\(.longToken)\(note)", tone: .good)
            : state.problemStatus(report) ?? StatusMessage(en: "login failed: \(describe(outcome))", zh: "登录失败：\(describe(outcome))", tone: .bad)
    case .logout:
        guard world.client.long != nil else {
            state.status = StatusMessage(en: "not logged in", zh: "尚未登录")
            return
        }
        let report = state.run(.logout)
        state.status = state.problemStatus(report) ?? StatusMessage(en: "logged out: the long token's family is revoked",
                                                              zh: "已登出：\(.longToken)所在的整个家族已被\(.revoke)")
    case .request(let method, let path):
        let failures = world.client.refreshFailures
        let report = state.run(.request(method: method, path: path))
        state.status = state.problemStatus(report)
            ?? StatusMessage(text: .verbatim("\(method) \(path) → ") + describe(report.outcomes.first) + refreshFailure(since: failures, world),
                             tone: tone(report.outcomes))
    case .burst:
        let failures = world.client.refreshFailures
        let report = state.run(.burst(count: AppState.burstSize, method: "GET", path: "/api/profile"))
        let summary = Dictionary(grouping: report.outcomes, by: { describe($0) }).sorted { $0.key.en < $1.key.en }
            .map { Text.verbatim("\($0.value.count)× ") + $0.key }.joined(separator: .verbatim(", "))
        state.status = state.problemStatus(report)
            ?? StatusMessage(text: Text(en: "burst of \(report.outcomes.count): \(summary)", zh: "\(report.outcomes.count) 个并发请求：\(summary)")
                                 + refreshFailure(since: failures, world), tone: tone(report.outcomes))
    case .toggleTraffic:
        if world.traffic == nil {
            state.run(.traffic(every: AppState.trafficInterval, method: "GET", path: "/api/profile"))
            state.status = StatusMessage(en: "background traffic on: GET /api/profile every \(AppState.trafficInterval)",
                                         zh: "后台流量已开启：每 \(AppState.trafficInterval) 一次 GET /api/profile")
        } else {
            state.run(.trafficOff)
            state.status = StatusMessage(en: "background traffic off", zh: "后台流量已关闭")
        }
    case .expire(let kind):
        let before = state.world.clock.now
        let report = state.run(.expire(kind))
        let held = kind == .short ? state.world.client.short : state.world.client.long
        let term: Term = kind == .short ? .shortToken : .longToken
        let next = kind == .short
            ? Text(en: ": their next call gets 401 token_expired, their refresh a new one", zh: "：它们的下一次调用得到 401 token_expired，\(.refresh)后拿到新的")
            : Text(en: ": their next refresh gets 401 refresh_expired", zh: "：它们的下一次\(.refresh)得到 401 refresh_expired")
        state.status = state.problemStatus(report, hint: world.live ? Text(en: "log in first (l, or a live client)", zh: "先登录（按 l，或用实时\(.client)）")
                                                             : logInHint)
            ?? (world.live
                // Two rows at 80 columns.
                ? StatusMessage(en: "every \(kind) token issued so far is now expired, live clients' too (clock: wall time)\(next)",
                                zh: "至今签发的每个\(term)现在都已过期，实时\(.client)的也一样（时钟：真实时间）\(next)")
                : state.world.clock.now == before
                    // Nothing to jump: it had run out already.
                    ? StatusMessage(en: "the \(kind) token had expired already (at \(String(held?.expiresAt.timeOfDay.prefix(8) ?? ""))): the clock stays",
                                    zh: "\(term)早已过期（\(String(held?.expiresAt.timeOfDay.prefix(8) ?? ""))）：时钟不动")
                    : kind == .short
                        ? StatusMessage(en: "jumped to 1 s past the short token's expiry: press r", zh: "时钟跳到\(.shortToken)过期后 1 秒：按 r")
                        : StatusMessage(en: "jumped to 1 s past the long token's expiry", zh: "时钟跳到\(.longToken)过期后 1 秒"))
    case .revokeLong:
        let report = state.run(.revokeLong)
        state.status = state.problemStatus(report) ?? StatusMessage(en: "long token revoked: the next refresh fails",
                                                              zh: "\(.longToken)已被\(.revoke)：下一次\(.refresh)会失败", tone: .bad)
    case .changeProfile:
        let (name, roles) = AppState.profileVariants[state.profileVariant % AppState.profileVariants.count]
        state.profileVariant += 1
        let report = state.run(.profile(username: "alice", name: name, roles: roles))
        let held = state.world.client.short?.claims["name"]?.stringValue
        let token = held.map { $0 == name ? Text(en: "her short token says \($0) too", zh: "她的\(.shortToken)里也是 \($0)")
                                          : Text(en: "her short token still says \($0) until it is renewed", zh: "她的\(.shortToken)在续期之前仍写着 \($0)") }
            ?? Text(en: "no short token is held: the next login carries the new claims", zh: "没有持有\(.shortToken)：下一次登录带上新的\(.claims)")
        state.status = state.problemStatus(report)
            ?? StatusMessage(en: "alice is now \(name) (\(roles.joined(separator: ","))) on the server; \(token)",
                             zh: "\(.server)上 alice 现在是 \(name)（\(roles.joined(separator: ","))）；\(token)")
    case .steal:
        let report = state.run(.stealLong)
        state.status = state.problemStatus(report) ?? StatusMessage(en: "the attacker copied the long token: press S to replay it",
                                                              zh: "\(.attacker)复制了\(.longToken)：按 S 重放它", tone: .bad)
    case .attackerReplay:
        let report = state.run(.attackerRefresh)
        if let problem = state.problemStatus(report) {
            state.status = problem
        } else {
            let ok = report.answer?.status == 200
            let answer = answerText(report.answer)
            state.status = ok
                ? StatusMessage(en: "attacker's refresh → \(answer): it got fresh tokens", zh: "\(.attacker)的\(.refresh) → \(answer)：拿到了新的\(.token)", tone: .bad)
                : StatusMessage(en: "attacker's refresh → \(answer)", zh: "\(.attacker)的\(.refresh) → \(answer)", tone: .good)
        }
    case .addClaim:
        let roles = world.server.users.account(username: "alice")?.roles ?? []
        let report = state.run(.profile(username: "alice", name: nil, roles: roles + ["role\(roles.count + 1)"]))
        let size = state.world.client.short.map {
            Text(en: "her short token is \($0.raw.utf8.count) bytes; the next one (x, then r) carries the new role and is bigger",
                 zh: "她的\(.shortToken)有 \($0.raw.utf8.count) 字节；下一个（按 x 再按 r）带上新角色，会更大") }
            ?? Text(en: "the next login's short token carries them", zh: "下一次登录的\(.shortToken)会带上它们")
        state.status = state.problemStatus(report)
            ?? StatusMessage(en: "alice has \(roles.count + 1) roles on the server: \(size) — every request sends it",
                             zh: "\(.server)上 alice 有 \(roles.count + 1) 个角色：\(size)——每个请求都要带着它")
    case .stealShort:
        let report = state.run(.stealShort)
        let left = world.client.short.map { Countdown.format($0.expiresAt - world.clock.now) } ?? "—"
        state.status = state.problemStatus(report, hint: logInHint)
            ?? StatusMessage(en: "the attacker copied the short token (it expires in \(left)): press D to use it",
                             zh: "\(.attacker)复制了\(.shortToken)（\(left) 后过期）：按 D 使用它", tone: .bad)
    case .attackerUsesShort:
        let report = state.run(.attackerRequest(method: "GET", path: "/api/profile"))
        if let problem = state.problemStatus(report) {
            state.status = problem
        } else if let answer = report.answer, let stolen = world.attacker.stolenShort {
            let left = stolen.expiresAt - state.world.clock.now
            state.status = answer.status == 200
                ? StatusMessage(en: "attacker's GET /api/profile with the stolen short token → 200: it works until its exp (in \(Countdown.format(left))), and no longer: the attacker has no long token to renew it",
                                zh: "\(.attacker)用偷来的\(.shortToken) GET /api/profile → 200：在它的 exp 之前都有效（还剩 \(Countdown.format(left))），之后就不行了：\(.attacker)没有\(.longToken)来续期", tone: .bad)
                : StatusMessage(en: "attacker's GET /api/profile with the stolen short token → \(answer.status) \(answer.errorCode ?? ""): a short token's short life is what limits a theft",
                                zh: "\(.attacker)用偷来的\(.shortToken) GET /api/profile → \(answer.status) \(answer.errorCode ?? "")：\(.shortToken)寿命短，正是它限制了被盗的危害", tone: .good)
        }
    case .tamper:
        let reports = state.run([.tamperShort(name: nil, roles: ["user", "admin"]), .request(method: "GET", path: "/api/admin")])
        if let problem = state.problemStatus(reports.last, hint: logInHint) {
            state.status = problem
        } else {
            let o = reports.last?.outcomes.first
            let why = o?.error == "invalid_token"
                ? Text(en: " — the signature no longer matches (never refreshed)", zh: "——\(.signature)对不上了（也不会去\(.refresh)）") : .empty
            state.status = StatusMessage(en: "roles=user,admin written into the short token, not re-signed: GET /api/admin → \(describe(o))\(why)",
                                         zh: "把 roles=user,admin 写进\(.shortToken)但不重新签名：GET /api/admin → \(describe(o))\(why)",
                                         tone: o?.status == 200 ? .bad : .good)
        }
    case .forge:
        let forgery = TokenForgery.allCases[state.forgeVariant % TokenForgery.allCases.count]
        state.forgeVariant += 1
        let report = state.run(.attackerForge(forgery))
        if let problem = state.problemStatus(report, hint: Text(en: "F tries the next one", zh: "按 F 试下一种")) {
            state.status = problem
        } else if let answer = report.answer {
            let attempt = ForgeryStory.attempt(forgery)
            state.status = answer.status == 200
                ? StatusMessage(en: "forged token (\(attempt)) → 200: the server accepted it", zh: "伪造的\(.token)（\(attempt)）→ 200：\(.server)接受了它", tone: .bad)
                : StatusMessage(en: "forged token (\(attempt)) → \(answer.status) \(answer.errorCode ?? ""): \(ForgeryStory.rule(answer))",
                                zh: "伪造的\(.token)（\(attempt)）→ \(answer.status) \(answer.errorCode ?? "")：\(ForgeryStory.rule(answer))",
                                tone: .good)
        }
    case .failNextRefresh:
        let fault: Simulation.RefreshFault = state.faultVariant % 2 == 0 ? .serverError : .drop
        state.faultVariant += 1
        state.run(.failNextRefresh(fault))
        state.status = fault == .serverError
            ? StatusMessage(en: "the next refresh answers 500", zh: "下一次\(.refresh)会得到 500")
            : StatusMessage(en: "the next refresh response will be lost", zh: "下一次\(.refresh)的响应会在途中丢失")
    case .cyclePolicy:
        state.run(.config(.refreshPolicy(world.server.policy.refreshPolicy.next)))
        let policy = state.world.server.policy.refreshPolicy
        state.status = StatusMessage(en: "refresh policy: \(policy.rawValue)", zh: "\(.refresh)策略：\(policy.rawValue)（\(RefreshPolicyStory.text(policy))）")
    case .toggleSingleFlight:
        state.run(.config(.singleFlight(!world.client.settings.singleFlight)))
        state.status = state.world.client.settings.singleFlight
            ? StatusMessage(en: "single flight on", zh: "single flight 已开启：多个 401 共用一次\(.refresh)")
            : StatusMessage(en: "single flight off: each 401 refreshes on its own", zh: "single flight 已关闭：每个 401 各自\(.refresh)")
    default:
        break
    }
}

/// How a refresh that failed during the action ended it, from what the client recorded:
/// the 401 the request got is only the start of the story.
private func refreshFailure(since count: Int, _ world: Simulation) -> Text {
    guard world.client.refreshFailures > count, let failure = world.client.lastRefreshFailure else { return .empty }
    let answer = failure.status.map { Text.verbatim("\($0)" + (failure.error.map { " " + $0 } ?? "")) } ?? noAnswer
    return world.client.state == .loginRequired
        ? Text(en: "; the refresh was refused (\(answer)): log in again (l)", zh: "；\(.refresh)被拒绝（\(answer)）：请重新登录（按 l）")
        : Text(en: "; the refresh failed (\(answer)): tokens kept, the next 401 tries again", zh: "；\(.refresh)失败（\(answer)）：\(.token)保留，下一个 401 会再试")
}

private func tone(_ outcomes: [RequestOutcome]) -> StatusMessage.Tone {
    outcomes.allSatisfy { ($0.status ?? 0) < 400 } ? .good : .bad
}
