import AuthEngine

/// `h`: every narration message kept (the newest last), each with the virtual time it was
/// said, wrapped at spaces; it scrolls, and opens at the newest.
enum HistoryOverlay {
    static let timeWidth = 9

    /// The overlay's box inside the body of the screen.
    static func frame(_ screen: Rect) -> Rect {
        screen.insetBy(dx: screen.width >= 60 ? 3 : 0, dy: screen.height >= 16 ? 1 : 0)
    }

    static func lines(_ state: AppState, width: Int) -> [[(String, Style)]] {
        let narration = state.narration
        guard !narration.isEmpty else {
            return [[(Text(en: "Nothing has been said yet: keys narrate what they did here.", zh: "还没有任何解说：按键做了什么都会记在这里。")(state.language), Theme.muted)]]
        }
        let textWidth = max(10, width - timeWidth)
        var out: [[(String, Style)]] = []
        var day: Substring?
        for n in narration {
            let date = n.at.iso8601.prefix(10)
            if date != day {
                out.append([("-- " + date, Theme.muted)])
                day = date
            }
            let style: Style
            switch n.message.tone {
            case .info: style = Theme.value
            case .good: style = Theme.good
            case .bad: style = Theme.bad
            }
            for (i, row) in LineBreak.wrap(n.message.text(state.language), width: textWidth).enumerated() {
                let time = i == 0 ? String(n.at.timeOfDay.prefix(8)) + " " : String(repeating: " ", count: timeWidth)
                out.append([(time, Theme.muted), (row, style)])
            }
        }
        return out
    }

    static func maxOffset(_ state: AppState, in screen: Rect) -> Int {
        let inner = frame(screen).inner.insetBy(dx: 1, dy: 0)
        return max(0, lines(state, width: inner.width).count - inner.height)
    }

    static func render(_ state: AppState, in screen: Rect, on canvas: inout Canvas) {
        canvas.fill(screen)
        let rect = frame(screen)
        let inner = rect.inner.insetBy(dx: 1, dy: 0)
        let content = lines(state, width: inner.width)
        let top = min(state.historyOffset, max(0, content.count - inner.height))
        let shown = min(content.count, top + inner.height)
        let title = content.count > inner.height
            ? Text(en: "Narration \(shown)/\(content.count) · ↑↓ PgUp PgDn · Esc closes", zh: "\(.narration) \(shown)/\(content.count) · ↑↓ PgUp PgDn · Esc 关闭")
            : Text(en: "Narration · Esc closes", zh: "\(.narration) · Esc 关闭")
        canvas.box(rect, title: title(state.language), style: Theme.focusedBorder)
        for (row, line) in content.dropFirst(top).prefix(inner.height).enumerated() {
            var x = inner.x
            for (text, style) in line { x += canvas.put(text, x: x, y: inner.y + row, style: style, clip: inner) }
        }
    }
}
