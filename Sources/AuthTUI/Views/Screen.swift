import AuthEngine

/// Renders the whole screen for a state: a pure function from model to cells.
enum Screen {
    static func render(_ state: AppState) -> Canvas {
        var canvas = Canvas(width: state.width, height: state.height)
        let layout = state.layout
        guard layout.mode != .tooSmall else {
            renderTooSmall(state, on: &canvas)
            return canvas
        }
        HeaderView.render(state, in: layout.header, on: &canvas)
        switch state.tab {
        case .wechat:
            WeChatScreen.render(state, layout: layout, on: &canvas)
            var narrated = state
            if narrated.status == nil, let line = WeChatScreen.narration(state) { narrated.status = StatusMessage(text: line) }
            StatusBar.renderStatus(narrated, in: layout.status, on: &canvas)
        case .device:
            DeviceScreen.render(state, layout: layout, on: &canvas)
            var narrated = state
            if narrated.status == nil, let line = DeviceScreen.narration(state) { narrated.status = StatusMessage(text: line) }
            StatusBar.renderStatus(narrated, in: layout.status, on: &canvas)
        case .compare:
            ComparisonScreen.render(state, layout: layout, on: &canvas)
            StatusBar.renderStatus(state, in: layout.status, on: &canvas)
        case .oauth:
            OAuthScreen.render(state, layout: layout, on: &canvas)
            var narrated = state
            if narrated.status == nil, let line = OAuthScreen.narration(state) { narrated.status = StatusMessage(text: line) }
            StatusBar.renderStatus(narrated, in: layout.status, on: &canvas)
        case .tokens:
            TokenPanel.render(state, in: layout.tokens, boxed: layout.mode == .full, on: &canvas)
            if let claims = layout.claims { ClaimsPanel.render(state, in: claims, on: &canvas) }
            LogPanel.render(state, in: layout.log, on: &canvas)
            StatusBar.renderStatus(state, in: layout.status, on: &canvas)
        }
        StatusBar.renderFooter(state, in: layout.footer, on: &canvas)
        let body = Rect(x: 0, y: 1, width: state.width, height: state.height - 2)
        switch state.overlay {
        case .help: HelpOverlay.render(tab: state.tab, offset: state.helpOffset, language: state.language, in: body, on: &canvas)
        case .details(let sequence): DetailsOverlay.render(state, sequence: sequence, in: body, on: &canvas)
        case .history: HistoryOverlay.render(state, in: body, on: &canvas)
        case .settings: SettingsOverlay.render(state, in: body, on: &canvas)
        case nil: break
        }
        if !state.colors { canvas.removeColors() }
        return canvas
    }

    static func renderTooSmall(_ state: AppState, on canvas: inout Canvas) {
        let minimum = "\(ScreenLayout.minimumSize.width)×\(ScreenLayout.minimumSize.height)"
        let full = "\(ScreenLayout.fullSize.width)×\(ScreenLayout.fullSize.height)"
        let lines = [
            Text(en: "Terminal too small", zh: "终端太小"),
            Text(en: "\(state.width)×\(state.height): AuthTUI needs", zh: "\(state.width)×\(state.height)：AuthTUI 至少需要"),
            Text(en: "at least \(minimum)", zh: "\(minimum)"),
            Text(en: "(full layout from \(full)).", zh: "（完整布局需 \(full)）。"),
            Text(en: "Enlarge it, or press q.", zh: "请放大终端，或按 q 退出。"),
        ].map { $0(state.language) }
        let top = max(0, (state.height - lines.count) / 2)
        for (i, line) in lines.enumerated() where top + i < state.height {
            let text = DisplayWidth.truncate(line, to: state.width)
            canvas.put(text, x: max(0, (state.width - DisplayWidth.of(text)) / 2), y: top + i, style: i == 0 ? Theme.bad : Theme.value)
        }
    }
}

extension Canvas {
    /// For NO_COLOR and monochrome terminals: keep bold, dim and reverse, drop colours.
    mutating func removeColors() {
        for y in 0..<height {
            for x in 0..<width {
                var cell = self[x, y]
                guard cell.style.foreground != .default || cell.style.background != .default else { continue }
                // A coloured background (the header) becomes reverse video.
                if cell.style.background != .default { cell.style.reverse = true }
                cell.style.foreground = .default
                cell.style.background = .default
                setCell(x, y, cell)
            }
        }
    }
}
