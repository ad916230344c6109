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
        let speed = clock.isPaused ? (rect.width < 90 ? "⏸" : "⏸ paused") : "▶ \(formatSpeed(clock.speed))×"
        let now = clock.now
        // The tab bar: every tab's key and name, the open one highlighted.
        // Narrower than 80 columns, only the open tab.
        var bar: [(String, Style)] = [("│", Theme.header)]
        for tab in Tab.allCases where rect.width >= 80 || tab == state.tab {
            bar.append((" ", Theme.header))
            bar.append(("\(tab.rawValue) \(tab.shortName)", tab == state.tab ? Theme.headerStrong.with(reverse: true) : Theme.header))
        }
        bar.append((" ", Theme.header))
        var parts: [Part] = [
            ([(" AuthTUI ", Theme.headerStrong)], 2),
            (bar, rect.width >= 80 ? 9 : 4),
            ([("│ \(now.date) ", Theme.header)], 1),
            ([("│ \(String(now.timeOfDay.prefix(8))) ", Theme.headerStrong)], 8),
            ([("│ \(speed) ", Theme.headerStrong)], 7),
        ]
        if state.recordingTo != nil { parts.append(([("│ ● REC ", Theme.headerStrong)], 9)) }
        if let url = state.liveURL { parts.append(([("│ LIVE \(url.replacingOccurrences(of: "http://", with: "")) ", Theme.headerStrong)], 10)) }
        if let skew = state.liveSkew, abs(skew.milliseconds) >= 1000 {
            // Real clients judge tokens by their own clocks; past 5 minutes some refuse them.
            let text = "skew " + (skew.milliseconds > 0 ? "+" : "−") + DurationSyntax.format(Span(milliseconds: abs(skew.milliseconds) / 1000 * 1000))
            parts.append(([("│ \(text)\(abs(skew.seconds) > 300 ? " ⚠" : "") ", abs(skew.seconds) > 300 ? Theme.headerWarning : Theme.header)], 9))
        }
        parts += tabParts(state).map { ([($0.0, $0.1)], $0.2) }
        func width(_ part: Part) -> Int { part.pieces.reduce(0) { $0 + DisplayWidth.of($1.0) } }
        var kept = Array(parts.indices)
        while kept.reduce(0, { $0 + width(parts[$1]) }) > rect.width, kept.count > 1 {
            let weakest = kept.min { parts[$0].priority < parts[$1].priority }!
            kept.removeAll { $0 == weakest }
        }
        var x = rect.x
        for i in kept {
            for (text, style) in parts[i].pieces { x += canvas.put(text, x: x, y: rect.y, style: style, clip: rect) }
        }
    }

    /// Each tab's own parts: what matters about its world at a glance.
    static func tabParts(_ state: AppState) -> [(String, Style, Int)] {
        let world = state.world
        let now = world.clock.now
        switch state.tab {
        case .wechat:
            let flow = world.wechat
            let stage: String
            switch WeChatStage.of(flow, now: now) {
            case .needsComponentToken: stage = "no component token"
            case .needsPreAuthCode: stage = "ready to invite"
            case .awaitingMerchant: stage = "link sent to merchant"
            case .needsQueryAuth: stage = "auth_code received"
            case .authorized: stage = "authorized"
            }
            return [
                ("│ pushes \(flow.platform.pushesOn ? "on" : "OFF") ", flow.platform.pushesOn ? Theme.header : Theme.headerStrong, 3),
                ("│ \(stage) ", Theme.headerStrong, 5),
            ]
        case .compare:
            return [
                ("│ store \(world.store.isUp ? "up" : "DOWN") ", world.store.isUp ? Theme.header : Theme.headerStrong, 3),
                ("│ denylist \(world.comparison.denylist ? "on" : "off") ", Theme.header, 2),
                ("│ \(world.comparison.servers) servers ", Theme.header, 0),
            ]
        case .oauth:
            let flow = world.oauth
            let stage: String
            switch OAuthWalkthrough.stage(flow, now: world.clock.now) {
            case .unregistered: stage = "not registered"
            case .ready: stage = flow.app.accessToken == nil ? "registered" : "authorized"
            case .consentOpen: stage = "consent page open"
            case .codeReceived: stage = "code received"
            case .authorized: stage = "authorized"
            }
            return [
                ("│ refresh \(flow.authorizationServer.policy.refreshPolicy.rawValue) ", Theme.header, 2),
                ("│ PKCE \(flow.app.usePKCE ? "on" : "off") ", Theme.header, 0),
                ("│ \(stage) ", Theme.headerStrong, 5),
            ]
        case .device:
            let stage: String
            switch DeviceStage.of(world.oauth, now: now) {
            case .idle: stage = "no code"
            case .waiting: stage = "waiting for the user"
            case .approved: stage = "approved"
            }
            return [("│ \(stage) ", Theme.headerStrong, 5)]
        case .tokens:
            return [
                ("│ policy \(world.server.policy.refreshPolicy.rawValue) ", Theme.header, 2),
                ("│ single flight \(world.client.settings.singleFlight ? "on" : "off") ", Theme.header, 0),
                ("│ \(world.client.state.rawValue) ", Theme.headerStrong, 5),
            ]
        }
    }

    static func formatSpeed(_ speed: Double) -> String {
        speed.rounded() == speed ? String(Int(speed)) : String(speed)
    }
}
