import AuthEngine

/// The top line: flow, virtual date and time, speed, policy, single flight, client state.
enum HeaderView {
    static func render(_ state: AppState, in rect: Rect, on canvas: inout Canvas) {
        let world = state.world
        canvas.fill(rect, style: Theme.header)
        let clock = world.clock
        let speed = clock.isPaused ? "⏸ paused" : "▶ \(formatSpeed(clock.speed))×"
        let now = clock.now
        // (text, style, priority): when the line is too narrow the lowest priorities go first.
        var parts: [(String, Style, Int)] = [
            (" AuthTUI ", Theme.headerStrong, 6),
            ("│ \(state.tab.rawValue) \(state.tab.title) ", Theme.header, 1),
            ("│ \(now.date) \(String(now.timeOfDay.prefix(8))) ", Theme.headerStrong, 4),
            ("│ \(speed) ", Theme.headerStrong, 5),
        ]
        if state.recordingTo != nil { parts.append(("│ ● REC ", Theme.headerStrong, 6)) }
        parts += tabParts(state)
        var kept = Array(parts.indices)
        while kept.reduce(0, { $0 + DisplayWidth.of(parts[$1].0) }) > rect.width, kept.count > 1 {
            let weakest = kept.min { parts[$0].2 < parts[$1].2 }!
            kept.removeAll { $0 == weakest }
        }
        var x = rect.x
        for i in kept {
            x += canvas.put(parts[i].0, x: x, y: rect.y, style: parts[i].1, clip: rect)
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
