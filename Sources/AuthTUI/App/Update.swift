import AuthEngine

/// What reaches the model: keys, size changes and the passing of real time.
enum AppEvent: Hashable {
    case key(Key)
    case resize(width: Int, height: Int)
    /// Real seconds since the last tick: the clock turns them into virtual time at its speed.
    case tick(seconds: Double)
    case quit
}

/// The one place the model changes. Deterministic: the same state and event give the
/// same result, so tests drive it key by key, without a terminal.
func update(_ state: inout AppState, _ event: AppEvent) {
    switch event {
    case .resize(let width, let height):
        state.width = max(0, width)
        state.height = max(0, height)
    case .tick(let seconds):
        state.world.clock.tick(realElapsed: seconds)
    case .quit:
        state.shouldQuit = true
    case .key(let key):
        handle(key, &state)
    }
}

private func handle(_ key: Key, _ state: inout AppState) {
    // An overlay takes the keys first.
    switch state.overlay {
    case .help:
        switch key {
        case .escape, .character("?"), .enter, .function(1): state.overlay = nil
        case .character("q"), .controlC: state.shouldQuit = true
        default: break
        }
        return
    case .details:
        switch key {
        case .escape, .enter: state.overlay = nil
        case .up, .character("k"): state.detailsOffset = max(0, state.detailsOffset - 1)
        case .down, .character("j"): state.detailsOffset += 1
        case .pageUp: state.detailsOffset = max(0, state.detailsOffset - 10)
        case .pageDown: state.detailsOffset += 10
        case .character("q"), .controlC: state.shouldQuit = true
        default: break
        }
        return
    case nil:
        break
    }
    guard let action = Keymap.action(for: key, flow: state.flow) else { return }
    perform(action, &state)
}

func perform(_ action: AppAction, _ state: inout AppState) {
    let world = state.world
    switch action {
    case .login:
        var result: RequestOutcome?
        world.client.login(username: "alice", password: "wonderland") { result = $0 }
        world.run(until: { result != nil })
        state.status = result?.status == 200
            ? StatusMessage(text: "logged in as alice: a short and a long token", tone: .good)
            : StatusMessage(text: "login failed: \(describe(result))", tone: .bad)
    case .logout:
        guard world.client.long != nil else {
            state.status = StatusMessage(text: "not logged in")
            return
        }
        var done = false
        world.client.logout { _ in done = true }
        world.run(until: { done })
        state.status = StatusMessage(text: "logged out: the long token's family is revoked")
    case .request(let method, let path):
        let outcomes = send(count: 1, method: method, path: path, world)
        state.status = StatusMessage(text: "\(method) \(path) → \(describe(outcomes.first))", tone: tone(outcomes))
    case .burst:
        let outcomes = send(count: AppState.burstSize, method: "GET", path: "/api/profile", world)
        let summary = Dictionary(grouping: outcomes, by: { describe($0) }).sorted { $0.key < $1.key }
            .map { "\($0.value.count)× \($0.key)" }.joined(separator: ", ")
        state.status = StatusMessage(text: "burst of \(outcomes.count): \(summary)", tone: tone(outcomes))
    case .toggleTraffic:
        if world.traffic == nil {
            world.startTraffic(every: AppState.trafficInterval, method: "GET", path: "/api/profile")
            state.status = StatusMessage(text: "background traffic on: GET /api/profile every \(AppState.trafficInterval)")
        } else {
            world.stopTraffic()
            state.status = StatusMessage(text: "background traffic off")
        }
    case .expire(let kind):
        if world.expire(kind) {
            state.status = StatusMessage(text: "jumped to 1 s past the \(kind) token's expiry" + (kind == .short ? ": press r" : ""))
        } else {
            state.status = StatusMessage(text: "no \(kind) token to expire: press l to log in", tone: .bad)
        }
    case .revokeLong:
        state.status = world.revokeLong()
            ? StatusMessage(text: "long token revoked: the next refresh fails", tone: .bad)
            : StatusMessage(text: "no long token to revoke", tone: .bad)
    case .changeProfile:
        let variants: [(String, [String])] = [("李雷", ["user", "admin"]), ("Zoë 🔑", ["user"]), ("Alice", ["user"])]
        let (name, roles) = variants[state.profileVariant % variants.count]
        state.profileVariant += 1
        _ = world.updateProfile(username: "alice", name: name, roles: roles)
        state.status = StatusMessage(text: "alice is now \(name) (\(roles.joined(separator: ","))) on the server; her short token still says otherwise")
    case .steal:
        state.status = world.attacker.steal(from: world.client)
            ? StatusMessage(text: "the attacker copied the long token: press S to replay it", tone: .bad)
            : StatusMessage(text: "no long token to steal", tone: .bad)
    case .attackerReplay:
        var response: HTTPResponse?
        if world.attacker.refresh(completion: { response = $0 }) {
            world.run(until: { response != nil })
            let ok = response?.status == 200
            state.status = StatusMessage(text: "attacker's refresh → \(response.map { "\($0.status) \($0.errorCode ?? "")" } ?? "no answer")"
                                         + (ok ? ": it got fresh tokens" : ""), tone: ok ? .bad : .good)
        } else {
            state.status = StatusMessage(text: "the attacker has nothing to replay: press s first", tone: .bad)
        }
    case .failNextRefresh:
        let fault: Simulation.RefreshFault = state.faultVariant % 2 == 0 ? .serverError : .drop
        state.faultVariant += 1
        world.failNextRefresh(fault)
        state.status = StatusMessage(text: fault == .serverError ? "the next refresh answers 500" : "the next refresh response will be lost")
    case .cyclePolicy:
        world.server.policy.refreshPolicy = world.server.policy.refreshPolicy.next
        state.status = StatusMessage(text: "refresh policy: \(world.server.policy.refreshPolicy.rawValue)")
    case .toggleSingleFlight:
        world.client.settings.singleFlight.toggle()
        state.status = StatusMessage(text: "single flight " + (world.client.settings.singleFlight ? "on" : "off: each 401 refreshes on its own"))
    case .togglePause:
        world.clock.isPaused.toggle()
    case .faster, .slower:
        let speeds = AppState.speeds
        let current = speeds.lastIndex { $0 <= world.clock.speed } ?? 0
        let next = action == .faster ? min(current + 1, speeds.count - 1) : max(current - 1, 0)
        world.clock.speed = speeds[next]
        world.clock.isPaused = false
    case .jump(let span):
        world.jump(by: span)
        state.status = StatusMessage(text: "jumped \(span) ahead")
    case .focusNext, .focusPrevious:
        let order = state.claimsVisible ? Focus.allCases : [.tokens, .log]
        let i = order.firstIndex(of: state.focus) ?? 0
        state.focus = order[(i + (action == .focusNext ? 1 : order.count - 1)) % order.count]
    case .scroll(let delta):
        scroll(by: delta, &state)
    case .scrollPage(let pages):
        scroll(by: pages * max(1, ScreenLayout(width: state.width, height: state.height).logRows - 1), &state)
    case .scrollToEnd:
        if state.focus == .claims { state.claimsOffset = Int.max / 2 } else { state.logCursor = nil; state.logTop = nil }
    case .scrollToStart:
        if state.focus == .claims { state.claimsOffset = 0 } else { moveLogCursor(to: world.log.entries.first?.sequence, &state) }
    case .openDetails:
        guard let sequence = state.logCursor ?? world.log.entries.last?.sequence else { return }
        state.overlay = .details(sequence: sequence)
        state.detailsOffset = 0
    case .close:
        if state.logCursor != nil { state.logCursor = nil; state.logTop = nil }
    case .showFlow(let n):
        state.flow = n
        // The comparison drives both designs; the other tabs the token flow alone.
        world.mode = n == 4 ? .both : .jwt
        if n == 3 { _ = world.wechat } // its pushes start now
        state.status = nil
        state.logCursor = nil
        state.logTop = nil
    case .toggleHelp:
        state.overlay = .help
    case .nextScenarioStep:
        guard let presenter = state.presenter else {
            state.status = StatusMessage(text: "no scenario loaded: start with --scenario FILE", tone: .bad)
            return
        }
        guard !presenter.isFinished else {
            state.status = StatusMessage(text: "end of \(presenter.file)")
            return
        }
        let outcome = presenter.step()
        let step = presenter.current!
        state.status = outcome.map { StatusMessage(text: "line \(step.line): \($0.text)", tone: $0.tone) }
            ?? StatusMessage(text: "line \(step.line): \(step.source)")
    case .quit:
        state.shouldQuit = true
    case .oauthNext:
        oauthNext(&state)
    case .oauthAttack(let attack):
        oauthAttack(attack, &state)
    case .compare(let action):
        compare(action, &state)
    case .wechatNext:
        wechatNext(&state)
    case .wechatFault(let fault):
        wechatFault(fault, &state)
    }
}

extension AppState {
    var claimsVisible: Bool { ScreenLayout(width: width, height: height).claims != nil }
}

// MARK: - Scrolling

private func scroll(by delta: Int, _ state: inout AppState) {
    switch state.focus {
    case .tokens:
        state.selectedToken = delta < 0 ? .short : .long
        state.claimsOffset = 0
    case .claims:
        state.claimsOffset = max(0, state.claimsOffset + delta)
    case .log:
        let entries = state.world.log.entries
        guard let newest = entries.last?.sequence, let oldest = entries.first?.sequence else { return }
        let current = state.logCursor ?? newest
        let target = min(max(current + delta, oldest), newest)
        if target == newest, delta > 0 { state.logCursor = nil; state.logTop = nil; return }
        moveLogCursor(to: target, &state)
    }
}

private func moveLogCursor(to sequence: Int?, _ state: inout AppState) {
    guard let sequence else { return }
    state.logCursor = sequence
    let rows = ScreenLayout(width: state.width, height: state.height).logRows
    let newest = state.world.log.entries.last?.sequence ?? sequence
    var top = state.logTop ?? max(newest - rows + 1, state.world.log.entries.first?.sequence ?? 1)
    if sequence < top { top = sequence }
    if sequence >= top + rows { top = sequence - rows + 1 }
    state.logTop = top
}

// MARK: - Helpers

private func send(count: Int, method: String, path: String, _ world: Simulation) -> [RequestOutcome] {
    var outcomes: [RequestOutcome] = []
    for _ in 0..<count { world.client.send(method: method, path: path) { outcomes.append($0) } }
    world.run(until: { outcomes.count == count })
    return outcomes
}

private func describe(_ outcome: RequestOutcome?) -> String {
    guard let outcome else { return "no answer" }
    guard let status = outcome.status else { return "timed out" }
    return "\(status)" + (outcome.error.map { " " + $0 } ?? "") + (outcome.retried ? " (after refresh + retry)" : "")
}

private func tone(_ outcomes: [RequestOutcome]) -> StatusMessage.Tone {
    outcomes.allSatisfy { ($0.status ?? 0) < 400 } ? .good : .bad
}
