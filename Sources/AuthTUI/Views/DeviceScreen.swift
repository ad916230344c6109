import AuthEngine

/// Tab 5: the device authorization grant (RFC 8628) as a sequence diagram with three
/// lanes, the two codes counting down, and the poll interval.
enum DeviceScreen {
    static let diagram = SequenceDiagram(
        title: "Device grant · n next message",
        lanes: ["Device (TV)", "Phone", "Platform"],
        lane: { party in
            switch party {
            case .device: return 0
            case .phone: return 1
            case .platform: return 2
            default: return nil
            }
        },
        requestLabel: { request in
            let path = URLQuery.split(request.path)?.base ?? request.path
            switch path {
            case "/oauth/device_authorization": return "① POST device_authorization"
            case "/oauth/token": return "② poll /oauth/token"
            case "/device": return request.method == "GET" ? "③ open /device + code" : "③ approve or deny"
            default: return request.method + " " + path
            }
        },
        responseLabel: { response, _ in
            if let code = response.errorCode { return "\(response.status) \(code)" }
            if let userCode = response.body?["user_code"]?.stringValue, response.body?["device_code"] != nil { return "codes: " + userCode }
            if response.body?["access_token"] != nil { return "200 tokens" }
            if response.body?["page"] == "device" { return "the code's page" }
            if let result = response.body?["result"]?.stringValue { return result.hasPrefix("approved") ? "approved" : "denied" }
            return String(response.status)
        }
    )

    static func render(_ state: AppState, layout: ScreenLayout, on canvas: inout Canvas) {
        let body = Rect(x: 0, y: layout.header.maxY, width: state.width, height: layout.status.y - layout.header.maxY)
        if layout.mode == .full {
            // The log gets the room for `p→tv 400 authorization_pending` whole at 80 columns.
            let (left, right) = body.splitLeft(state.width < 100 ? 37 : state.width / 2)
            diagram.render(state.world, hidden: state.hiddenSequences, marks: state.marks[.device] ?? [],
                           emptyHint: "n: the device asks for a code", in: left, on: &canvas)
            let (credentials, log) = right.splitTop(6)
            renderCredentials(state, in: credentials, on: &canvas)
            LogPanel.render(state, in: log, on: &canvas)
        } else {
            let (credentials, rest) = body.splitTop(3)
            renderCredentials(state, in: credentials, boxed: false, on: &canvas)
            diagram.render(state.world, hidden: state.hiddenSequences, marks: state.marks[.device] ?? [],
                           emptyHint: "n: the device asks for a code", in: rest, on: &canvas)
        }
    }

    static func renderCredentials(_ state: AppState, in rect: Rect, boxed: Bool = true, on canvas: inout Canvas) {
        let flow = state.oauthFlow
        let now = state.world.clock.now
        var rows: [CredentialRow] = []
        if let grant = DeviceStage.grant(flow) {
            let (text, style) = grant.redeemed ? ("redeemed", Theme.muted) : grant.decision == .denied ? ("denied", Theme.muted)
                : OAuthScreen.countdown(grant.expiresAt, life: flow.authorizationServer.devicePolicy.codeLifetime, now)
            rows.append(CredentialRow(label: "user code ", preview: grant.displayCode + "  ", text: text, style: style))
            let next = grant.lastPoll.map { max(.zero, $0 + grant.interval - now) } ?? .zero
            rows.append(CredentialRow(label: "interval  ", preview: "", text: "\(grant.interval)" + (next > .zero ? " · next poll in \(Countdown.format(next))" : " · may poll now"),
                                      style: grant.interval > flow.authorizationServer.devicePolicy.interval ? Theme.warning : Theme.value))
            let decision: String
            switch grant.decision {
            case nil: decision = "waiting for the user"
            case .approved(let username, _)?: decision = "approved by \(username)"
            case .denied?: decision = "denied"
            }
            rows.append(CredentialRow(label: "user      ", preview: "", text: decision, style: grant.decision == nil ? Theme.muted : Theme.value))
        } else {
            rows.append(CredentialRow(label: "user code ", preview: "", text: "none", style: Theme.muted))
        }
        CredentialRows.render(rows, title: "Device codes", boxed: boxed, in: rect, on: &canvas)
    }

    /// Why the newest message happens, in a line.
    static func narration(_ state: AppState) -> String? {
        guard let arrow = diagram.arrows(state.world, hidden: state.hiddenSequences).last,
              let entry = state.world.log.entries.last(where: { $0.sequence == arrow.sequence }) else { return nil }
        switch entry.event {
        case .request(_, _, _, let request):
            switch URLQuery.split(request.path)?.base ?? request.path {
            case "/oauth/device_authorization": return "① The TV has no browser worth typing a password into: it asks for a code to show."
            case "/oauth/token": return "② The TV polls the token endpoint with its device_code, no faster than the interval."
            case "/device": return "③ On the phone, the user types the code (or scans the QR of verification_uri_complete)."
            default: return nil
            }
        case .response(_, _, _, _, _, let response):
            if response.body?["device_code"] != nil {
                return "① A device_code for polling, and a short user code to type: 8 letters, no vowels, valid 10 minutes."
            }
            if response.body?["access_token"] != nil { return "② The poll after approval gets the tokens: the TV never saw a password." }
            switch response.errorCode {
            case "authorization_pending": return "② authorization_pending: nobody has answered yet; ask again after the interval."
            case "slow_down": return "② slow_down: too soon; the interval grows by 5 s for good."
            case "access_denied": return "② access_denied: the user said no; stop polling."
            case "expired_token": return "② expired_token: the code lived 10 minutes; start again."
            default: break
            }
            if response.body?["page"] == "device" { return "③ The page says which app asks for what: only approve a code you see on your own screen." }
            if response.body?["result"] != nil { return "③ Answered; the TV learns it at its next poll." }
            return nil
        default:
            return nil
        }
    }
}
