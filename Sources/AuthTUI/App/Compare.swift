import AuthEngine

/// The commands one tab-4 key runs: the action, then (where it shows the trade-off) a
/// `GET /api/profile` on both designs.
func compareCommands(_ action: CompareAction, _ world: Simulation, profileVariant: Int) -> [ScenarioCommand] {
    let profile = ScenarioCommand.request(method: "GET", path: "/api/profile")
    switch action {
    case .login: return [loginCommand("alice")]
    case .logout: return [.logout]
    case .request: return [profile]
    case .profile:
        let variant = AppState.profileVariants[profileVariant % AppState.profileVariants.count]
        return [.profile(username: "alice", name: variant.name, roles: variant.roles), profile]
    case .forcedLogout: return [.revokeLong, profile]
    case .expireShort: return [.expire(.short), profile]
    case .storeToggle: return [.sessions(.store(up: !world.store.isUp)), profile]
    case .denylistToggle: return [.sessions(.denylist(!world.comparison.denylist))]
    case .addServer:
        let servers = world.comparison.servers + 1
        return [.sessions(.servers(servers)), .burst(count: servers, method: "GET", path: "/api/orders")]
    case .localToggle: return [.sessions(.local(!world.comparison.localSessions))]
    case .stickyToggle: return [.sessions(.sticky(!world.comparison.sticky))]
    }
}

/// Tab 4: one action, both designs, and a line naming the trade-off it shows.
func compare(_ action: CompareAction, _ state: inout AppState) {
    let commands = compareCommands(action, state.world, profileVariant: state.profileVariant)
    if action == .profile { state.profileVariant += 1 }
    let loggedInBefore = state.world.client.state == .loggedIn
    let sessionHeldBefore = state.world.sessionClient.sessionID != nil
    let reports = state.run(commands)
    let world = state.world
    if let problem = state.problemStatus(reports.last, hint: action == .expireShort ? logInHint : nil) {
        state.status = problem
        return
    }
    let last = reports.last ?? StepReport()
    func outcome(_ o: RequestOutcome?) -> Text {
        guard let o else { return .verbatim("—") }
        return o.status.map { .verbatim("\($0)" + (o.error.map { " " + $0 } ?? "")) } ?? Text(en: "timed out", zh: "超时")
    }
    let jwt = last.jwtOutcomes, sessions = last.sessionOutcomes
    let j = jwt.first, se = sessions.first
    let ok = { (o: RequestOutcome?) in o?.status == 200 }
    /// Where the session side looked the session up, from who answered.
    let servedBy = se?.body?["served_by"]?.stringValue
    let whereSession: Text = world.comparison.localSessions
        ? (servedBy.map { Text(en: "looked up in \($0)'s own memory", zh: "在 \($0) 自己的内存里查到") }
            ?? Text(en: "looked up in a server's own memory", zh: "在某台\(.server)自己的内存里查到"))
        : Text(en: "looked up in the store", zh: "在存储里查到")
    /// How the JWT side checked a token it accepted: the key, and the store too with a denylist.
    let howJWT = world.comparison.denylist
        ? Text(en: "verified with the key, then the denylist looked up in the store", zh: "用\(.key)验证，再到存储里查黑名单")
        : Text(en: "verified with the key alone", zh: "只用\(.key)验证")
    let text: Text
    switch action {
    case .login:
        let held = world.comparison.localSessions ? Text(en: "the memory of the server that answered", zh: "响应的那台\(.server)的内存")
                                                  : Text(en: "the store", zh: "存储")
        text = ok(j) && ok(se)
            ? Text(en: "Logged in on both sides: the JWT side holds a short and a long signed token, the session side an opaque cookie; \(held) holds the session.",
                   zh: "两边都已登录：JWT 一侧持有签名的\(.shortToken)和\(.longToken)，\(.session)一侧持有不透明的 cookie；\(.session)保存在\(held)里。")
            : Text(en: "Login: JWT \(outcome(j)), session \(outcome(se)).", zh: "登录：JWT \(outcome(j))，\(.session) \(outcome(se))。")
    case .logout:
        text = Text(en: "Logged out on both sides: the session is deleted; the JWT's long token is revoked, and any copy of its short token works until exp.",
                    zh: "两边都已登出：\(.session)被删除；JWT 的\(.longToken)被\(.revoke)，而它的\(.shortToken)的任何副本在 exp 之前依然有效。")
    case .request:
        let jwtWhy = ok(j) ? Text.verbatim(" — ") + howJWT : .empty
        let sessionWhy = ok(se) ? Text.verbatim(" — ") + whereSession : .empty
        text = Text(en: "JWT \(outcome(j))\(jwtWhy) · session \(outcome(se))\(sessionWhy)", zh: "JWT \(outcome(j))\(jwtWhy) · \(.session) \(outcome(se))\(sessionWhy)")
    case .profile:
        let name = world.server.users.account(username: "alice")?.name ?? "—"
        if !ok(j), !ok(se) {
            text = Text(en: "Renamed to \(name) on the server; nobody is logged in to see it (l logs in).",
                        zh: "\(.server)上已改名为 \(name)；没有人登录，看不到变化（按 l 登录）。")
        } else {
            let jwtName = j?.body?["name"]?.stringValue.map(Text.verbatim) ?? outcome(j)
            let sessionName = se?.body?["name"]?.stringValue.map(Text.verbatim) ?? outcome(se)
            let left = world.client.short.map { Countdown.format($0.expiresAt - world.clock.now) } ?? "—"
            text = jwtName.en == name
                ? Text(en: "Renamed to \(name): sessions say \(sessionName), the JWT says \(jwtName) too (its short token was issued after the change).",
                       zh: "已改名为 \(name)：\(.session)显示 \(sessionName)，JWT 也显示 \(jwtName)（它的\(.shortToken)是改名之后签发的）。")
                : Text(en: "Renamed to \(name): sessions say \(sessionName) at once; the JWT says \(jwtName) until its short token is renewed (in \(left)).",
                       zh: "已改名为 \(name)：\(.session)立刻显示 \(sessionName)；JWT 在\(.shortToken)续期之前（还有 \(left)）仍显示 \(jwtName)。")
        }
    case .forcedLogout:
        if !loggedInBefore {
            text = Text(en: "Forced logout: nobody was logged in (l logs in first).", zh: "强制登出：没有人登录（先按 l 登录）。")
        } else {
            let atOnce = ok(se) ? Text.empty : Text(en: " at once", zh: "，立即生效")
            let jwtWhy = ok(j) ? Text(en: " — it works until exp (D adds a denylist).", zh: "——它在 exp 之前依然有效（按 D 加黑名单）。")
                : world.comparison.denylist ? Text(en: " — the denylist is state again, checked every request.", zh: "——黑名单又是一份状态，每个请求都要查。")
                : Text(en: ".", zh: "。")
            text = Text(en: "Forced logout: session \(outcome(se))\(atOnce); JWT \(outcome(j))\(jwtWhy)",
                        zh: "强制登出：\(.session) \(outcome(se))\(atOnce)；JWT \(outcome(j))\(jwtWhy)")
        }
    case .expireShort:
        text = j?.retried == true
            ? Text(en: "Past the JWT's exp: \(outcome(j)) after the interceptor's refresh — the renewal is when JWT state catches up.",
                   zh: "过了 JWT 的 exp：\(.interceptor)\(.refresh)之后 \(outcome(j))——续期的那一刻，JWT 的状态才追上来。")
            : Text(en: "Past the JWT's exp: \(outcome(j)).", zh: "过了 JWT 的 exp：\(outcome(j))。")
    case .storeToggle:
        let up = world.store.isUp
        let sessionWhy: Text
        if up { sessionWhy = .empty }
        else if ok(se) { sessionWhy = Text(en: " — these sessions live in server memory, not in the store", zh: "——这些\(.session)在\(.server)内存里，不在存储里") }
        else if !sessionHeldBefore { sessionWhy = Text(en: " — it held no session to check", zh: "——它本来就没有\(.session)可查") }
        else { sessionWhy = Text(en: " — no session can be checked", zh: "——没有\(.session)能被核对") }
        let jwtWhy = ok(j) ? (up ? Text.empty : Text(en: ": no store needed", zh: "：不需要存储"))
            : world.comparison.denylist && !up ? Text(en: ": its denylist lives in the store", zh: "：它的黑名单在存储里") : .empty
        text = up
            ? Text(en: "Store back up: session \(outcome(se))\(sessionWhy); JWT \(outcome(j))\(jwtWhy).", zh: "存储恢复：\(.session) \(outcome(se))\(sessionWhy)；JWT \(outcome(j))\(jwtWhy)。")
            : Text(en: "Store down: session \(outcome(se))\(sessionWhy); JWT \(outcome(j))\(jwtWhy).", zh: "存储宕机：\(.session) \(outcome(se))\(sessionWhy)；JWT \(outcome(j))\(jwtWhy)。")
    case .denylistToggle:
        text = world.comparison.denylist
            ? Text(en: "JWT denylist on: revocation works at once, but every request looks up the store — the state JWT was meant to avoid.",
                   zh: "JWT 黑名单已开启：\(.revoke)立即生效，但每个请求都要查存储——这正是 JWT 想避免的状态。")
            : Text(en: "JWT denylist off: no look-ups, and a revoked token works until exp.", zh: "JWT 黑名单已关闭：不用查询，被\(.revoke)的\(.token)在 exp 之前依然有效。")
    case .addServer:
        let count = { (o: [RequestOutcome]) in o.filter { $0.status == 200 }.count }
        let servers = world.comparison.servers
        let anyoneLoggedIn = world.client.short != nil || world.sessionClient.sessionID != nil || sessionHeldBefore
        if count(jwt) == 0, count(sessions) == 0, !anyoneLoggedIn {
            text = Text(en: "\(servers) servers, but nobody is logged in: JWT 0/\(jwt.count), sessions 0/\(sessions.count) OK (l logs in first).",
                        zh: "\(servers) 台\(.server)，但没有人登录：JWT 0/\(jwt.count)，\(.session) 0/\(sessions.count) 成功（先按 l 登录）。")
        } else if count(jwt) == 0, count(sessions) == 0 {
            text = Text(en: "\(servers) servers: JWT 0/\(jwt.count) OK (\(outcome(j))), sessions 0/\(sessions.count) OK (\(outcome(se))).",
                        zh: "\(servers) 台\(.server)：JWT 0/\(jwt.count) 成功（\(outcome(j))），\(.session) 0/\(sessions.count) 成功（\(outcome(se))）。")
        } else {
            let why = count(sessions) < sessions.count
                ? (world.comparison.localSessions ? Text(en: " — the others never saw the session (server memory).", zh: "——其余的\(.server)从没见过这个\(.session)（\(.server)内存）。") : Text(en: ".", zh: "。"))
                : world.comparison.localSessions ? Text(en: " (sticky routing keeps each session on its server).", zh: "（粘性路由让每个\(.session)留在它的\(.server)上）。")
                : Text(en: " thanks to the shared store.", zh: "，多亏了共享存储。")
            text = Text(en: "\(servers) servers: JWT \(count(jwt))/\(jwt.count) OK with just the key; sessions \(count(sessions))/\(sessions.count) OK\(why)",
                        zh: "\(servers) 台\(.server)：JWT 只凭\(.key)就 \(count(jwt))/\(jwt.count) 成功；\(.session) \(count(sessions))/\(sessions.count) 成功\(why)")
        }
    case .localToggle:
        text = world.comparison.localSessions
            ? Text(en: "Sessions now live in each server's memory: log in (l), then requests land on servers that never saw the session.",
                   zh: "\(.session)现在保存在各台\(.server)的内存里：登录（按 l）之后，请求会落到从没见过这个\(.session)的\(.server)上。")
            : Text(en: "Sessions back in the shared store: any server can answer.", zh: "\(.session)回到共享存储：任何\(.server)都能响应。")
    case .stickyToggle:
        text = world.comparison.sticky
            ? Text(en: "Sticky balancer: a session's requests go back to the server that created it (log in again to pin).",
                   zh: "粘性负载均衡：一个\(.session)的请求总回到创建它的\(.server)（重新登录以固定）。")
            : Text(en: "Round robin again: every request may land on another server.", zh: "恢复轮询：每个请求都可能落到另一台\(.server)上。")
    }
    state.status = StatusMessage(text: text)
}
