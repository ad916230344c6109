import AuthEngine

/// What reaches the model: keys, size changes and the passing of real time.
enum AppEvent: Hashable {
    case key(Key)
    case resize(width: Int, height: Int)
    /// Real seconds since the last tick: the clock turns them into virtual time at its speed.
    case tick(seconds: Double)
    case quit
    /// SIGINT or SIGTERM arrived: quit with the shell's convention, 128 + the signal.
    case terminated(signal: Int32)
}

/// The one place the model changes. Deterministic: the same state and event give the
/// same result, so tests drive it key by key, without a terminal.
func update(_ state: inout AppState, _ event: AppEvent) {
    switch event {
    case .resize(let width, let height):
        state.width = max(0, width)
        state.height = max(0, height)
    case .tick(let seconds):
        state.realElapsed += seconds
        let clock = state.world.clock
        guard clock.halt == nil else { return }
        clock.tick(realElapsed: seconds)
        if clock.halt != nil, let message = ScenarioRunner.haltMessage(state.world) {
            clock.isPaused = true
            state.status = StatusMessage(text: message + ": press Z to reset", tone: .bad)
        }
    case .quit:
        quit(&state)
    case .terminated(let signal):
        state.exitCode = 128 + signal
        quit(&state)
    case .key(let key):
        handle(key, &state)
    }
}

private func handle(_ key: Key, _ state: inout AppState) {
    if key == .controlC { state.exitCode = 130 } // as if interrupted: the shell's convention
    // On the "too small" screen only quitting and redrawing act: nothing happens unseen.
    if state.layout.mode == .tooSmall {
        switch key {
        case .character("q"), .controlC: quit(&state)
        case .controlL: state.redrawRequested = true
        default: break
        }
        return
    }
    // An overlay takes the keys first.
    guard let overlay = state.overlay else { return handleOnScreen(key, &state) }
    switch key {
    case .character("q"), .controlC: return quit(&state)
    case .controlL: state.redrawRequested = true; return
    default: break
    }
    let body = Rect(x: 0, y: 1, width: state.width, height: state.height - 2)
    switch overlay {
    case .help:
        if [.escape, .character("?"), .enter, .function(1)].contains(key) { state.overlay = nil; return }
        scrollOverlay(key, &state.helpOffset, page: 10)
        // Never scrolled past the end, so the way back is one key per line.
        state.helpOffset = min(state.helpOffset, HelpOverlay.maxOffset(tab: state.tab, width: state.width, height: state.height))
    case .details:
        if key == .escape || key == .enter { state.overlay = nil; return }
        scrollOverlay(key, &state.detailsOffset, page: 10)
    case .history:
        if key == .escape || key == .enter || key == .character("h") { state.overlay = nil; return }
        scrollOverlay(key, &state.historyOffset, page: max(1, body.height - 4))
        state.historyOffset = min(state.historyOffset, HistoryOverlay.maxOffset(state, in: body))
    case .settings:
        settingsKey(key, &state)
    }
}

/// ↑↓ j k, PgUp PgDn (and space), Home End g G in an overlay that scrolls.
private func scrollOverlay(_ key: Key, _ offset: inout Int, page: Int) {
    switch key {
    case .up, .character("k"): offset = max(0, offset - 1)
    case .down, .character("j"): offset += 1
    case .pageUp: offset = max(0, offset - page)
    case .pageDown, .character(" "): offset += page
    case .home, .character("g"): offset = 0
    case .end, .character("G"): offset = Int.max / 2
    default: break
    }
}

/// The settings overlay: ↑↓ choose a row, ←→ (h l, - +) change it through its `config` line.
private func settingsKey(_ key: Key, _ state: inout AppState) {
    let settings = LiveSetting.allCases
    switch key {
    case .escape, .enter, .character(","): state.overlay = nil
    case .up, .character("k"): state.settingsRow = (state.settingsRow + settings.count - 1) % settings.count
    case .down, .character("j"), .tab: state.settingsRow = (state.settingsRow + 1) % settings.count
    case .left, .right, .character("h"), .character("l"), .character("-"), .character("+"), .character("="):
        let setting = settings[min(max(state.settingsRow, 0), settings.count - 1)]
        let up = [.right, .character("l"), .character("+"), .character("=")].contains(key)
        guard let change = setting.stepped(up ? 1 : -1, in: state.world) else {
            state.status = StatusMessage(text: "\(setting.label) is already at its \(up ? "largest" : "smallest") preset (\(setting.value(in: state.world))); a script's config line can set any value")
            return
        }
        let report = state.run(.config(change))
        state.status = problemStatus(report)
            ?? StatusMessage(text: ScenarioPrinter.line(.config(change)) + ": " + setting.consequence(in: state.world))
    default: break
    }
}

private func handleOnScreen(_ key: Key, _ state: inout AppState) {
    // Presenting a script, `n` runs its next line whatever the tab.
    if key == .character("n"), let presenter = state.presenter, !presenter.isFinished {
        return perform(.nextScenarioStep, &state)
    }
    guard let action = Keymap.action(for: key, tab: state.tab) else { return }
    perform(action, &state)
}

func perform(_ action: AppAction, _ state: inout AppState) {
    switch action {
    case .login, .logout, .request, .burst, .toggleTraffic, .expire, .revokeLong, .changeProfile, .steal, .attackerReplay,
         .failNextRefresh, .cyclePolicy, .toggleSingleFlight, .stealShort, .attackerUsesShort, .tamper, .addClaim, .forge:
        tokenFlow(action, &state)
    case .togglePause:
        state.world.clock.isPaused.toggle()
    case .faster where state.world.live, .slower where state.world.live:
        state.status = StatusMessage(text: "live mode: the clock follows wall time at 1× (real clients check tokens against their own clocks); x and X expire tokens instead")
    case .faster, .slower:
        let clock = state.world.clock
        let speeds = AppState.speeds
        let current = speeds.lastIndex { $0 <= clock.speed } ?? 0
        let next = action == .faster ? min(current + 1, speeds.count - 1) : max(current - 1, 0)
        clock.speed = speeds[next]
        clock.isPaused = false
        let seconds = 15 * 60 / clock.speed
        let real = seconds >= 120 ? "\(Int(seconds / 60)) real minutes" : seconds >= 10 ? "\(Int(seconds.rounded())) real seconds"
            : "\((seconds * 100).rounded() / 100) real seconds"
        state.status = StatusMessage(text: "speed \(HeaderView.formatSpeed(clock.speed))×: a 15-minute token lasts " + real)
    case .jump(let span):
        let report = state.run(.advance(span))
        state.status = problemStatus(report) ?? StatusMessage(text: "jumped \(span) ahead")
    case .reset:
        let wasHalted = state.world.clock.halt != nil
        state.run(.reset)
        if wasHalted { state.world.clock.isPaused = false }
        state.status = StatusMessage(text: "reset: a fresh world with the same settings (the recording keeps what came before)")
    case .toggleRecording:
        toggleRecording(&state)
    case .exportSession:
        exportSession(&state)
    case .focusNext, .focusPrevious:
        let order = state.claimsVisible ? Focus.allCases : [.tokens, .log]
        let i = order.firstIndex(of: state.focus) ?? 0
        state.focus = order[(i + (action == .focusNext ? 1 : order.count - 1)) % order.count]
    case .scroll(let delta):
        scroll(by: delta, &state)
    case .scrollPage(let pages):
        scroll(by: pages * max(1, state.layout.logRows - 1), &state)
    case .scrollToEnd:
        if state.focus == .claims { state.claimsOffset = Int.max / 2 } else { state.logCursor = nil; state.logTop = nil }
    case .scrollToStart:
        if state.focus == .claims { state.claimsOffset = 0 } else { moveLogCursor(to: LogScope.entries(state).first?.sequence, &state) }
    case .openDetails:
        guard let sequence = state.logCursor ?? LogScope.entries(state).last?.sequence else { return }
        state.overlay = .details(sequence: sequence)
        state.detailsOffset = 0
    case .close:
        if state.logCursor != nil { state.logCursor = nil; state.logTop = nil }
    case .showTab(let tab):
        showTab(tab, &state)
    case .toggleHelp:
        state.overlay = .help
        state.helpOffset = 0
    case .showHistory:
        state.overlay = .history
        state.historyOffset = Int.max / 2 // the newest
        state.historyOffset = HistoryOverlay.maxOffset(state, in: Rect(x: 0, y: 1, width: state.width, height: state.height - 2))
    case .showSettings:
        state.overlay = .settings
    case .nextLiveClient:
        state.showNextClient()
    case .redraw:
        state.redrawRequested = true
    case .toggleLogScope:
        state.logAll.toggle()
        state.logCursor = nil
        state.logTop = nil
        state.status = StatusMessage(text: state.logAll ? "the log shows every flow's entries (* again: this tab's only)" : "the log shows this tab's flow only")
    case .nextScenarioStep:
        nextScenarioStep(&state)
    case .presenterBack:
        presenterBack(&state, restart: false)
    case .presenterRestart:
        presenterBack(&state, restart: true)
    case .quit:
        quit(&state)
    case .oauthNext:
        oauthNext(&state)
    case .oauthReset:
        state.restartFlow(on: .oauth, [.oauth(.reset)])
        state.status = StatusMessage(text: "The OAuth flow starts again: a fresh platform and app, nothing registered. n registers the app.")
    case .wechatReset:
        state.restartFlow(on: .wechat, [.wechat(.reset), .wechat(.start)])
        let ticket = state.world.wechat.component.latestTicket != nil
        state.status = StatusMessage(text: "The WeChat flow starts again: the old pushes and renewals are stopped; a fresh platform"
                                         + (ticket ? " has pushed its first ticket. n asks for the component token." : "."))
    case .oauthAttack(let attack):
        oauthAttack(attack, &state)
    case .oauthIDToken(let attack):
        oauthIDToken(attack, &state)
    case .oauthKey(let step):
        oauthKey(step, &state)
    case .oauthSprayKids:
        oauthSprayKids(&state)
    case .compare(let action):
        compare(action, &state)
    case .deviceNext:
        deviceNext(&state)
    case .deviceFault(let fault):
        deviceFault(fault, &state)
    case .wechatNext:
        wechatNext(&state)
    case .wechatFault(let fault):
        wechatFault(fault, &state)
    }
}

extension AppState {
    /// Runs an attack's or fault's commands between two dividers in the tab's diagram: the
    /// sub-flow is marked where it starts and where it ends.
    mutating func runMarked(_ commands: [ScenarioCommand], on tab: Tab, _ title: String, ending: ([StepReport]) -> String) -> [StepReport] {
        let start = world.log.totals.entries + 1
        let reports = run(commands)
        marks[tab, default: []].append(SequenceDiagram.Mark(sequence: start, label: title))
        marks[tab, default: []].append(SequenceDiagram.Mark(sequence: world.log.totals.entries + 1, label: ending(reports)))
        if marks[tab, default: []].count > 40 { marks[tab]?.removeFirst(2) }
        return reports
    }

    /// A tab's own reset: its diagram gets one divider where the fresh flow begins.
    mutating func restartFlow(on tab: Tab, _ commands: [ScenarioCommand]) {
        reveal = nil
        let start = world.log.totals.entries + 1
        run(commands)
        marks[tab] = [SequenceDiagram.Mark(sequence: start, label: "⟲ restarted: a fresh flow")]
    }

    /// Acts through the session. When that made a new world (`reset`, a presenter's step
    /// back), the clock's speed and pause carry over and the view lets go of the old one.
    mutating func acting<T>(_ body: (ScenarioSession) -> T) -> T {
        let clock = world.clock
        let result = body(session)
        if world.clock !== clock {
            world.clock.speed = clock.speed
            world.clock.isPaused = clock.isPaused
            logCursor = nil
            logTop = nil
            reveal = nil
            overlay = nil
            marks = [:]
        }
        return result
    }

    /// Runs commands through the session, stopping at the first that cannot run.
    @discardableResult
    mutating func run(_ commands: [ScenarioCommand]) -> [StepReport] {
        acting { $0.perform(commands) }
    }

    @discardableResult
    mutating func run(_ command: ScenarioCommand) -> StepReport { run([command])[0] }
}

/// The command that logs `username` in with the password the playground's directory holds.
func loginCommand(_ username: String) -> ScenarioCommand {
    .login(username: username, password: UserDirectory.standard.account(username: username)?.password ?? "")
}

/// A step that could not run, said the engine's way, with the key that helps.
func problemStatus(_ report: StepReport?, hint: String? = nil) -> StatusMessage? {
    guard let problem = report?.problem else { return nil }
    return StatusMessage(text: problem + (hint.map { ": " + $0 } ?? ""), tone: .bad)
}

/// Tab 1: each key is one command; the status line says what the engine reported.
private func tokenFlow(_ action: AppAction, _ state: inout AppState) {
    let world = state.world
    switch action {
    case .login(let username):
        let again = world.client.long != nil
        let report = state.run(loginCommand(username))
        let outcome = report.outcomes.first
        state.status = outcome?.status == 200
            ? StatusMessage(text: "logged in as \(username): a short and a long token"
                                + (again ? " (a new login: the previous long token stays valid until it expires or is revoked)" : ""), tone: .good)
            : problemStatus(report) ?? StatusMessage(text: "login failed: \(describe(outcome))", tone: .bad)
    case .logout:
        guard world.client.long != nil else {
            state.status = StatusMessage(text: "not logged in")
            return
        }
        let report = state.run(.logout)
        state.status = problemStatus(report) ?? StatusMessage(text: "logged out: the long token's family is revoked")
    case .request(let method, let path):
        let failures = world.client.refreshFailures
        let report = state.run(.request(method: method, path: path))
        state.status = problemStatus(report)
            ?? StatusMessage(text: "\(method) \(path) → \(describe(report.outcomes.first))" + refreshFailure(since: failures, world),
                             tone: tone(report.outcomes))
    case .burst:
        let failures = world.client.refreshFailures
        let report = state.run(.burst(count: AppState.burstSize, method: "GET", path: "/api/profile"))
        let summary = Dictionary(grouping: report.outcomes, by: { describe($0) }).sorted { $0.key < $1.key }
            .map { "\($0.value.count)× \($0.key)" }.joined(separator: ", ")
        state.status = problemStatus(report)
            ?? StatusMessage(text: "burst of \(report.outcomes.count): \(summary)" + refreshFailure(since: failures, world), tone: tone(report.outcomes))
    case .toggleTraffic:
        if world.traffic == nil {
            state.run(.traffic(every: AppState.trafficInterval, method: "GET", path: "/api/profile"))
            state.status = StatusMessage(text: "background traffic on: GET /api/profile every \(AppState.trafficInterval)")
        } else {
            state.run(.trafficOff)
            state.status = StatusMessage(text: "background traffic off")
        }
    case .expire(let kind):
        let report = state.run(.expire(kind))
        state.status = problemStatus(report, hint: world.live ? "log in first (l, or a live client)" : "press l to log in")
            ?? StatusMessage(text: world.live
                ? "the server now judges every \(kind) token issued so far expired, live clients' too; the clock stays at wall time"
                    + (kind == .short ? ": their next call gets 401 token_expired and their refresh a new one" : ": their next refresh gets 401 refresh_expired")
                : "jumped to 1 s past the \(kind) token's expiry" + (kind == .short ? ": press r" : ""))
    case .revokeLong:
        let report = state.run(.revokeLong)
        state.status = problemStatus(report) ?? StatusMessage(text: "long token revoked: the next refresh fails", tone: .bad)
    case .changeProfile:
        let (name, roles) = AppState.profileVariants[state.profileVariant % AppState.profileVariants.count]
        state.profileVariant += 1
        let report = state.run(.profile(username: "alice", name: name, roles: roles))
        let held = state.world.client.short?.claims["name"]?.stringValue
        let token = held.map { $0 == name ? "her short token says \($0) too" : "her short token still says \($0) until it is renewed" }
            ?? "no short token is held: the next login carries the new claims"
        state.status = problemStatus(report)
            ?? StatusMessage(text: "alice is now \(name) (\(roles.joined(separator: ","))) on the server; " + token)
    case .steal:
        let report = state.run(.stealLong)
        state.status = problemStatus(report) ?? StatusMessage(text: "the attacker copied the long token: press S to replay it", tone: .bad)
    case .attackerReplay:
        let report = state.run(.attackerRefresh)
        if let problem = problemStatus(report, hint: "press s first") {
            state.status = problem
        } else {
            let ok = report.answer?.status == 200
            state.status = StatusMessage(text: "attacker's refresh → \(report.answer.map { "\($0.status)" + ($0.errorCode.map { " " + $0 } ?? "") } ?? "no answer")"
                                         + (ok ? ": it got fresh tokens" : ""), tone: ok ? .bad : .good)
        }
    case .addClaim:
        let roles = world.server.users.account(username: "alice")?.roles ?? []
        let report = state.run(.profile(username: "alice", name: nil, roles: roles + ["role\(roles.count + 1)"]))
        let size = state.world.client.short.map { "her short token is \($0.raw.utf8.count) bytes; the next one (x, then r) carries the new role and is bigger" }
            ?? "the next login's short token carries them"
        state.status = problemStatus(report)
            ?? StatusMessage(text: "alice has \(roles.count + 1) roles on the server: " + size + " — every request sends it")
    case .stealShort:
        let report = state.run(.stealShort)
        let left = world.client.short.map { Countdown.format($0.expiresAt - world.clock.now) } ?? "—"
        state.status = problemStatus(report, hint: "press l to log in")
            ?? StatusMessage(text: "the attacker copied the short token (it expires in \(left)): press D to use it", tone: .bad)
    case .attackerUsesShort:
        let report = state.run(.attackerRequest(method: "GET", path: "/api/profile"))
        if let problem = problemStatus(report, hint: "press d first") {
            state.status = problem
        } else if let answer = report.answer, let stolen = world.attacker.stolenShort {
            let left = stolen.expiresAt - state.world.clock.now
            state.status = answer.status == 200
                ? StatusMessage(text: "attacker's GET /api/profile with the stolen short token → 200: it works until its exp (in \(Countdown.format(left))), and no longer: the attacker has no long token to renew it", tone: .bad)
                : StatusMessage(text: "attacker's GET /api/profile with the stolen short token → \(answer.status) \(answer.errorCode ?? ""): a short token's short life is what limits a theft", tone: .good)
        }
    case .tamper:
        let reports = state.run([.tamperShort(name: nil, roles: ["user", "admin"]), .request(method: "GET", path: "/api/admin")])
        if let problem = problemStatus(reports.last, hint: "press l to log in") {
            state.status = problem
        } else {
            let o = reports.last?.outcomes.first
            state.status = StatusMessage(text: "roles=user,admin written into the short token, not re-signed: GET /api/admin → \(describe(o))"
                                             + (o?.error == "invalid_token" ? " — the signature no longer matches (never refreshed)" : ""),
                                         tone: o?.status == 200 ? .bad : .good)
        }
    case .forge:
        let forgery = TokenForgery.allCases[state.forgeVariant % TokenForgery.allCases.count]
        state.forgeVariant += 1
        let report = state.run(.attackerForge(forgery))
        if let problem = problemStatus(report, hint: forgery == .refreshAsAccess ? "press s, then F again" : "F tries the next one") {
            state.status = problem
        } else if let answer = report.answer {
            let rule = answer.body?["error_description"]?.stringValue ?? ""
            state.status = answer.status == 200
                ? StatusMessage(text: "forged token (\(forgery.attempt)) → 200: the server accepted it", tone: .bad)
                : StatusMessage(text: "forged token (\(forgery.attempt)) → \(answer.status) \(answer.errorCode ?? ""): "
                                    + (rule.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? rule),
                                tone: .good)
        }
    case .failNextRefresh:
        let fault: Simulation.RefreshFault = state.faultVariant % 2 == 0 ? .serverError : .drop
        state.faultVariant += 1
        state.run(.failNextRefresh(fault))
        state.status = StatusMessage(text: fault == .serverError ? "the next refresh answers 500" : "the next refresh response will be lost")
    case .cyclePolicy:
        state.run(.config(.refreshPolicy(world.server.policy.refreshPolicy.next)))
        state.status = StatusMessage(text: "refresh policy: \(state.world.server.policy.refreshPolicy.rawValue)")
    case .toggleSingleFlight:
        state.run(.config(.singleFlight(!world.client.settings.singleFlight)))
        state.status = StatusMessage(text: "single flight " + (state.world.client.settings.singleFlight ? "on" : "off: each 401 refreshes on its own"))
    default:
        break
    }
}

/// Opening a tab sets the world up for it: tab 4 drives both designs, the others the
/// token flow alone; tab 3 starts the WeChat world (its ticket pushes begin).
private func showTab(_ tab: Tab, _ state: inout AppState) {
    var commands: [ScenarioCommand] = []
    let mode: ComparisonMode = tab == .compare ? .both : .jwt
    if state.world.mode != mode { commands.append(.mode(mode)) }
    if tab == .wechat, !state.world.wechatStarted { commands.append(.wechat(.start)) }
    state.run(commands)
    state.tab = tab
    state.status = nil
    state.logCursor = nil
    state.logTop = nil
    state.reveal = nil
}

private func nextScenarioStep(_ state: inout AppState) {
    guard let presenter = state.presenter else {
        state.status = StatusMessage(text: "no scenario loaded: start with --scenario FILE", tone: .bad)
        return
    }
    let ran = state.acting { presenter.step($0) }
    guard let first = ran.first else {
        state.status = StatusMessage(text: "end of \(presenter.file): \(presenter.passed) passed, \(presenter.failed) failed (0 restarts, N steps back)",
                                     tone: presenter.failed == 0 ? .good : .bad)
        return
    }
    // The tab follows the script.
    if let tab = tabFollowing(first.step.command, state.world) { state.tab = tab; state.reveal = nil }
    var parts: [String] = []
    var tone = StatusMessage.Tone.info
    for (step, report) in ran {
        if let result = report.expectation {
            parts.append((result.passed ? "PASS " : "FAIL ") + result.source + (result.passed ? "" : " — " + result.detail))
            tone = !result.passed || tone == .bad ? .bad : .good
        } else if let problem = report.problem {
            parts.append("line \(step.line): \(step.source) — FAIL \(problem)")
            tone = .bad
        } else {
            parts.append("line \(step.line): \(step.source)")
        }
    }
    let comment = first.step.comments.joined(separator: " ")
    state.status = StatusMessage(text: (comment.isEmpty ? "" : comment + " ▸ ") + parts.joined(separator: " · "), tone: tone)
}

/// The tab that shows what a script line does (nil: the one open).
private func tabFollowing(_ command: ScenarioCommand, _ world: Simulation) -> Tab? {
    switch command {
    case .oauth, .attackerSprayKids: return .oauth
    case .device: return .device
    case .wechat: return .wechat
    case .sessions: return .compare
    case .mode(let mode): return mode == .jwt ? .tokens : .compare
    case .login, .logout, .request, .burst, .expire, .revokeLong, .profile, .tamperShort, .failNextRefresh, .stealLong, .stealShort,
         .attackerRefresh, .attackerRequest, .attackerForge, .traffic, .trafficOff, .addUser:
        return world.mode == .jwt ? .tokens : .compare
    case .config, .expect, .advance, .wait, .reset:
        return nil
    }
}

private func presenterBack(_ state: inout AppState, restart: Bool) {
    guard let presenter = state.presenter else {
        state.status = StatusMessage(text: "no scenario loaded: start with --scenario FILE", tone: .bad)
        return
    }
    if restart {
        state.acting { presenter.restart($0) }
    } else if !state.acting({ presenter.back($0) }) {
        state.status = StatusMessage(text: "at the start of \(presenter.file)")
        return
    }
    let line = presenter.isFinished ? "the end" : "line \(presenter.steps[presenter.next].line)"
    state.status = StatusMessage(text: (restart ? "restarted \(presenter.file)" : "stepped back") + ": a fresh world, replayed up to \(line)")
}

private func quit(_ state: inout AppState) {
    if state.recordingTo != nil { toggleRecording(&state) }
    state.shouldQuit = true
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
        // The cursor moves over the entries the log shows (the open tab's, or all with `*`).
        let entries = LogScope.entries(state)
        guard !entries.isEmpty else { return }
        let current = state.logCursor.map { LogPanel.index(of: $0, in: entries) } ?? entries.count - 1
        let target = min(max(current + delta, 0), entries.count - 1)
        if target == entries.count - 1, delta > 0 { state.logCursor = nil; state.logTop = nil; return }
        moveLogCursor(to: entries[target].sequence, &state)
    }
}

private func moveLogCursor(to sequence: Int?, _ state: inout AppState) {
    guard let sequence else { return }
    let entries = LogScope.entries(state)
    guard !entries.isEmpty else { return }
    state.logCursor = sequence
    let rows = state.layout.logRows
    let position = LogPanel.index(of: sequence, in: entries)
    var top = state.logTop.map { LogPanel.index(of: $0, in: entries) } ?? max(0, entries.count - rows)
    if position < top { top = position }
    if position >= top + rows { top = position - rows + 1 }
    state.logTop = entries[top].sequence
}

// MARK: - Helpers

/// How a refresh that failed during the action ended it, from what the client recorded:
/// the 401 the request got is only the start of the story.
private func refreshFailure(since count: Int, _ world: Simulation) -> String {
    guard world.client.refreshFailures > count, let failure = world.client.lastRefreshFailure else { return "" }
    let answer = failure.status.map { "\($0)" + (failure.error.map { " " + $0 } ?? "") } ?? "no answer"
    return world.client.state == .loginRequired
        ? "; the refresh was refused (\(answer)): log in again (l)"
        : "; the refresh failed (\(answer)): tokens kept, the next 401 tries again"
}

func describe(_ outcome: RequestOutcome?) -> String {
    guard let outcome else { return "no answer" }
    guard let status = outcome.status else { return "timed out" }
    return "\(status)" + (outcome.error.map { " " + $0 } ?? "") + (outcome.retried ? " (after refresh + retry)" : "")
}

private func tone(_ outcomes: [RequestOutcome]) -> StatusMessage.Tone {
    outcomes.allSatisfy { ($0.status ?? 0) < 400 } ? .good : .bad
}
