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
    let reports = state.run(commands)
    let world = state.world
    if let problem = problemStatus(reports.last, hint: action == .expireShort ? "press l to log in" : nil) {
        state.status = problem
        return
    }
    let last = reports.last ?? StepReport()
    func outcome(_ o: RequestOutcome?) -> String {
        guard let o else { return "—" }
        return o.status.map { "\($0)" + (o.error.map { " " + $0 } ?? "") } ?? "timed out"
    }
    let jwt = last.jwtOutcomes, sessions = last.sessionOutcomes
    let text: String
    switch action {
    case .login:
        text = "Logged in twice: the JWT side holds two signed tokens, the session side an opaque id; the store now holds a session."
    case .logout:
        text = "Logout: the session is deleted; the JWT's long token is revoked but its short token stays valid until exp."
    case .request:
        text = "JWT \(outcome(jwt.first)) — verified with the key alone · session \(outcome(sessions.first)) — looked up in the store"
    case .profile:
        let name = world.server.users.account(username: "alice")?.name ?? "—"
        let jwtName = jwt.first?.body?["name"]?.stringValue ?? "—", sessionName = sessions.first?.body?["name"]?.stringValue ?? "—"
        let left = world.client.short.map { Countdown.format($0.expiresAt - world.clock.now) } ?? "—"
        text = "Renamed to \(name): sessions say \(sessionName) at once; the JWT says \(jwtName) until its short token is renewed (in \(left))."
    case .forcedLogout:
        text = "Forced logout: session \(outcome(sessions.first)) at once; JWT \(outcome(jwt.first))"
            + (world.comparison.denylist ? " — the denylist is state again, checked every request." : " — it works until exp (press D for a denylist).")
    case .expireShort:
        text = "Past the JWT's exp: \(outcome(jwt.first)) after the interceptor's refresh — the renewal is when JWT state catches up."
    case .storeToggle:
        text = world.store.isUp ? "Store back up: session \(outcome(sessions.first)), JWT \(outcome(jwt.first))."
            : "Store down: session \(outcome(sessions.first)) — nobody can be authenticated; JWT \(outcome(jwt.first))" + (world.comparison.denylist ? " (it needs the store for its denylist)." : ": no store needed.")
    case .denylistToggle:
        text = world.comparison.denylist ? "JWT denylist on: revocation works at once, but every request looks up the store — the state JWT was meant to avoid."
            : "JWT denylist off: no look-ups, and a revoked token works until exp."
    case .addServer:
        let ok = { (o: [RequestOutcome]) in o.filter { $0.status == 200 }.count }
        text = "\(world.comparison.servers) servers: JWT \(ok(jwt))/\(jwt.count) OK with just the key; sessions \(ok(sessions))/\(sessions.count) OK"
            + (world.comparison.localSessions ? " — local memory does not scale out." : " thanks to the shared store.")
    case .localToggle:
        text = world.comparison.localSessions ? "Sessions now live in each server's memory: log in (l), then requests land on servers that never saw the session."
            : "Sessions back in the shared store: any server can answer."
    case .stickyToggle:
        text = world.comparison.sticky ? "Sticky balancer: a session's requests go back to the server that created it (log in again to pin)."
            : "Round robin again: every request may land on another server."
    }
    state.status = StatusMessage(text: text)
}
