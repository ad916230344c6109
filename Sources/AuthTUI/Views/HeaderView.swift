import AuthEngine

/// The top line: flow, virtual date and time, speed, policy, single flight, client state.
enum HeaderView {
    static func render(_ state: AppState, in rect: Rect, on canvas: inout Canvas) {
        let world = state.world
        canvas.fill(rect, style: Theme.header)
        let clock = world.clock
        let speed = clock.isPaused ? "⏸ paused" : "▶ \(formatSpeed(clock.speed))×"
        let now = clock.now
        let parts: [(String, Style)] = [
            (" AuthTUI ", Theme.headerStrong),
            ("│ 1 tokens ", Theme.header),
            ("│ \(now.date) \(String(now.timeOfDay.prefix(8))) ", Theme.headerStrong),
            ("│ \(speed) ", Theme.headerStrong),
            ("│ policy \(world.server.policy.refreshPolicy.rawValue) ", Theme.header),
            ("│ single flight \(world.client.settings.singleFlight ? "on" : "off") ", Theme.header),
            ("│ \(world.client.state.rawValue) ", Theme.headerStrong),
        ]
        var x = rect.x
        for (i, (text, style)) in parts.enumerated() {
            // Drop trailing parts rather than cut one in half (the client state goes last).
            let width = DisplayWidth.of(text)
            if x + width > rect.maxX {
                if i == parts.count - 1 || x >= rect.maxX { break }
                continue
            }
            x += canvas.put(text, x: x, y: rect.y, style: style, clip: rect)
        }
    }

    static func formatSpeed(_ speed: Double) -> String {
        speed.rounded() == speed ? String(Int(speed)) : String(speed)
    }
}
