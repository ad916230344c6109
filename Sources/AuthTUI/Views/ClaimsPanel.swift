import AuthEngine

/// The selected token decoded: its header and payload, times as virtual clock time.
enum ClaimsPanel {
    static func render(_ state: AppState, in rect: Rect, on canvas: inout Canvas) {
        let kind = state.selectedToken
        let token = state.shownToken(kind)
        let name = LogPanel.kindName(kind, compact: false)
        render(token: token, title: Text(en: "Claims · \(name)", zh: "\(.claims) · \(name)"),
               empty: [Text(en: "No \(name) held.", zh: "没有持有\(name)。"), Text(en: "Press l to log in.", zh: "按 l 登录。")], state: state, in: rect, on: &canvas)
    }

    /// Any held token decoded in a box: what tab 2 uses for the OAuth access token.
    static func render(token: HeldToken?, title: Text, empty: [Text], state: AppState, in rect: Rect, on canvas: inout Canvas) {
        canvas.box(rect, title: title(state.language), style: state.focus == .claims ? Theme.focusedBorder : Theme.border)
        let area = rect.inner.insetBy(dx: 1, dy: 0)
        let lines = token.map { content($0, now: state.world.clock.now, language: state.language) } ?? empty.map { [($0(state.language), Theme.muted)] }
        let offset = min(state.claimsOffset, max(0, lines.count - area.height))
        for (row, segments) in lines.dropFirst(offset).prefix(area.height).enumerated() {
            var x = area.x
            for (text, style) in segments { x += canvas.put(text, x: x, y: area.y + row, style: style, clip: area) }
        }
    }

    typealias Line = [(String, Style)]

    static func content(_ token: HeldToken, now: Instant, language: Language = .en) -> [Line] {
        var lines: [Line] = [[(Text(en: "header", zh: "header 头部")(language), Theme.label)]]
        lines += members(token.header, now: now, language: language)
        lines.append([(Text(en: "payload", zh: "payload 载荷")(language), Theme.label)])
        lines += members(token.claims, now: now, language: language)
        return lines
    }

    /// `in 12:04`, `03:00 ago`; `now` within a second.
    static func relative(_ instant: Instant, now: Instant, language: Language) -> String {
        let delta = instant - now
        if abs(delta.milliseconds) < 1000 { return Text(en: "now", zh: "现在")(language) }
        let text = Countdown.format(Span(milliseconds: abs(delta.milliseconds)))
        return (delta.milliseconds > 0 ? Text(en: "in \(text)", zh: "\(text) 后") : Text(en: "\(text) ago", zh: "\(text) 前"))(language)
    }

    private static func members(_ object: JSONObject, now: Instant, language: Language) -> [Line] {
        let keyWidth = max(4, object.keys.map { DisplayWidth.of($0) }.max() ?? 4)
        return object.members.map { member in
            var line: Line = [("  " + DisplayWidth.pad(member.key, to: keyWidth) + "  ", Theme.muted)]
            if TokenDescription.timeClaims.contains(member.key), case .success(let instant)? = Instant.numericDate(member.value) {
                let when = instant.dayNumber == now.dayNumber ? String(instant.timeOfDay.prefix(8)) : instant.date + " " + String(instant.timeOfDay.prefix(5))
                let relative = relative(instant, now: now, language: language)
                let expired = member.key == "exp" && now >= instant
                line.append((when, Theme.value))
                line.append(("  " + relative, expired ? Theme.bad : Theme.muted))
            } else {
                line.append((member.value.stringValue ?? JSONWriter.compact(member.value), Theme.value))
            }
            return line
        }
    }
}
