import AuthEngine

/// `,`: the token flow's settings, each with the value the world holds now and the
/// `config` line a change runs (and records).
enum SettingsOverlay {
    static let labelWidth = 22

    static func render(_ state: AppState, in screen: Rect, on canvas: inout Canvas) {
        let settings = LiveSetting.allCases
        let width = min(screen.width, 64)
        let height = min(screen.height, settings.count + 5)
        let rect = Rect(x: screen.x + (screen.width - width) / 2, y: screen.y + (screen.height - height) / 2, width: width, height: height)
        canvas.fill(rect)
        canvas.box(rect, title: Text(en: "Settings · ↑↓ choose · ←→ change · Esc closes", zh: "设置 · ↑↓ 选择 · ←→ 修改 · Esc 关闭")(state.language), style: Theme.focusedBorder)
        let inner = rect.inner.insetBy(dx: 1, dy: 0)
        let row = min(max(state.settingsRow, 0), settings.count - 1)
        for (i, setting) in settings.enumerated() where i < inner.height {
            let selected = i == row
            let y = inner.y + i
            let value = setting.value(in: state.world)
            let line = DisplayWidth.pad(setting.label(state.language), to: labelWidth) + (selected ? "◀ " + value + " ▶" : "  " + value)
            let style = selected ? Theme.selection : Theme.value
            let x = inner.x + canvas.put(line, x: inner.x, y: y, style: style, clip: inner)
            if selected, x < inner.maxX { canvas.put(String(repeating: " ", count: inner.maxX - x), x: x, y: y, style: Theme.selection, clip: inner) }
        }
        // The line a change runs, as a script (and a recording) holds it.
        let footerY = inner.y + settings.count + 1
        if footerY < inner.maxY {
            let script = ScenarioPrinter.line(.config(settings[row].current(in: state.world)))
            canvas.put(Text(en: "script: ", zh: "\(.scenario)：")(state.language) + script, x: inner.x, y: footerY, style: Theme.muted, clip: inner)
        }
    }
}
