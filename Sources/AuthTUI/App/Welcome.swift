import AuthEngine

/// The first thing the playground says: how to begin, presenting a script, or live.
enum Welcome {
    static func message(presenter: Presenter?, liveURL: String?, remoteHost: String? = nil) -> StatusMessage {
        if let p = presenter {
            // The script's own introduction is shown as written.
            let intro = Text.verbatim(p.introduction.isEmpty ? "" : p.introduction + " ▸ ")
            return StatusMessage(text: intro + Text(en: "\(p.file) loaded: n runs each line on any tab (N steps back, 0 restarts)",
                                                    zh: "已加载 \(p.file)：在任何标签页按 n 逐行执行（N 后退一步，0 从头开始）"))
        }
        if let url = liveURL {
            // Listening where other machines can reach it (`--allow-remote`): said first.
            let warning = remoteHost.flatMap { host in LiveRuntime.reachWarning(host).map {
                Text(en: "⚠ \($0). ", zh: "⚠ 警告：正在 \(TerminalSafe.text(host)) 上监听：其他机器可以访问这些\(.server)（控制 API 仍只回应本机）。") } } ?? .empty
            // Two rows at 80 columns, the command whole (it is what gets copied).
            let curl = "curl -d username=alice -d password=wonderland \(url)/auth/login"
            return StatusMessage(text: warning + Text(
                en: "Live: \(url) · \(curl) · x expires short tokens (clock = wall time)",
                zh: "实时模式：\(url) · \(curl) · 按 x 让\(.shortToken)过期（时钟 = 真实时间）"))
        }
        return firstSteps(on: .tokens)
    }

    /// How to begin on `tab`: its own first keys (a tab opened before anything was done
    /// says its own, not tab 1's).
    static func firstSteps(on tab: Tab) -> StatusMessage {
        switch tab {
        case .tokens:
            return StatusMessage(en: "Welcome. Press l to log in, r to send a request, x to jump to the short token's expiry, ? for help, ` for 中文.",
                                 zh: "欢迎。按 l 登录，r 发送请求，x 跳到\(.shortToken)过期，? 查看帮助，` 切换语言。", isGuidance: true)
        case .compare:
            return StatusMessage(en: "Welcome. Press l to log in to both designs, r to send a request to both, v to revoke, ? for help, ` for 中文.",
                                 zh: "欢迎。按 l 在两种设计里登录，r 向两边发请求，v \(.revoke)，? 查看帮助，` 切换语言。", isGuidance: true)
        case .oauth, .wechat, .device:
            return StatusMessage(en: "Welcome. Press n for each message of the flow, ? for every key, ` for 中文.",
                                 zh: "欢迎。按 n 逐条走流程的消息，? 查看所有按键，` 切换语言。", isGuidance: true)
        }
    }
}
