import AuthEngine

/// The status line (what the last action did, or the scenario's progress) and the
/// footer (the keys that apply right now).
enum StatusBar {
    /// The narration area: the newest message wrapped at spaces over as many rows as it
    /// needs (never cut mid-word while it fits; when it does not, the last row says `h`
    /// shows it whole), earlier messages above it in grey, and in presenter mode the next
    /// script line on the top row.
    static func renderStatus(_ state: AppState, in rect: Rect, on canvas: inout Canvas) {
        guard rect.height > 0, rect.width > 0 else { return }
        var area = rect
        if let presenter = state.presenter {
            let next = presenter.isFinished
                ? Text(en: "scenario done", zh: "\(.scenario)已结束")(state.language)
                : Text(en: "n ▸ line \(presenter.steps[presenter.next].line): \(presenter.steps[presenter.next].source)",
                       zh: "n ▸ 第 \(presenter.steps[presenter.next].line) 行：\(presenter.steps[presenter.next].source)")(state.language)
            if rect.height == 1 {
                // One row: the next line on the right, the message in what is left.
                let rightWidth = min(DisplayWidth.of(next), rect.width / 2)
                canvas.put(DisplayWidth.truncate(next, to: rightWidth), x: rect.maxX - rightWidth, y: rect.y, style: Theme.key, clip: rect)
                area = Rect(x: rect.x, y: rect.y, width: max(0, rect.width - rightWidth - 2), height: 1)
            } else {
                canvas.put(DisplayWidth.truncate(next, to: rect.width), x: rect.x, y: rect.y, style: Theme.key, clip: rect)
                area = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
            }
        }
        guard let status = state.status, area.height > 0, area.width > 0 else { return }
        let style: Style
        switch status.tone {
        case .info: style = Theme.value
        case .good: style = Theme.good
        case .bad: style = Theme.bad
        }
        var rows = LineBreak.wrap(status.text(state.language), width: area.width)
        if rows.count > area.height {
            rows = Array(rows.prefix(area.height))
            // The rest is one key away: the history overlay shows every message whole.
            rows[rows.count - 1] = clipped(rows[rows.count - 1], to: area.width, more: Text(en: " … h: whole", zh: " … h：全文")(state.language))
        }
        // Earlier messages fill the rows above, newest nearest.
        let free = area.height - rows.count
        // An earlier message too long for its row says where it is whole (`h`).
        let earlier = state.history.suffix(free).map { n -> String in
            let text = n.message.text(state.language)
            guard DisplayWidth.of(text) > area.width else { return text }
            return clipped(text, to: area.width, more: " … h")
        }
        for (i, text) in earlier.enumerated() {
            canvas.put(text, x: area.x, y: area.y + free - earlier.count + i, style: Theme.muted, clip: area)
        }
        for (i, row) in rows.enumerated() {
            canvas.put(row, x: area.x, y: area.y + free + i, style: style, clip: area)
        }
    }

    /// `text` cut at a space to leave room for `more` (which says where the rest is).
    static func clipped(_ text: String, to width: Int, more: String) -> String {
        guard DisplayWidth.of(text) + DisplayWidth.of(more) > width else { return text + more }
        let room = max(0, width - DisplayWidth.of(more))
        var head = String(DisplayWidth.truncate(text, to: room + 1).dropLast())
        if let space = head.lastIndex(of: " "), head.distance(from: head.startIndex, to: space) > room / 2 { head = String(head[..<space]) }
        return head + more
    }

    /// The keys to show now, from the keymap: the tab's own, then those that work
    /// everywhere; bindings sharing a footer word are one hint. What fits is shown.
    static func hints(_ state: AppState) -> [(String, String)] {
        let l = state.language
        let quit = ("q", Text(en: "quit", zh: "退出")(l)), close = ("Esc", Text(en: "close", zh: "关闭")(l)), scroll = Text(en: "scroll", zh: "滚动")(l)
        switch state.overlay {
        case .help: return [("Esc", Text(en: "close help", zh: "关闭帮助")(l)), quit]
        case .details: return [("↑↓", scroll), close]
        case .history: return [("↑↓ PgUp PgDn", scroll), close, quit]
        case .settings: return [("↑↓", Text(en: "choose", zh: "选择")(l)), ("←→", Text(en: "change (recorded as config)", zh: "修改（记录为 config）")(l)), close, quit]
        case nil: break
        }
        let loggedIn = state.world.client.state == .loggedIn
        var hints: [(keys: [String], label: Text)] = []
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
            // Live mode's clock runs at 1×: the speed keys only say why not.
            if binding.action == .faster || binding.action == .slower, state.world.live { continue }
            if binding.action == .togglePause, state.world.clock.isPaused { label = Text(en: "resume", zh: "继续") }
            if binding.action == .oauthNext || binding.action == .wechatNext, let p = state.presenter, !p.isFinished { label = Text(en: "next line", zh: "下一行") }
            if binding.action == .toggleRecording, state.recordingTo != nil { label = stopRecording }
            // The language key names the language it switches to, in that language.
            if binding.action == .cycleLanguage { label = .verbatim(state.language.next.nativeName) }
            if let i = hints.firstIndex(where: { $0.label == label }) {
                hints[i].keys.append(key.label)
            } else {
                hints.append(([key.label], label))
            }
        }
        // While recording, how to stop comes first.
        if let i = hints.firstIndex(where: { $0.label == stopRecording }) { hints.insert(hints.remove(at: i), at: 0) }
        return hints.map { ($0.keys.joined(separator: " "), $0.label(l)) }
    }

    static let stopRecording = Text(en: "stop rec", zh: "停止录制")

    static func renderFooter(_ state: AppState, in rect: Rect, on canvas: inout Canvas) {
        var x = rect.x
        let all = hints(state)
        // Keep the language key, `? help` and `q quit` whatever the width (overlays: the last two).
        let essentialCount = state.overlay == nil ? 3 : 2
        let essential = all.suffix(essentialCount)
        let essentialWidth = essential.reduce(0) { $0 + DisplayWidth.of($1.0) + DisplayWidth.of($1.1) + 3 }
        var budget = rect.width - essentialWidth
        for (i, (key, label)) in all.enumerated() {
            let width = DisplayWidth.of(key) + DisplayWidth.of(label) + 3
            let isEssential = i >= all.count - essentialCount
            if !isEssential {
                guard width <= budget else { continue }
                budget -= width
            }
            x += canvas.put(key, x: x, y: rect.y, style: Theme.key, clip: rect)
            x += canvas.put(" " + label + "  ", x: x, y: rect.y, style: Theme.muted, clip: rect)
        }
    }
}
