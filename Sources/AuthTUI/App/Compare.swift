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
    let j = jwt.first, se = sessions.first
    let ok = { (o: RequestOutcome?) in o?.status == 200 }
    /// Where the session side looked the session up, from who answered.
    let whereSession: String = world.comparison.localSessions
        ? "looked up in \(se?.body?["served_by"]?.stringValue ?? "a server")'s own memory"
        : "looked up in the store"
    /// How the JWT side checked a token it accepted: the key, and the store too with a denylist.
    let howJWT = world.comparison.denylist ? "verified with the key, then the denylist looked up in the store" : "verified with the key alone"
    let text: String
    switch action {
    case .login:
        let held = world.comparison.localSessions ? "the memory of the server that answered" : "the store"
        text = ok(j) && ok(se)
            ? "Logged in on both sides: the JWT side holds a short and a long signed token, the session side an opaque cookie; \(held) holds the session."
            : "Login: JWT \(outcome(j)), session \(outcome(se))."
    case .logout:
        text = "Logged out on both sides: the session is deleted; the JWT's long token is revoked, and any copy of its short token works until exp."
    case .request:
        text = "JWT \(outcome(j))" + (ok(j) ? " — " + howJWT : "") + " · session \(outcome(se))" + (ok(se) ? " — " + whereSession : "")
    case .profile:
        let name = world.server.users.account(username: "alice")?.name ?? "—"
        if !ok(j), !ok(se) {
            text = "Renamed to \(name) on the server; nobody is logged in to see it (l logs in)."
        } else {
            let jwtName = j?.body?["name"]?.stringValue ?? outcome(j), sessionName = se?.body?["name"]?.stringValue ?? outcome(se)
            let left = world.client.short.map { Countdown.format($0.expiresAt - world.clock.now) } ?? "—"
            text = jwtName == name
                ? "Renamed to \(name): sessions say \(sessionName), the JWT says \(jwtName) too (its short token was issued after the change)."
                : "Renamed to \(name): sessions say \(sessionName) at once; the JWT says \(jwtName) until its short token is renewed (in \(left))."
        }
    case .forcedLogout:
        if !loggedInBefore {
            text = "Forced logout: nobody was logged in (l logs in first)."
        } else {
            text = "Forced logout: session \(outcome(se))" + (ok(se) ? "" : " at once") + "; JWT \(outcome(j))"
                + (ok(j) ? " — it works until exp (D adds a denylist)." : world.comparison.denylist ? " — the denylist is state again, checked every request." : ".")
        }
    case .expireShort:
        text = "Past the JWT's exp: \(outcome(j))" + (j?.retried == true ? " after the interceptor's refresh — the renewal is when JWT state catches up." : ".")
    case .storeToggle:
        let up = world.store.isUp
        let sessionPart: String
        if up { sessionPart = "session \(outcome(se))" }
        else if ok(se) { sessionPart = "session \(outcome(se)) — these sessions live in server memory, not in the store" }
        else if !sessionHeldBefore { sessionPart = "session \(outcome(se)) — it held no session to check" }
        else { sessionPart = "session \(outcome(se)) — no session can be checked" }
        let jwtPart = "JWT \(outcome(j))" + (ok(j) ? (up ? "" : ": no store needed") : world.comparison.denylist && !up ? ": its denylist lives in the store" : "")
        text = (up ? "Store back up: " : "Store down: ") + sessionPart + "; " + jwtPart + "."
    case .denylistToggle:
        text = world.comparison.denylist ? "JWT denylist on: revocation works at once, but every request looks up the store — the state JWT was meant to avoid."
            : "JWT denylist off: no look-ups, and a revoked token works until exp."
    case .addServer:
        let count = { (o: [RequestOutcome]) in o.filter { $0.status == 200 }.count }
        let servers = world.comparison.servers
        let anyoneLoggedIn = world.client.short != nil || world.sessionClient.sessionID != nil || sessionHeldBefore
        if count(jwt) == 0, count(sessions) == 0, !anyoneLoggedIn {
            text = "\(servers) servers, but nobody is logged in: JWT 0/\(jwt.count), sessions 0/\(sessions.count) OK (l logs in first)."
        } else if count(jwt) == 0, count(sessions) == 0 {
            text = "\(servers) servers: JWT 0/\(jwt.count) OK (\(outcome(j))), sessions 0/\(sessions.count) OK (\(outcome(se)))."
        } else {
            text = "\(servers) servers: JWT \(count(jwt))/\(jwt.count) OK with just the key; sessions \(count(sessions))/\(sessions.count) OK"
                + (count(sessions) < sessions.count ? (world.comparison.localSessions ? " — the others never saw the session (server memory)." : ".")
                   : world.comparison.localSessions ? " (sticky routing keeps each session on its server)." : " thanks to the shared store.")
        }
    case .localToggle:
        text = world.comparison.localSessions ? "Sessions now live in each server's memory: log in (l), then requests land on servers that never saw the session."
            : "Sessions back in the shared store: any server can answer."
    case .stickyToggle:
        text = world.comparison.sticky ? "Sticky balancer: a session's requests go back to the server that created it (log in again to pin)."
            : "Round robin again: every request may land on another server."
    }
    state.status = StatusMessage(text: text)
}
