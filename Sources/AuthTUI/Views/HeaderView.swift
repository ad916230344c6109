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
            ("│ " + ["1 tokens", "2 OAuth", "3 WeChat", "4 JWT vs sessions"][max(0, min(3, state.flow - 1))] + " ", Theme.header, 1),
            ("│ \(now.date) \(String(now.timeOfDay.prefix(8))) ", Theme.headerStrong, 4),
            ("│ \(speed) ", Theme.headerStrong, 5),
        ]
        if state.flow == 3 {
            let flow = world.wechat
            let stage: String
            switch WeChatStage.of(flow, now: now) {
            case .needsComponentToken: stage = "no component token"
            case .needsPreAuthCode: stage = "ready to invite"
            case .awaitingMerchant: stage = "link sent to merchant"
            case .needsQueryAuth: stage = "auth_code received"
            case .authorized: stage = "authorized"
            }
            parts += [
                ("│ pushes \(flow.platform.pushesOn ? "on" : "OFF") ", flow.platform.pushesOn ? Theme.header : Theme.headerStrong, 3),
                ("│ \(stage) ", Theme.headerStrong, 5),
            ]
        } else if state.flow == 4 {
            parts += [
                ("│ store \(world.store.isUp ? "up" : "DOWN") ", world.store.isUp ? Theme.header : Theme.headerStrong, 3),
                ("│ denylist \(world.comparison.denylist ? "on" : "off") ", Theme.header, 2),
                ("│ \(world.comparison.servers) servers ", Theme.header, 0),
            ]
        } else if state.flow == 2 {
            let flow = world.oauth
            let stage: String
            switch OAuthWalkthrough.stage(flow, now: world.clock.now) {
            case .unregistered: stage = "not registered"
            case .ready: stage = flow.app.accessToken == nil ? "registered" : "authorized"
            case .consentOpen: stage = "consent page open"
            case .codeReceived: stage = "code received"
            case .authorized: stage = "authorized"
            }
            parts += [
                ("│ refresh \(flow.authorizationServer.policy.refreshPolicy.rawValue) ", Theme.header, 2),
                ("│ PKCE \(flow.app.usePKCE ? "on" : "off") ", Theme.header, 0),
                ("│ \(stage) ", Theme.headerStrong, 5),
            ]
        } else {
            parts += [
                ("│ policy \(world.server.policy.refreshPolicy.rawValue) ", Theme.header, 2),
                ("│ single flight \(world.client.settings.singleFlight ? "on" : "off") ", Theme.header, 0),
                ("│ \(world.client.state.rawValue) ", Theme.headerStrong, 5),
            ]
        }
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

    static func formatSpeed(_ speed: Double) -> String {
        speed.rounded() == speed ? String(Int(speed)) : String(speed)
    }
}
