import AuthEngine

/// The status line (what the last action did, or the scenario's progress) and the
/// footer (the keys that apply right now).
enum StatusBar {
    static func renderStatus(_ state: AppState, in rect: Rect, on canvas: inout Canvas) {
        var right = ""
        if let presenter = state.presenter, state.tab == .tokens {
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

    /// The keys to show now, from the keymap: the tab's own, then those that work
    /// everywhere; bindings sharing a footer word are one hint. What fits is shown.
    static func hints(_ state: AppState) -> [(String, String)] {
        switch state.overlay {
        case .help: return [("Esc", "close help"), ("q", "quit")]
        case .details: return [("↑↓", "scroll"), ("Esc", "close")]
        case nil: break
        }
        let loggedIn = state.world.client.state == .loggedIn
        var hints: [(keys: [String], label: String)] = []
        for binding in Keymap.bindings(for: state.tab) {
            guard var label = binding.footer, let key = binding.keys.first else { continue }
            switch binding.footerRule {
            case .always: break
            case .loggedIn: guard loggedIn else { continue }
            case .loggedOut: guard !loggedIn else { continue }
            case .presenting: guard state.presenter != nil else { continue }
            case .logFocused: guard state.tab == .tokens, state.focus == .log else { continue }
            case .tokensTab: guard state.tab == .tokens else { continue }
            }
            if binding.action == .togglePause, state.world.clock.isPaused { label = "resume" }
            if binding.action == .toggleRecording, state.recordingTo != nil { label = "stop rec" }
            if let i = hints.firstIndex(where: { $0.label == label }) {
                hints[i].keys.append(key.label)
            } else {
                hints.append(([key.label], label))
            }
        }
        // While recording, how to stop comes first.
        if let i = hints.firstIndex(where: { $0.label == "stop rec" }) { hints.insert(hints.remove(at: i), at: 0) }
        return hints.map { ($0.keys.joined(separator: " "), $0.label) }
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
