import AuthEngine

/// Where the device grant stands, deciding what `n` does next.
enum DeviceStage: Equatable {
    /// No code yet (or the last one was used up, refused or expired).
    case idle
    /// The device shows the code and polls; the user has not answered.
    case waiting
    /// The user approved: the next poll gets the tokens.
    case approved

    static func of(_ flow: OAuthFlow, now: Instant) -> DeviceStage { of(grant(flow), now: now) }

    static func of(_ grant: DeviceGrant?, now: Instant) -> DeviceStage {
        guard let grant, !grant.redeemed, now < grant.expiresAt, grant.decision != .denied else { return .idle }
        if case .approved? = grant.decision { return .approved }
        return .waiting
    }

    static func grant(_ flow: OAuthFlow) -> DeviceGrant? {
        flow.device.code.flatMap { flow.authorizationServer.deviceGrants[$0] }
    }
}

/// `n` in tab 5: the next message of the step in view, or the next step: start, poll
/// (waiting out the interval first, as a well-behaved device does), approve on the phone,
/// poll again for the tokens.
func deviceNext(_ state: inout AppState) {
    if state.revealNext(diagram: DeviceScreen.diagram) { state.status = nil; return }
    let flow = state.oauthFlow
    let commands: [ScenarioCommand]
    switch DeviceStage.of(flow, now: state.world.clock.now) {
    case .idle: commands = [.device(.start(scope: ["openid", "profile"]))]
    case .waiting:
        let polled = DeviceStage.grant(flow)?.lastPoll != nil
        commands = polled ? [.device(.decide(approve: true, username: nil, code: nil))] : [.device(.poll)]
    case .approved:
        commands = [.wait(DeviceStage.grant(flow)?.interval ?? .seconds(5)), .device(.poll)]
    }
    let reports = state.runStepByStep(commands, diagram: DeviceScreen.diagram)
    state.status = state.problemStatus(reports.last)
}

/// The device grant's faults, each played to its end between dividers.
enum DeviceFault: CaseIterable {
    case ignoresSlowDown, dawdles, denies

    var title: Text {
        switch self {
        case .ignoresSlowDown: return Text(en: "a device that polls without waiting", zh: "不等待就轮询的设备")
        case .dawdles: return Text(en: "the user dawdles past 10 minutes", zh: "\(.user)拖过了 10 分钟")
        case .denies: return Text(en: "the user denies", zh: "\(.user)拒绝授权")
        }
    }
}

func deviceFault(_ fault: DeviceFault, _ state: inout AppState) {
    state.reveal = nil
    var commands: [ScenarioCommand] = DeviceStage.of(state.oauthFlow, now: state.world.clock.now) == .idle ? [.device(.start(scope: ["openid", "profile"]))] : []
    switch fault {
    case .ignoresSlowDown: commands += [.device(.poll), .device(.poll), .device(.poll)]
    case .dawdles:
        let left = DeviceStage.grant(state.oauthFlow).map { $0.expiresAt - state.world.clock.now } ?? state.oauthFlow.authorizationServer.devicePolicy.codeLifetime
        commands += [.advance(max(.zero, left) + .seconds(1)), .device(.poll)]
    case .denies: commands += [.device(.decide(approve: false, username: nil, code: nil)), .wait(.seconds(10)), .device(.poll)]
    }
    let reports = state.runMarked(commands, on: .device, Text.verbatim("⚡ ") + fault.title) { reports in
        let what = (reports.last { $0.answer != nil }?.answer?.errorCode).map(Text.verbatim) ?? Text(en: "done", zh: "完成")
        return Text(en: "\(what): end of the fault", zh: "\(what)：演示结束")
    }
    if let problem = state.problemStatus(reports.last) { state.status = problem; return }
    let code = reports.last { $0.answer != nil }?.answer?.errorCode ?? "?"
    let interval = DeviceStage.grant(state.oauthFlow)?.interval ?? .seconds(5)
    switch fault {
    case .ignoresSlowDown:
        state.status = StatusMessage(en: "Polling without waiting → \(code): each too-early poll adds 5 s for good; the device must now wait \(interval).",
                                     zh: "不等待就轮询 → \(code)：每次过早的轮询都让间隔永久增加 5 秒；设备现在必须等 \(interval)。", tone: .good)
    case .dawdles:
        let life = SpanWords.text(state.oauthFlow.authorizationServer.devicePolicy.codeLifetime)
        state.status = StatusMessage(en: "Past the code's \(life) the next poll → \(code): the device must start again with a new code.",
                                     zh: "超过\(.deviceCode)的 \(life)后，下一次轮询 → \(code)：设备必须用新的码重新开始。", tone: .good)
    case .denies:
        state.status = StatusMessage(en: "The user said no on the phone; the next poll → \(code): the device stops polling.",
                                     zh: "\(.user)在手机上拒绝了；下一次轮询 → \(code)：设备停止轮询。", tone: .good)

    }
}
