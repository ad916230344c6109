import AuthEngine

/// Tab 4: one action, both designs, and a line naming the trade-off it shows.
func compare(_ action: CompareAction, _ state: inout AppState) {
    let world = state.world
    world.mode = .both
    func outcome(_ o: RequestOutcome?) -> String {
        guard let o else { return "—" }
        return o.status.map { "\($0)" + (o.error.map { " " + $0 } ?? "") } ?? "timed out"
    }
    let text: String
    switch action {
    case .login:
        world.loginSettled(username: "alice", password: "wonderland")
        text = "Logged in twice: the JWT side holds two signed tokens, the session side an opaque id; the store now holds a session."
    case .logout:
        world.logoutSettled()
        text = "Logout: the session is deleted; the JWT's long token is revoked but its short token stays valid until exp."
    case .request:
        let (jwt, sessions) = world.sendSettled(count: 1, method: "GET", path: "/api/profile")
        text = "JWT \(outcome(jwt.first)) — verified with the key alone · session \(outcome(sessions.first)) — looked up in the store"
    case .profile:
        let names = ["李雷", "Zoë 🔑", "Alice"]
        let name = names[state.profileVariant % names.count]
        state.profileVariant += 1
        _ = world.updateProfile(username: "alice", name: name, roles: nil)
        let (jwt, sessions) = world.sendSettled(count: 1, method: "GET", path: "/api/profile")
        let jwtName = jwt.first?.body?["name"]?.stringValue ?? "—", sessionName = sessions.first?.body?["name"]?.stringValue ?? "—"
        let left = world.client.short.map { Countdown.format($0.expiresAt - world.clock.now) } ?? "—"
        text = "Renamed to \(name): sessions say \(sessionName) at once; the JWT says \(jwtName) until its short token is renewed (in \(left))."
    case .forcedLogout:
        _ = world.forceLogout(username: "alice")
        let (jwt, sessions) = world.sendSettled(count: 1, method: "GET", path: "/api/profile")
        text = "Forced logout: session \(outcome(sessions.first)) at once; JWT \(outcome(jwt.first))"
            + (world.comparison.denylist ? " — the denylist is state again, checked every request." : " — it works until exp (press D for a denylist).")
    case .expireShort:
        if world.expire(.short) {
            let (jwt, _) = world.sendSettled(count: 1, method: "GET", path: "/api/profile")
            text = "Past the JWT's exp: \(outcome(jwt.first)) after the interceptor's refresh — the renewal is when JWT state catches up."
        } else {
            text = "No JWT to expire: press l to log in."
        }
    case .storeToggle:
        world.store.setUp(!world.store.isUp)
        let (jwt, sessions) = world.sendSettled(count: 1, method: "GET", path: "/api/profile")
        text = world.store.isUp ? "Store back up: session \(outcome(sessions.first)), JWT \(outcome(jwt.first))."
            : "Store down: session \(outcome(sessions.first)) — nobody can be authenticated; JWT \(outcome(jwt.first))" + (world.comparison.denylist ? " (it needs the store for its denylist)." : ": no store needed.")
    case .denylistToggle:
        world.comparison.denylist.toggle()
        text = world.comparison.denylist ? "JWT denylist on: revocation works at once, but every request looks up the store — the state JWT was meant to avoid."
            : "JWT denylist off: no look-ups, and a revoked token works until exp."
    case .addServer:
        world.comparison.servers += 1
        let (jwt, sessions) = world.sendSettled(count: world.comparison.servers, method: "GET", path: "/api/orders")
        let ok = { (o: [RequestOutcome]) in o.filter { $0.status == 200 }.count }
        text = "\(world.comparison.servers) servers: JWT \(ok(jwt))/\(jwt.count) OK with just the key; sessions \(ok(sessions))/\(sessions.count) OK"
            + (world.comparison.localSessions ? " — local memory does not scale out." : " thanks to the shared store.")
    case .localToggle:
        world.comparison.localSessions.toggle()
        text = world.comparison.localSessions ? "Sessions now live in each server's memory: log in (l), then requests land on servers that never saw the session."
            : "Sessions back in the shared store: any server can answer."
    case .stickyToggle:
        world.comparison.sticky.toggle()
        text = world.comparison.sticky ? "Sticky balancer: a session's requests go back to the server that created it (log in again to pin)."
            : "Round robin again: every request may land on another server."
    }
    state.status = StatusMessage(text: text)
}
