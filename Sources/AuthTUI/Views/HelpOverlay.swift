/// Every key, grouped, with a legend for the log.
enum HelpOverlay {
    static let keyWidth = 14

    /// The keys of the tab in view (and those that work everywhere), each meaning wrapped
    /// to a column `width` cells wide (continued under itself).
    static func lines(tab: Tab, language: Language, width: Int) -> [[(String, Style)]] {
        var lines: [[(String, Style)]] = []
        let room = max(8, width - keyWidth)
        func entry(_ keys: String, _ meaning: String) {
            for (i, row) in LineBreak.wrap(meaning, width: room).enumerated() {
                lines.append([(i == 0 ? "  " + DisplayWidth.pad(keys, to: keyWidth - 2) : String(repeating: " ", count: keyWidth), Theme.key), (row, Theme.value)])
            }
        }
        for group in KeyBinding.Group.allCases {
            let bindings = Keymap.bindings(for: tab).filter { $0.group == group }
            guard !bindings.isEmpty else { continue }
            lines.append([(group.title(language), Theme.title)])
            for binding in bindings {
                entry(binding.keys.map(\.label).joined(separator: " "), binding.label(language))
            }
            lines.append([])
        }
        lines.append([(Text(en: "Log legend", zh: "\(.log)图例")(language), Theme.title)])
        for (symbol, meaning) in [
            ("c→s s→c", Text(en: "client ⇄ server (x: attacker)", zh: "\(.client) ⇄ \(.server)（x：\(.attacker)）")),
            ("live", Text(en: "a real client (live mode: --listen)", zh: "真实的\(.client)（实时模式：--listen）")),
            ("b app be", Text(en: "browser, third party front/back end", zh: "浏览器，\(.app)前端/后端")),
            ("p api", Text(en: "platform, platform API", zh: "\(.platform)，\(.platform) API")),
            ("sc lb app-N", Text(en: "session client, balancer, server", zh: "\(.session)\(.client)，负载均衡，\(.server)")),
            ("wx comp mch", Text(en: "WeChat, component, merchant", zh: "微信，\(.thirdPartyPlatform)，商家")),
            ("tv ph", Text(en: "the device (TV), the user's phone", zh: "设备（电视），\(.user)的手机")),
            ("⟳ ↻ ⏸", Text(en: "refresh, retry, queued", zh: "\(.refresh)，重试，排队")),
            ("● ○ ✗", Text(en: "issued, expired, refused", zh: "签发，过期，拒绝")),
            ("»", Text(en: "the clock jumped", zh: "时钟跳跃")),
        ] {
            entry(symbol, meaning(language))
        }
        return lines
    }

    /// Two columns from 100 cells wide, else one.
    static func columns(width: Int) -> (count: Int, width: Int) {
        width >= 100 ? (2, min(48, (width - 4) / 2)) : (1, min(60, width - 2))
    }

    /// How far help can scroll in a screen of this size (the body between header and footer).
    static func maxOffset(tab: Tab, language: Language, width: Int, height: Int) -> Int {
        let (count, columnWidth) = columns(width: width)
        let perColumn = (lines(tab: tab, language: language, width: columnWidth - 1).count + count - 1) / count
        return max(0, perColumn - max(1, height - 2 - 2))
    }

    /// The content scrolls (↑↓ j k PgUp PgDn) when it does not fit, and the title says how
    /// far down it is.
    static func render(tab: Tab, offset: Int, language: Language, in screen: Rect, on canvas: inout Canvas) {
        let (columns, columnWidth) = columns(width: screen.width)
        let content = lines(tab: tab, language: language, width: columnWidth - 1)
        let width = min(screen.width, columns * columnWidth + 4)
        let rows = max(1, screen.height - 2)
        let perColumn = (content.count + columns - 1) / columns
        let visible = min(rows, perColumn)
        let maxOffset = max(0, perColumn - visible)
        let top = min(offset, maxOffset)
        let height = min(screen.height, visible + 2)
        let rect = Rect(x: screen.x + (screen.width - width) / 2, y: screen.y + (screen.height - height) / 2, width: width, height: height)
        canvas.fill(rect)
        let title = maxOffset == 0 ? Text(en: "Help · Esc closes", zh: "帮助 · Esc 关闭")
            : Text(en: "Help \(top + visible)/\(perColumn) · ↑↓ PgUp PgDn scroll · Esc closes", zh: "帮助 \(top + visible)/\(perColumn) · ↑↓ PgUp PgDn 滚动 · Esc 关闭")
        canvas.box(rect, title: title(language), style: Theme.focusedBorder)
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
