import AuthEngine

/// The selected token decoded: its header and payload, times as virtual clock time.
enum ClaimsPanel {
    static func render(_ state: AppState, in rect: Rect, on canvas: inout Canvas) {
        let kind = state.selectedToken
        let token = state.shownToken(kind)
        render(token: token, title: "Claims · " + kind.rawValue + " token",
               empty: ["No " + kind.rawValue + " token held.", "Press l to log in."], state: state, in: rect, on: &canvas)
    }

    /// Any held token decoded in a box: what tab 2 uses for the OAuth access token.
    static func render(token: HeldToken?, title: String, empty: [String], state: AppState, in rect: Rect, on canvas: inout Canvas) {
        canvas.box(rect, title: title, style: state.focus == .claims ? Theme.focusedBorder : Theme.border)
        let area = rect.inner.insetBy(dx: 1, dy: 0)
        let lines = token.map { content($0, now: state.world.clock.now) } ?? empty.map { [($0, Theme.muted)] }
        let offset = min(state.claimsOffset, max(0, lines.count - area.height))
        for (row, segments) in lines.dropFirst(offset).prefix(area.height).enumerated() {
            var x = area.x
            for (text, style) in segments { x += canvas.put(text, x: x, y: area.y + row, style: style, clip: area) }
        }
    }

    typealias Line = [(String, Style)]

    static func content(_ token: HeldToken, now: Instant) -> [Line] {
        var lines: [Line] = [[("header", Theme.label)]]
        lines += members(token.header, now: now)
        lines.append([("payload", Theme.label)])
        lines += members(token.claims, now: now)
        return lines
    }

    private static func members(_ object: JSONObject, now: Instant) -> [Line] {
        let keyWidth = max(4, object.keys.map { DisplayWidth.of($0) }.max() ?? 4)
        return object.members.map { member in
            var line: Line = [("  " + DisplayWidth.pad(member.key, to: keyWidth) + "  ", Theme.muted)]
            if TokenDescription.timeClaims.contains(member.key), case .success(let instant)? = Instant.numericDate(member.value) {
                let when = instant.dayNumber == now.dayNumber ? String(instant.timeOfDay.prefix(8)) : instant.date + " " + String(instant.timeOfDay.prefix(5))
                let relative = Countdown.relative(instant, now: now)
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
