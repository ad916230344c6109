import AuthEngine

/// The status line (what the last action did, or the scenario's progress) and the
/// footer (the keys that apply right now).
enum StatusBar {
    static func renderStatus(_ state: AppState, in rect: Rect, on canvas: inout Canvas) {
        var right = ""
        if let presenter = state.presenter, state.flow == 1 {
            right = presenter.isFinished
                ? "scenario done"
                : "n ▸ line \(presenter.steps[presenter.next].line): \(presenter.steps[presenter.next].source)"
        }
        let rightWidth = min(DisplayWidth.of(right), rect.width / 2)
        if rightWidth > 0 {
            canvas.put(DisplayWidth.truncate(right, to: rightWidth), x: rect.maxX - rightWidth, y: rect.y, style: Theme.key, clip: rect)
        }
        guard let status = state.status else { return }
        let style: Style
        switch status.tone {
        case .info: style = Theme.value
        case .good: style = Theme.good
        case .bad: style = Theme.bad
        }
        let room = rect.width - rightWidth - (rightWidth > 0 ? 2 : 0)
        canvas.put(DisplayWidth.truncate(status.text, to: room), x: rect.x, y: rect.y, style: style, clip: rect)
    }

    /// The keys to show now, most useful first: what fits is shown.
    static func hints(_ state: AppState) -> [(String, String)] {
        switch state.overlay {
        case .help: return [("Esc", "close help"), ("q", "quit")]
        case .details: return [("↑↓", "scroll"), ("Esc", "close")]
        case nil: break
        }
        var hints: [(String, String)] = []
        let world = state.world
        if state.flow == 3 {
            return [("n", "next message"), ("R", "renew"), ("P J T W E A K U", "faults"), ("1", "tokens"),
                    ("space", world.clock.isPaused ? "resume" : "pause"), ("?", "help"), ("q", "quit")]
        }
        if state.flow == 4 {
            return [("l", "log in"), ("r", "request"), ("u", "profile"), ("v", "revoke"), ("o", "store"), ("D", "denylist"),
                    ("a", "server"), ("m y", "local/sticky"), ("1", "tokens"), ("?", "help"), ("q", "quit")]
        }
        if state.flow == 2 {
            hints += [("n", "next message"), ("e R s E F V d", "attacks"), ("f", "refresh"), ("1", "tokens"),
                      ("space", world.clock.isPaused ? "resume" : "pause"), ("?", "help"), ("q", "quit")]
            return hints
        }
        if state.presenter != nil { hints.append(("n", "next line")) }
        if world.client.state != .loggedIn {
            hints.append(("l", "log in"))
        } else {
            hints += [("r", "request"), ("x", "expire short"), ("b", "burst"), ("t", "traffic")]
        }
        hints += [("space", world.clock.isPaused ? "resume" : "pause"), ("+/-", "speed"), ("Tab", "focus")]
        if state.focus == .log { hints.append(("Enter", "details")) }
        hints += [("2", "OAuth"), ("?", "help"), ("q", "quit")]
        return hints
    }

    static func renderFooter(_ state: AppState, in rect: Rect, on canvas: inout Canvas) {
        var x = rect.x
        let all = hints(state)
        // Keep `? help` and `q quit` whatever the width.
        let essential = all.suffix(2)
        let essentialWidth = essential.reduce(0) { $0 + DisplayWidth.of($1.0) + DisplayWidth.of($1.1) + 3 }
        var budget = rect.width - essentialWidth
        for (i, (key, label)) in all.enumerated() {
            let width = DisplayWidth.of(key) + DisplayWidth.of(label) + 3
            let isEssential = i >= all.count - 2
            if !isEssential {
                guard width <= budget else { continue }
                budget -= width
            }
            x += canvas.put(key, x: x, y: rect.y, style: Theme.key, clip: rect)
            x += canvas.put(" " + label + "  ", x: x, y: rect.y, style: Theme.muted, clip: rect)
        }
    }
}
