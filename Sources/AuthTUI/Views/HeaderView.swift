import AuthEngine

/// The top line: flow, virtual date and time, speed, policy, single flight, client state.
enum HeaderView {
    /// A part of the line: its pieces, and how much it matters (the least is dropped first
    /// when the line is too narrow).
    typealias Part = (pieces: [(String, Style)], priority: Int)

    static func render(_ state: AppState, in rect: Rect, on canvas: inout Canvas) {
        let world = state.world
        canvas.fill(rect, style: Theme.header)
        let clock = world.clock
        // Narrow, a pause is its symbol alone (the footer says `space resume`), so the tab's
        // own state (logged in, store down…) keeps its place at 80 columns.
        let l = state.language
        let speed = clock.isPaused ? (rect.width < 90 ? "⏸" : Text(en: "⏸ paused", zh: "⏸ 已暂停")(l)) : "▶ \(formatSpeed(clock.speed))×"
        let now = clock.now
        // The tab bar: every tab's key and name, the open one highlighted.
        // Narrower than 80 columns, only the open tab.
        var bar: [(String, Style)] = [("│", Theme.header)]
        for tab in Tab.allCases where rect.width >= 80 || tab == state.tab {
            bar.append((" ", Theme.header))
            bar.append(("\(tab.rawValue) \(tab.shortName(l))", tab == state.tab ? Theme.headerStrong.with(reverse: true) : Theme.header))
        }
        bar.append((" ", Theme.header))
        var parts: [Part] = [
            ([(" AuthTUI ", Theme.headerStrong)], 2),
            (bar, rect.width >= 80 ? 9 : 4),
            ([("│ \(now.date) ", Theme.header)], 1),
            ([("│ \(String(now.timeOfDay.prefix(8))) ", Theme.headerStrong)], 8),
            ([("│ \(speed) ", Theme.headerStrong)], 7),
        ]
        if state.recordingTo != nil { parts.append(([(Text(en: "│ ● REC ", zh: "│ ● 录制中 ")(l), Theme.headerStrong)], 9)) }
        if let url = state.liveURL {
            let address = url.replacingOccurrences(of: "http://", with: "")
            parts.append(([(Text(en: "│ LIVE \(address) ", zh: "│ 实时 \(address) ")(l), Theme.headerStrong)], 10))
        }
        if let skew = state.liveSkew, abs(skew.milliseconds) >= 1000 {
            // Real clients judge tokens by their own clocks; past 5 minutes some refuse them.
            let amount = (skew.milliseconds > 0 ? "+" : "−") + DurationSyntax.format(Span(milliseconds: abs(skew.milliseconds) / 1000 * 1000))
            let text = Text(en: "skew \(amount)", zh: "偏差 \(amount)")(l)
            parts.append(([("│ \(text)\(abs(skew.seconds) > 300 ? " ⚠" : "") ", abs(skew.seconds) > 300 ? Theme.headerWarning : Theme.header)], 9))
        }
        parts += tabParts(state).map { ([($0.0(l), $0.1)], $0.2) }
        let widths = parts.map { part in part.pieces.reduce(0) { $0 + DisplayWidth.of($1.0) } }
        var kept = Array(parts.indices)
        var total = widths.reduce(0, +)
        while total > rect.width, kept.count > 1 {
            let weakest = kept.min { parts[$0].priority < parts[$1].priority }!
            kept.removeAll { $0 == weakest }
            total -= widths[weakest]
        }
        var x = rect.x
        for i in kept {
            for (text, style) in parts[i].pieces { x += canvas.put(text, x: x, y: rect.y, style: style, clip: rect) }
        }
    }

    /// Each tab's own parts: what matters about its world at a glance.
    static func tabParts(_ state: AppState) -> [(Text, Style, Int)] {
        let world = state.world
        let now = world.clock.now
        switch state.tab {
        case .wechat:
            let flow = world.wechat
            let stage: Text
            switch WeChatStage.of(flow, now: now) {
            case .needsComponentToken: stage = Text(en: "no component token", zh: "没有 component_access_token")
            case .needsPreAuthCode: stage = Text(en: "ready to invite", zh: "可以邀请商家")
            case .awaitingMerchant: stage = Text(en: "link sent to merchant", zh: "链接已发给商家")
            case .needsQueryAuth: stage = Text(en: "auth_code received", zh: "已收到 auth_code")
            case .authorized: stage = Text(en: "authorized", zh: "已授权")
            }
            let shown = state.shownLiveComponent != nil ? Text(en: "live backends", zh: "实时后端") : stage
            return [
                (flow.platform.pushesOn ? Text(en: "│ pushes on ", zh: "│ 推送 开 ") : Text(en: "│ pushes OFF ", zh: "│ 推送 关 "),
                 flow.platform.pushesOn ? Theme.header : Theme.headerStrong, 3),
                (Text.verbatim("│ ") + shown + .verbatim(" "), Theme.headerStrong, 5),
            ]
        case .compare:
            return [
                (world.store.isUp ? Text(en: "│ store up ", zh: "│ 存储 正常 ") : Text(en: "│ store DOWN ", zh: "│ 存储 宕机 "),
                 world.store.isUp ? Theme.header : Theme.headerStrong, 3),
                (world.comparison.denylist ? Text(en: "│ denylist on ", zh: "│ 黑名单 开 ") : Text(en: "│ denylist off ", zh: "│ 黑名单 关 "), Theme.header, 2),
                (Text(en: "│ \(world.comparison.servers) servers ", zh: "│ \(world.comparison.servers) 台\(.server) "), Theme.header, 0),
            ]
        case .oauth:
            let flow = world.oauth
            let stage: Text
            let authorized = Text(en: "authorized", zh: "已授权")
            switch OAuthWalkthrough.stage(flow, now: world.clock.now) {
            case .unregistered: stage = Text(en: "not registered", zh: "未注册")
            case .ready: stage = flow.app.accessToken == nil ? Text(en: "registered", zh: "已注册") : authorized
            case .consentOpen: stage = Text(en: "consent page open", zh: "\(.consent)已打开")
            case .codeReceived: stage = Text(en: "code received", zh: "已收到\(.authorizationCode)")
            case .authorized: stage = authorized
            }
            // The panels follow a live client: the header names it, not the idle simulated app.
            let shown = state.shownLiveOAuthClient.map { Text(en: "live client \($0.number)", zh: "实时\(.client) \($0.number)") } ?? stage
            let policy = flow.authorizationServer.policy.refreshPolicy.rawValue
            return [
                (Text(en: "│ refresh \(policy) ", zh: "│ \(.refresh) \(policy) "), Theme.header, 2),
                (flow.app.usePKCE ? Text(en: "│ PKCE on ", zh: "│ PKCE 开 ") : Text(en: "│ PKCE off ", zh: "│ PKCE 关 "), Theme.header, 0),
                (Text.verbatim("│ ") + shown + .verbatim(" "), Theme.headerStrong, 5),
            ]
        case .device:
            let stage: Text
            switch DeviceStage.of(state.shownDeviceGrant, now: now) {
            case .idle: stage = Text(en: "no code", zh: "没有码")
            case .waiting: stage = Text(en: "waiting for the user", zh: "等待\(.user)")
            case .approved: stage = Text(en: "approved", zh: "已批准")
            }
            return [(Text.verbatim("│ ") + stage + .verbatim(" "), Theme.headerStrong, 5)]
        case .tokens:
            return [
                (Text(en: "│ policy \(world.server.policy.refreshPolicy.rawValue) ", zh: "│ 策略 \(world.server.policy.refreshPolicy.rawValue) "), Theme.header, 2),
                (world.client.settings.singleFlight ? Text(en: "│ single flight on ", zh: "│ 合并刷新 开 ") : Text(en: "│ single flight off ", zh: "│ 合并刷新 关 "), Theme.header, 0),
                (Text.verbatim("│ ") + (state.shownLiveClient.map { Text(en: "live client \($0.number)", zh: "实时\(.client) \($0.number)") }
                                        ?? ClientStateStory.text(world.client.state)) + .verbatim(" "), Theme.headerStrong, 5),
            ]
        }
    }

    static func formatSpeed(_ speed: Double) -> String {
        speed.rounded() == speed ? String(Int(speed)) : String(speed)
    }
}
