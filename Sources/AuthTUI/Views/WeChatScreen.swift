import AuthEngine

/// Tab 3: the WeChat Open Platform component flow: lanes WeChat, third-party platform,
/// merchant; a countdown for every credential; narration grouped as the seed groups it.
enum WeChatScreen {
    static let diagram = SequenceDiagram(
        title: "WeChat third-party platform · n next message",
        lanes: ["WeChat", "Third-party platform", "Merchant"],
        lane: { party in
            switch party {
            case .wechat: return 0
            case .component: return 1
            case .merchant: return 2
            // Live mode: a real peer is a component backend (or a merchant's browser).
            default: return party.name.hasPrefix("peer ") ? 1 : nil
            }
        },
        requestLabel: { request in
            let path = URLQuery.split(request.path)?.base ?? request.path
            let name = path.split(separator: "/").last.map(String.init) ?? path
            if path == "/wechat/callback", let xml = request.body?["xml"]?.stringValue {
                return "push " + (ComponentClient.field("InfoType", in: xml) ?? "?")
            }
            return step(path) + " " + name
        },
        responseLabel: { response, _ in
            if let code = response.wechatErrcode { return "errcode \(code)" }
            if let code = response.errorCode { return "\(response.status) \(code)" }
            if response.status == 302 { return "302 ?auth_code" }
            if response.body?["reply"] == "success" { return "success" }
            if let key = ["component_access_token", "pre_auth_code", "authorization_info", "authorizer_access_token"].first(where: { response.body?[$0] != nil }) {
                return key == "authorization_info" ? "authorizer tokens" : key
            }
            return String(response.status)
        }
    )

    /// The seed's numbering of each call.
    static func step(_ path: String) -> String {
        switch path {
        case "/cgi-bin/component/api_component_token": return "②"
        case "/cgi-bin/component/api_create_preauthcode": return "③"
        case "/cgi-bin/componentloginpage", "/cgi-bin/componentloginpage/confirm": return "④"
        case "/wechat/auth/callback", "/cgi-bin/component/api_query_auth": return "⑤"
        case "/cgi-bin/component/api_authorizer_token": return "⑥"
        default: return "·"
        }
    }

    static func render(_ state: AppState, layout: ScreenLayout, on canvas: inout Canvas) {
        let body = Rect(x: 0, y: layout.header.maxY, width: state.width, height: layout.status.y - layout.header.maxY)
        let flow = state.world.wechat
        if layout.mode == .full {
            let (left, right) = body.splitLeft(max(42, state.width / 2))
            diagram.render(state.world, hidden: state.hiddenSequences, marks: state.marks[.wechat] ?? [], emptyHint: "n fetches the component_access_token", in: left, on: &canvas)
            let (credentials, log) = right.splitTop(9)
            renderCredentials(flow, now: state.world.clock.now, in: credentials, boxed: true, on: &canvas)
            LogPanel.render(state, in: log, on: &canvas)
        } else {
            // The diagram keeps the six rows it needs (lanes and one arrow); the credentials get the rest.
            let (credentials, rest) = body.splitTop(max(0, min(7, body.height - 6)))
            renderCredentials(flow, now: state.world.clock.now, in: credentials, boxed: false, on: &canvas)
            diagram.render(state.world, hidden: state.hiddenSequences, marks: state.marks[.wechat] ?? [], emptyHint: "n: next step", in: rest, on: &canvas)
        }
    }

    /// Every credential of the flow.
    static func credentials(_ flow: WeChatFlow, now: Instant) -> [CredentialRow] {
        let c = flow.component
        let p = flow.platform.policy
        func row(_ label: String, _ value: (String, Instant)?, life: Span) -> CredentialRow {
            guard let (v, expiry) = value else { return CredentialRow(label: label, preview: "", text: "none", style: Theme.muted) }
            let (text, style) = OAuthScreen.countdown(expiry, life: life, now)
            return CredentialRow(label: label, preview: String(v.prefix(12)) + "…  ", text: text, style: style)
        }
        var rows = [row("ticket      ", c.latestTicket.map { ($0.value, $0.receivedAt + p.ticketLifetime) }, life: p.ticketLifetime)]
        let push = flow.platform.pushesOn
            ? flow.platform.nextPushAt.map { CredentialRow(label: "next push   ", preview: "", text: "in " + Countdown.format($0 - now), style: Theme.value) }
                ?? CredentialRow(label: "next push   ", preview: "", text: "—", style: Theme.muted)
            : CredentialRow(label: "next push   ", preview: "", text: "paused: the callback is broken", style: Theme.bad)
        rows.append(push)
        rows.append(row("component   ", c.componentToken.map { ($0.value, $0.expiresAt) }, life: p.componentTokenLifetime))
        rows.append(row("pre_auth    ", c.preAuthCode.map { ($0.value, $0.expiresAt) }, life: p.preAuthCodeLifetime))
        rows.append(row("auth_code   ", c.authCode.map { ($0.value, $0.expiresAt) }, life: p.authCodeLifetime))
        let tokens = c.lastAuthorizerAppID.flatMap { c.authorizers[$0] }
        rows.append(row("authorizer  ", tokens.map { ($0.accessToken, $0.expiresAt) }, life: p.authorizerTokenLifetime))
        rows.append(tokens.map { CredentialRow(label: "refresh     ", preview: $0.refreshToken.prefix(12) + "…  ", text: "no expiry (while authorized)", style: Theme.good) }
                    ?? CredentialRow(label: "refresh     ", preview: "", text: "none", style: Theme.muted))
        return rows
    }

    static func renderCredentials(_ flow: WeChatFlow, now: Instant, in rect: Rect, boxed: Bool, on canvas: inout Canvas) {
        CredentialRows.render(credentials(flow, now: now), title: "Credentials", boxed: boxed, in: rect, on: &canvas)
    }

    /// Why the newest message happens.
    static func narration(_ state: AppState) -> String? {
        // The newest request between the three lanes says what is going on.
        let hidden = state.hiddenSequences
        let lastRequest = state.world.log.entries.reversed().lazy.compactMap { entry -> HTTPRequest? in
            if let hidden, hidden.contains(entry.sequence) { return nil }
            if case .request(_, let from, let to, let request) = entry.event, diagram.lane(from) != nil, diagram.lane(to) != nil { return request }
            return nil
        }.first
        guard let request = lastRequest else {
            return "Steps 1–2 prepare the platform · 3–4 prepare the authorization · 5–6 obtain and renew."
        }
        let path = URLQuery.split(request.path)?.base ?? request.path
        switch path {
        case "/wechat/callback":
            let type = request.body?["xml"]?.stringValue.flatMap { ComponentClient.field("InfoType", in: $0) } ?? ""
            switch type {
            case "component_verify_ticket": return "1 · WeChat pushes component_verify_ticket every 10 minutes; each is valid 12 h. The component keeps the newest."
            case "unauthorized": return "The merchant withdrew the authorization: its refresh token is dead (61023)."
            default: return "5 · WeChat pushes `\(type)` with the authorization code."
            }
        case "/cgi-bin/component/api_component_token": return "2 · appid + appsecret + the newest ticket → component_access_token (2 h), renewed 200 s early."
        case "/cgi-bin/component/api_create_preauthcode": return "3 · pre_auth_code for the authorization link: 600 s (the official text says 1800)."
        case "/cgi-bin/componentloginpage": return "4 · The merchant opens the authorization page (desktop QR code or mobile link)."
        case "/cgi-bin/componentloginpage/confirm": return "5 · The merchant authorizes; WeChat redirects with auth_code and pushes `authorized`."
        case "/wechat/auth/callback": return "5 · The component's callback receives auth_code (valid 600 s)."
        case "/cgi-bin/component/api_query_auth": return "5 · auth_code → authorizer_access_token (2 h) + authorizer_refresh_token (no expiry)."
        case "/cgi-bin/component/api_authorizer_token": return "6 · The refresh token renews the authorizer's access token; keep the newest refresh token."
        default: return "An authorizer API, called with the authorizer_access_token."
        }
    }
}
