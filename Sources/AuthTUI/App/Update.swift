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
        if clock.halt != nil, let report = ScenarioRunner.haltReport(state.world) {
            clock.isPaused = true
            let message = ProblemStory.halt(report)
            state.status = StatusMessage(en: "\(message): press Z to reset", zh: "\(message)：按 Z 重置", tone: .bad)
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
        state.helpOffset = min(state.helpOffset, HelpOverlay.maxOffset(tab: state.tab, language: state.language, width: state.width, height: state.height))
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
            let value = setting.value(in: state.world)
            state.status = up
                ? StatusMessage(en: "\(setting.label) is already at its largest preset (\(value)); a script's config line can set any value",
                                zh: "\(setting.label)已是预设的最大值（\(value)）；脚本的 config 行可以设任意值")
                : StatusMessage(en: "\(setting.label) is already at its smallest preset (\(value)); a script's config line can set any value",
                                zh: "\(setting.label)已是预设的最小值（\(value)）；脚本的 config 行可以设任意值")
            return
        }
        let report = state.run(.config(change))
        state.status = state.problemStatus(report)
            ?? StatusMessage(text: .verbatim(ScenarioPrinter.line(.config(change)) + ": ") + setting.consequence(in: state.world))
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
        state.status = StatusMessage(en: "live mode: the clock follows wall time at 1× (real clients check tokens against their own clocks); x and X expire tokens instead",
                                     zh: "实时模式：时钟跟随真实时间、1× 速度（真实\(.client)用自己的时钟检查\(.token)）；改用 x 和 X 让\(.token)过期")
    case .faster, .slower:
        let clock = state.world.clock
        let speeds = AppState.speeds
        let current = speeds.lastIndex { $0 <= clock.speed } ?? 0
        let next = action == .faster ? min(current + 1, speeds.count - 1) : max(current - 1, 0)
        clock.speed = speeds[next]
        clock.isPaused = false
        // The token this tab counts down, with the lifetime it has now.
        let (token, life) = state.countedDownToken
        let seconds = Double(life.milliseconds) / 1000 / clock.speed
        let real = seconds >= 120 ? Text(en: "\(Int(seconds / 60)) real minutes", zh: "真实的 \(Int(seconds / 60)) 分钟")
            : seconds >= 10 ? Text(en: "\(Int(seconds.rounded())) real seconds", zh: "真实的 \(Int(seconds.rounded())) 秒")
            : { () -> Text in
                let hundredths = (seconds * 100).rounded() / 100
                let shown = hundredths == hundredths.rounded() ? String(Int(hundredths)) : String(hundredths)
                return Text(en: "\(shown) real second\(shown == "1" ? "" : "s")", zh: "真实的 \(shown) 秒")
            }()
        let words = SpanWords.text(life)
        let article = token.en.first.map { "aeiou".contains($0) } == true ? "an" : "a"
        state.status = StatusMessage(en: "speed \(HeaderView.formatSpeed(clock.speed))×: \(article) \(token) of \(words) lasts \(real)",
                                     zh: "速度 \(HeaderView.formatSpeed(clock.speed))×：\(words)的\(token)只撑\(real)")
    case .jump(let span):
        let report = state.run(.advance(span))
        state.status = state.problemStatus(report) ?? StatusMessage(en: "jumped \(span) ahead", zh: "时钟向前跳了 \(span)")
    case .reset:
        let wasHalted = state.world.clock.halt != nil
        state.run(.reset)
        if wasHalted { state.world.clock.isPaused = false }
        state.status = StatusMessage(en: "reset: a fresh world with the same settings (the recording keeps what came before)",
                                     zh: "已重置：全新的世界，设置不变（录制保留之前的内容）")
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
        switch state.tab {
        case .oauth: state.showNextOAuthClient()
        case .wechat: state.toggleLiveComponent()
        case .device: state.showNextDevice()
        default: state.showNextClient()
        }
    case .cycleLanguage:
        state.language = state.language.next
        state.helpOffset = 0
    case .redraw:
        state.redrawRequested = true
    case .toggleLogScope:
        state.logAll.toggle()
        state.logCursor = nil
        state.logTop = nil
        state.status = state.logAll
            ? StatusMessage(en: "the log shows every flow's entries (* again: this tab's only)", zh: "\(.log)显示所有流程的记录（再按 *：只显示本标签页的）")
            : StatusMessage(en: "the log shows this tab's flow only", zh: "\(.log)只显示本标签页的流程")
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
        state.status = StatusMessage(en: "The OAuth flow starts again: a fresh platform and app, nothing registered. n registers the app.",
                                     zh: "OAuth 流程重新开始：全新的\(.platform)和\(.app)，尚未注册。按 n 注册\(.app)。")
    case .wechatReset:
        state.restartFlow(on: .wechat, [.wechat(.reset), .wechat(.start)])
        let ticket = state.world.wechat.component.latestTicket != nil
        state.status = ticket
            ? StatusMessage(en: "The WeChat flow starts again: the old pushes and renewals are stopped; a fresh platform has pushed its first ticket. n asks for the component token.",
                            zh: "微信流程重新开始：旧的推送和续期已停止；新的微信平台已推送第一张 ticket。按 n 获取 component_access_token。")
            : StatusMessage(en: "The WeChat flow starts again: the old pushes and renewals are stopped; a fresh platform.",
                            zh: "微信流程重新开始：旧的推送和续期已停止；一个全新的微信平台。")
    case .oauthAttack(let attack):
        oauthAttack(attack, &state)
    case .oauthIDToken(let attack):
        oauthIDToken(attack, &state)
    case .oauthKey(let step):
        oauthKey(step, &state)
    case .oauthSprayKids:
        oauthSprayKids(&state)
    case .oauthExpire:
        oauthExpire(&state)
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
    mutating func runMarked(_ commands: [ScenarioCommand], on tab: Tab, _ title: Text, ending: ([StepReport]) -> Text) -> [StepReport] {
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
        marks[tab] = [SequenceDiagram.Mark(sequence: start, label: Text(en: "⟲ restarted: a fresh flow", zh: "⟲ 已重新开始：全新的流程"))]
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

extension AppState {
    /// A step a key could not run, worded for someone pressing keys on the tab shown (the
    /// key that helps, where the engine names a script verb), with `hint` after it.
    func problemStatus(_ report: StepReport?, hint: Text? = nil) -> StatusMessage? {
        guard let problem = report?.problemKind else { return nil }
        return StatusMessage(text: ProblemStory.text(problem, keysOn: tab) + (hint.map { Text(en: ": \($0)", zh: "：\($0)") } ?? .empty), tone: .bad)
    }
}

/// Opening a tab sets the world up for it: tab 4 drives both designs, the others the
/// token flow alone; tab 3 starts the WeChat world (its ticket pushes begin).
private func showTab(_ tab: Tab, _ state: inout AppState) {
    var commands: [ScenarioCommand] = []
    let mode: ComparisonMode = tab == .compare ? .both : .jwt
    if state.world.mode != mode { commands.append(.mode(mode)) }
    if tab == .wechat, !state.world.wechatStarted { commands.append(.wechat(.start)) }
    // Nothing done yet: the new tab says how to begin there (tab 1's keys would be wrong).
    let welcome = state.status == Welcome.firstSteps(on: state.tab)
    state.run(commands)
    state.tab = tab
    state.status = welcome ? Welcome.firstSteps(on: tab) : nil
    state.logCursor = nil
    state.logTop = nil
    state.reveal = nil
}

private func nextScenarioStep(_ state: inout AppState) {
    guard let presenter = state.presenter else {
        state.status = noScenario
        return
    }
    let ran = state.acting { presenter.step($0) }
    guard let first = ran.first else {
        state.status = StatusMessage(en: "end of \(presenter.file): \(presenter.passed) passed, \(presenter.failed) failed (0 restarts, N steps back)",
                                     zh: "\(presenter.file) 结束：\(presenter.passed) 项通过，\(presenter.failed) 项失败（按 0 从头再来，N 后退一步）",
                                     tone: presenter.failed == 0 ? .good : .bad)
        return
    }
    // The tab follows the script.
    if let tab = tabFollowing(first.step.command, state.world) { state.tab = tab; state.reveal = nil }
    var parts: [Text] = []
    var tone = StatusMessage.Tone.info
    for (step, report) in ran {
        if let result = report.expectation {
            parts.append(Text.verbatim((result.passed ? "PASS " : "FAIL ") + result.source + (result.passed ? "" : " — " + result.detail)))
            tone = !result.passed || tone == .bad ? .bad : .good
        } else if let problem = report.problemKind {
            // A script line: what to do first is said in the script's words.
            parts.append(Text(en: "line \(step.line): \(step.source) — FAIL ", zh: "第 \(step.line) 行：\(step.source)——FAIL ") + ProblemStory.text(problem))
            tone = .bad
        } else {
            parts.append(Text(en: "line \(step.line): \(step.source)", zh: "第 \(step.line) 行：\(step.source)"))
        }
    }
    // The script's own words (its comments) are shown as written.
    let comment = first.step.comments.joined(separator: " ")
    state.status = StatusMessage(text: .verbatim(comment.isEmpty ? "" : comment + " ▸ ") + parts.joined(separator: .verbatim(" · ")), tone: tone)
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
        state.status = noScenario
        return
    }
    if restart {
        state.acting { presenter.restart($0) }
    } else if !state.acting({ presenter.back($0) }) {
        state.status = StatusMessage(en: "at the start of \(presenter.file)", zh: "已在 \(presenter.file) 的开头")
        return
    }
    let line = presenter.isFinished ? Text(en: "the end", zh: "结尾") : Text(en: "line \(presenter.steps[presenter.next].line)", zh: "第 \(presenter.steps[presenter.next].line) 行")
    state.status = restart
        ? StatusMessage(en: "restarted \(presenter.file): a fresh world, replayed up to \(line)", zh: "已重新开始 \(presenter.file)：全新的世界，重放到\(line)")
        : StatusMessage(en: "stepped back: a fresh world, replayed up to \(line)", zh: "已后退一步：全新的世界，重放到\(line)")
}

private let noScenario = StatusMessage(en: "no scenario loaded: start with --scenario FILE", zh: "没有加载\(.scenario)：用 --scenario FILE 启动", tone: .bad)

private func quit(_ state: inout AppState) {
    if state.recordingTo != nil { toggleRecording(&state) }
    state.shouldQuit = true
}

extension AppState {
    var claimsVisible: Bool { ScreenLayout(width: width, height: height).claims != nil }
}

// MARK: - Helpers

let noAnswer = Text(en: "no answer", zh: "没有响应")

/// A response as the status names it: its status and error code (both the protocol's).
func answerText(_ response: HTTPResponse?) -> Text {
    response.map { .verbatim("\($0.status)" + ($0.errorCode.map { " " + $0 } ?? "")) } ?? noAnswer
}

func describe(_ outcome: RequestOutcome?) -> Text {
    guard let outcome else { return noAnswer }
    guard let status = outcome.status else { return Text(en: "timed out", zh: "超时") }
    return .verbatim("\(status)" + (outcome.error.map { " " + $0 } ?? ""))
        + (outcome.retried ? Text(en: " (after refresh + retry)", zh: "（\(.refresh)并重试之后）") : .empty)
}

/// The key that helps when a step needs a login.
let logInHint = Text(en: "press l to log in", zh: "按 l 登录")

extension AppState {
    /// The token whose countdown this tab is about, and its lifetime as set: the short
    /// token (tabs 1 and 4), the access token (tabs 2 and 5), component_access_token (tab 3).
    var countedDownToken: (Text, Span) {
        switch tab {
        case .oauth, .device:
            // These tabs show the platform (opening one builds it): its policy as set.
            return (.term(.accessToken), world.oauth.authorizationServer.policy.accessLifetime)
        case .wechat:
            let life = world.wechatStarted ? world.wechat.platform.policy.componentTokenLifetime : WeChatPolicy().componentTokenLifetime
            // Chinese sets a protocol name apart with spaces (的 component_access_token 只撑).
            return (Text(en: "component_access_token", zh: " component_access_token "), life)
        case .tokens, .compare:
            return (.term(.shortToken), world.server.policy.shortLifetime)
        }
    }
}
