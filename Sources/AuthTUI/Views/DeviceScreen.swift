import AuthEngine

/// Tab 5: the device authorization grant (RFC 8628) as a sequence diagram with three
/// lanes, the two codes counting down, and the poll interval.
enum DeviceScreen {
    static let diagram = SequenceDiagram(
        title: Text(en: "Device grant · n next message", zh: "设备授权 · n 下一条消息"),
        lanes: [Text(en: "TV", zh: "电视"), Text(en: "Phone", zh: "手机"), Text(en: "Platform", zh: "\(.platform)")],
        lane: { party in
            switch party {
            case .device: return 0
            case .phone: return 1
            case .platform: return 2
            default: return nil
            }
        },
        requestLabel: { request in
            let path = request.route
            switch path {
            case "/oauth/device_authorization": return .verbatim("① POST device_authorization")
            case "/oauth/token": return Text(en: "② poll /oauth/token", zh: "② 轮询 /oauth/token")
            case "/device": return request.routeMethod == "GET" ? Text(en: "③ open /device + code", zh: "③ 打开 /device + 码") : Text(en: "③ approve or deny", zh: "③ 批准或拒绝")
            default: return .verbatim(request.method + " " + path)
            }
        },
        responseLabel: { response, _ in
            if let code = response.errorCode { return .verbatim("\(response.status) \(code)") }
            if let userCode = response.body?["user_code"]?.stringValue, response.body?["device_code"] != nil { return Text(en: "codes: \(userCode)", zh: "码：\(userCode)") }
            if response.body?["access_token"] != nil { return Text(en: "200 tokens", zh: "200 \(.token)") }
            if response.body?["page"] == "device" { return Text(en: "the code's page", zh: "输入码的页面") }
            if let result = response.body?["result"]?.stringValue { return result.hasPrefix("approved") ? Text(en: "approved", zh: "已批准") : Text(en: "denied", zh: "已拒绝") }
            return .verbatim(String(response.status))
        },
        // A real device polls (`/oauth/device_authorization`, the token endpoint); a phone's
        // browser opens `/device`.
        peerLane: { area, route in area == .device ? (route == "/device" ? 1 : 0) : nil }
    )

    static func render(_ state: AppState, layout: ScreenLayout, on canvas: inout Canvas) {
        let body = Rect(x: 0, y: layout.header.maxY, width: state.width, height: layout.status.y - layout.header.maxY)
        if layout.mode == .full {
            // The log gets the room for `p→tv 400 authorization_pending` whole at 80 columns.
            let (left, right) = body.splitLeft(state.width < 100 ? 37 : state.width / 2)
            diagram.render(state.world, live: state.live, hidden: state.hiddenSequences, marks: state.marks[.device] ?? [],
                           emptyHint: emptyHint, language: state.language, in: left, on: &canvas)
            let (credentials, log) = right.splitTop(6)
            renderCredentials(state, in: credentials, on: &canvas)
            LogPanel.render(state, in: log, on: &canvas)
        } else {
            let (credentials, rest) = body.splitTop(3)
            renderCredentials(state, in: credentials, boxed: false, on: &canvas)
            diagram.render(state.world, live: state.live, hidden: state.hiddenSequences, marks: state.marks[.device] ?? [],
                           emptyHint: emptyHint, language: state.language, in: rest, on: &canvas)
        }
    }

    static let emptyHint = Text(en: "n: the device asks for a code", zh: "n：设备申请一个码")

    static func renderCredentials(_ state: AppState, in rect: Rect, boxed: Bool = true, on canvas: inout Canvas) {
        let flow = state.oauthFlow
        let now = state.world.clock.now
        var rows: [CredentialRow] = []
        let userCode = Text(en: "user code", zh: "\(.userCode)")
        let denied = Text(en: "denied", zh: "已拒绝")
        let live = state.shownLiveDevice
        if let grant = state.shownDeviceGrant {
            let (text, style) = grant.redeemed ? (Text(en: "redeemed", zh: "已兑换"), Theme.muted) : grant.decision == .denied ? (denied, Theme.muted)
                : OAuthScreen.countdown(grant.expiresAt, life: flow.authorizationServer.devicePolicy.codeLifetime, now)
            rows.append(CredentialRow(label: userCode, preview: grant.displayCode + "  ", text: text, style: style))
            let next = grant.lastPoll.map { max(.zero, $0 + grant.interval - now) } ?? .zero
            // A code redeemed, denied or expired has no next poll worth waiting for.
            let over = grant.redeemed || grant.decision == .denied || now >= grant.expiresAt
            let when = over ? Text.verbatim("") : next > .zero ? Text(en: " · next poll in \(Countdown.format(next))", zh: " · \(Countdown.format(next)) 后再轮询") : Text(en: " · may poll now", zh: " · 现在可以轮询")
            rows.append(CredentialRow(label: Text(en: "interval", zh: "轮询间隔"), preview: "", text: .verbatim("\(grant.interval)") + when,
                                      style: grant.interval > flow.authorizationServer.devicePolicy.interval ? Theme.warning : Theme.value))
            let decision: Text
            switch grant.decision {
            case nil: decision = Text(en: "waiting for the user", zh: "等待\(.user)")
            case .approved(let username, _)?: decision = Text(en: "approved by \(username)", zh: "\(username) 已批准")
            case .denied?: decision = denied
            }
            rows.append(CredentialRow(label: .term(.user), preview: "", text: decision, style: grant.decision == nil ? Theme.muted : Theme.value))
        } else {
            rows.append(.none(userCode))
        }
        let title = live.map { Text(en: "Device codes · live device \($0.number)", zh: "设备码 · 实时设备 \($0.number)") } ?? Text(en: "Device codes", zh: "设备码")
        CredentialRows.render(rows, title: title, boxed: boxed, language: state.language, in: rect, on: &canvas)
    }

    /// Why the newest message happens, in a line.
    static func narration(_ state: AppState) -> Text? {
        guard let arrow = diagram.arrows(state.world, live: state.live, hidden: state.hiddenSequences).last,
              let entry = state.world.log.entries.last(where: { $0.sequence == arrow.sequence }) else { return nil }
        switch entry.event {
        case .request(_, _, _, let request):
            switch request.route {
            case "/oauth/device_authorization":
                return Text(en: "① The TV has no browser worth typing a password into: it asks for a code to show.",
                            zh: "① 电视上没有适合输入密码的浏览器：它申请一个码来显示。")
            case "/oauth/token":
                return Text(en: "② The TV polls the token endpoint with its device_code, no faster than the interval.",
                            zh: "② 电视带着 device_code 轮询\(.token)端点，频率不超过轮询间隔。")
            case "/device":
                return Text(en: "③ On the phone, the user types the code (or scans the QR of verification_uri_complete).",
                            zh: "③ \(.user)在手机上输入这个码（或扫描 verification_uri_complete 的二维码）。")
            default: return nil
            }
        case .response(_, _, _, _, _, let response):
            if response.body?["device_code"] != nil {
                // How long, as the answer itself says (expires_in).
                let life = SpanWords.text(.seconds(response.body?["expires_in"]?.intValue ?? 0))
                return Text(en: "① A device_code for polling, and a short user code to type: 8 letters, no vowels, valid \(life).",
                            zh: "① 一个用来轮询的 device_code，和一个供输入的短\(.userCode)：8 个字母，没有元音，有效 \(life)。")
            }
            if response.body?["access_token"] != nil {
                return Text(en: "② The poll after approval gets the tokens: the TV never saw a password.", zh: "② 批准之后的那次轮询拿到\(.token)：电视从没见过密码。")
            }
            switch response.errorCode {
            case "authorization_pending":
                return Text(en: "② authorization_pending: nobody has answered yet; ask again after the interval.", zh: "② authorization_pending：还没人回应；过一个间隔再问。")
            case "slow_down": return Text(en: "② slow_down: too soon; the interval grows by 5 s for good.", zh: "② slow_down：问得太快；间隔永久增加 5 秒。")
            case "access_denied": return Text(en: "② access_denied: the user said no; stop polling.", zh: "② access_denied：\(.user)拒绝了；停止轮询。")
            case "expired_token":
                let life = SpanWords.text(state.oauthFlow.authorizationServer.devicePolicy.codeLifetime)
                return Text(en: "② expired_token: the code lived \(life); start again.", zh: "② expired_token：这个码的 \(life)已过；重新开始。")
            default: break
            }
            if response.body?["page"] == "device" {
                return Text(en: "③ The page says which app asks for what: only approve a code you see on your own screen.",
                            zh: "③ 页面写明是哪个\(.app)申请什么权限：只批准你在自己屏幕上看到的码。")
            }
            if response.body?["result"] != nil { return Text(en: "③ Answered; the TV learns it at its next poll.", zh: "③ 已回应；电视在下一次轮询时得知结果。") }
            return nil

        default:
            return nil
        }
    }
}
