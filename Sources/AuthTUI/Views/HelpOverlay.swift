/// Every key, grouped, with a legend for the log.
enum HelpOverlay {
    /// The keys of the tab in view (and those that work everywhere).
    static func lines(tab: Tab) -> [[(String, Style)]] {
        var lines: [[(String, Style)]] = []
        for group in KeyBinding.Group.allCases {
            let bindings = Keymap.bindings(for: tab).filter { $0.group == group }
            guard !bindings.isEmpty else { continue }
            lines.append([(group.rawValue, Theme.title)])
            for binding in bindings {
                let keys = binding.keys.map(\.label).joined(separator: " ")
                lines.append([("  " + DisplayWidth.pad(keys, to: 10), Theme.key), (binding.label, Theme.value)])
            }
            lines.append([])
        }
        lines.append([("Log legend", Theme.title)])
        for (symbol, meaning) in [
            ("c→s s→c", "client ⇄ server (x: attacker)"),
            ("live", "a real client (live mode: --listen)"),
            ("b app be", "browser, third party front/back end"),
            ("p api", "platform, platform API"),
            ("sc lb app-N", "session client, balancer, server"),
            ("wx comp mch", "WeChat, component, merchant"),
            ("tv ph", "the device (TV), the user's phone"),
            ("⟳ ↻ ⏸", "refresh, retry, queued"),
            ("● ○ ✗", "issued, expired, refused"),
            ("»", "the clock jumped"),
        ] {
            lines.append([("  " + DisplayWidth.pad(symbol, to: 10), Theme.key), (meaning, Theme.value)])
        }
        return lines
    }

    /// Two columns from 100 cells wide, else one; the content scrolls (↑↓ j k PgUp PgDn)
    /// when it does not fit, and the title says how far down it is.
    /// How far help can scroll in a screen of this size (the body between header and footer).
    static func maxOffset(tab: Tab, width: Int, height: Int) -> Int {
        let columns = width >= 100 ? 2 : 1
        let perColumn = (lines(tab: tab).count + columns - 1) / columns
        return max(0, perColumn - max(1, height - 2 - 2))
    }

    static func render(tab: Tab, offset: Int, in screen: Rect, on canvas: inout Canvas) {
        let content = lines(tab: tab)
        let columns = screen.width >= 100 ? 2 : 1
        let columnWidth = columns == 2 ? min(48, (screen.width - 4) / 2) : min(60, screen.width - 2)
        let width = min(screen.width, columns * columnWidth + 4)
        let rows = max(1, screen.height - 2)
        let perColumn = (content.count + columns - 1) / columns
        let visible = min(rows, perColumn)
        let maxOffset = max(0, perColumn - visible)
        let top = min(offset, maxOffset)
        let height = min(screen.height, visible + 2)
        let rect = Rect(x: screen.x + (screen.width - width) / 2, y: screen.y + (screen.height - height) / 2, width: width, height: height)
        canvas.fill(rect)
        let title = maxOffset == 0 ? "Help · Esc closes" : "Help \(top + visible)/\(perColumn) · ↑↓ PgUp PgDn scroll · Esc closes"
        canvas.box(rect, title: title, style: Theme.focusedBorder)
        let inner = rect.inner.insetBy(dx: 1, dy: 0)
        for column in 0..<columns {
            for row in 0..<visible {
                let i = column * perColumn + top + row
                guard i < content.count, i < (column + 1) * perColumn else { continue }
                let cell = Rect(x: inner.x + column * columnWidth, y: inner.y + row, width: min(columnWidth - 1, inner.maxX - inner.x - column * columnWidth), height: 1)
                var x = cell.x
                for (text, style) in content[i] { x += canvas.put(text, x: x, y: cell.y, style: style, clip: cell) }
            }
        }
    }
}
