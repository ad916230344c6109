import AuthEngine
import AuthLive

/// Tab 3: the WeChat Open Platform component flow: lanes WeChat, third-party platform,
/// merchant; a countdown for every credential; narration grouped as the seed groups it.
enum WeChatScreen {
    static let diagram = SequenceDiagram(
        title: Text(en: "WeChat third-party platform · n next message", zh: "微信\(.thirdPartyPlatform) · n 下一条消息"),
        lanes: [Text(en: "WeChat", zh: "微信"), Text(en: "Third-party platform", zh: "\(.thirdPartyPlatform)"), Text(en: "Merchant", zh: "商家")],
        lane: { party in
            switch party {
            case .wechat: return 0
            case .component: return 1
            case .merchant: return 2
            default: return nil
            }
        },
        requestLabel: { request in
            let path = request.route
            let name = path.split(separator: "/").last.map(String.init) ?? path
            if path == "/wechat/callback", let xml = request.body?["xml"]?.stringValue {
                let type = ComponentClient.field("InfoType", in: xml) ?? "?"
                return Text(en: "push \(type)", zh: "推送 \(type)")
            }
            return .verbatim(step(path) + " " + name)
        },
        responseLabel: { response, _ in
            if let code = response.wechatErrcode { return .verbatim("errcode \(code)") }
            if let code = response.errorCode { return .verbatim("\(response.status) \(code)") }
            if response.status == 302 { return .verbatim("302 ?auth_code") }
            if response.body?["reply"] == "success" { return .verbatim("success") }
            if let key = ["component_access_token", "pre_auth_code", "authorization_info", "authorizer_access_token"].first(where: { response.body?[$0] != nil }) {
                return key == "authorization_info" ? Text(en: "authorizer tokens", zh: "授权方\(.token)") : .verbatim(key)
            }
            return .verbatim(String(response.status))
        },
        narrowLanes: [Text(en: "WeChat", zh: "微信"), Text(en: "3rd party", zh: "第三方")],
        // A real client of WeChat is a component backend, or a merchant's browser on the
        // authorization page.
        peerLane: { area, route in area == .wechat ? (route.hasPrefix("/cgi-bin/componentloginpage") ? 2 : 1) : nil }
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
        if layout.mode == .full {
            let (left, right) = body.splitLeft(max(42, state.width / 2))
            diagram.render(state.world, live: state.live, hidden: state.hiddenSequences, marks: state.marks[.wechat] ?? [],
                           emptyHint: Text(en: "n fetches the component_access_token", zh: "按 n 获取 component_access_token"),
                           language: state.language, in: left, on: &canvas)
            let (credentials, log) = right.splitTop(9)
            renderCredentials(state, in: credentials, boxed: true, on: &canvas)
            LogPanel.render(state, in: log, on: &canvas)
        } else {
            // The diagram keeps the six rows it needs (lanes and one arrow); the credentials get the rest.
            let (credentials, rest) = body.splitTop(max(0, min(7, body.height - 6)))
            renderCredentials(state, in: credentials, boxed: false, on: &canvas)
            diagram.render(state.world, live: state.live, hidden: state.hiddenSequences, marks: state.marks[.wechat] ?? [], emptyHint: Text(en: "n: next step", zh: "n：下一步"),
                           language: state.language, in: rest, on: &canvas)
        }
    }

    /// Every credential of the flow.
    static func credentials(_ flow: WeChatFlow, now: Instant) -> [CredentialRow] {
        let c = flow.component
        let p = flow.platform.policy
        func row(_ label: String, _ value: (String, Instant)?, life: Span) -> CredentialRow {
            countdownRow(.verbatim(label), value?.0, expiresAt: value?.1, life: life, now: now)
        }
        var rows = [row("ticket", c.latestTicket.map { ($0.value, $0.receivedAt + p.ticketLifetime) }, life: p.ticketLifetime)]
        let nextPush = Text(en: "next push", zh: "下次推送")
        let push = flow.platform.pushesOn
            ? flow.platform.nextPushAt.map { CredentialRow(label: nextPush, preview: "", text: Text(en: "in \(Countdown.format($0 - now))", zh: "\(Countdown.format($0 - now)) 后"), style: Theme.value) }
                ?? CredentialRow(label: nextPush, preview: "", text: .verbatim("—"), style: Theme.muted)
            : CredentialRow(label: nextPush, preview: "", text: Text(en: "paused: the callback is broken", zh: "已暂停：回调地址坏了"), style: Theme.bad)
        rows.append(push)
        rows.append(row("component", c.componentToken.map { ($0.value, $0.expiresAt) }, life: p.componentTokenLifetime))
        rows.append(row("pre_auth", c.preAuthCode.map { ($0.value, $0.expiresAt) }, life: p.preAuthCodeLifetime))
        rows.append(row("auth_code", c.authCode.map { ($0.value, $0.expiresAt) }, life: p.authCodeLifetime))
        let tokens = c.lastAuthorizerAppID.flatMap { c.authorizers[$0] }
        rows.append(row("authorizer", tokens.map { ($0.accessToken, $0.expiresAt) }, life: p.authorizerTokenLifetime))
        rows.append(refreshRow(tokens?.refreshToken))
        return rows
    }

    /// A credential and its countdown (a value without a known expiry shows its preview alone).
    static func countdownRow(_ label: Text, _ value: String?, expiresAt: Instant?, life: Span, now: Instant) -> CredentialRow {
        guard let value else { return .none(label) }
        let preview = String(value.prefix(12)) + "…  "
        guard let expiresAt else { return CredentialRow(label: label, preview: preview, text: .empty, style: Theme.value) }
        let (text, style) = OAuthScreen.countdown(expiresAt, life: life, now)
        return CredentialRow(label: label, preview: preview, text: text, style: style)
    }

    /// The authorizer refresh token: it does not expire while the merchant keeps the authorization.
    static func refreshRow(_ token: String?) -> CredentialRow {
        let label = Text(en: "refresh", zh: "\(.refresh)")
        guard let token else { return .none(label) }
        return CredentialRow(label: label, preview: token.prefix(12) + "…  ", text: Text(en: "no expiry (while authorized)", zh: "不过期（授权期间）"), style: Theme.good)
    }

    static func renderCredentials(_ state: AppState, in rect: Rect, boxed: Bool, on canvas: inout Canvas) {
        let flow = state.world.wechat, now = state.world.clock.now
        if let live = state.shownLiveComponent {
            CredentialRows.render(liveCredentials(live, flow, now: now), title: Text(en: "Credentials · live backends", zh: "凭证 · 实时后端"),
                                  boxed: boxed, language: state.language, in: rect, on: &canvas)
            return
        }
        CredentialRows.render(credentials(flow, now: now), title: Text(en: "Credentials", zh: "凭证"), boxed: boxed, language: state.language, in: rect, on: &canvas)
    }

    /// What WeChat issued to live component backends: the pushes go to their callback, the
    /// tokens count down on the platform's clock.
    static func liveCredentials(_ live: LiveComponent, _ flow: WeChatFlow, now: Instant) -> [CredentialRow] {
        let p = flow.platform.policy
        func row(_ label: String, _ credential: LiveComponent.Credential?, life: Span) -> CredentialRow {
            countdownRow(.verbatim(label), credential?.value, expiresAt: credential?.expiresAt, life: life, now: now)
        }
        let lastPush = flow.platform.lastPushAt.map { Text(en: "\(Countdown.format(now - $0)) ago", zh: "\(Countdown.format(now - $0)) 前") } ?? Text(en: "none yet", zh: "还没有")
        return [
            CredentialRow(label: Text(en: "peer", zh: "来自"), preview: "", text: .verbatim(live.peer), style: Theme.label),
            CredentialRow(label: Text(en: "last push", zh: "上次推送"), preview: "", text: lastPush, style: Theme.value),
            row("component", live.componentToken, life: p.componentTokenLifetime),
            row("pre_auth", live.preAuthCode, life: p.preAuthCodeLifetime),
            row("authorizer", live.authorizerToken, life: p.authorizerTokenLifetime),
            refreshRow(live.authorizerRefreshToken),
            CredentialRow(label: Text(en: "renewed", zh: "续期"), preview: "", text: Text(en: "\(live.renewals)×", zh: "\(live.renewals) 次"), style: Theme.value),
        ]
    }

    /// Why the newest message happens.
    static func narration(_ state: AppState) -> Text? {
        // The newest request between the three lanes says what is going on.
        let hidden = state.hiddenSequences
        let lastRequest = state.world.log.entries.reversed().lazy.compactMap { entry -> HTTPRequest? in
            if let hidden, hidden.contains(entry.sequence) { return nil }
            if case .request(_, let from, let to, let request) = entry.event, diagram.lane(from) != nil, diagram.lane(to) != nil { return request }
            return nil
        }.first
        guard let request = lastRequest else {
            return Text(en: "Steps 1–2 prepare the platform · 3–4 prepare the authorization · 5–6 obtain and renew.",
                        zh: "第 1–2 步是第三方应用前的准备 · 第 3–4 步是授权前的准备 · 第 5–6 步获取并更新令牌。")
        }
        // The lifetimes as the platform has them (a setting may have changed one).
        let p = state.world.wechat.platform.policy
        let path = request.route
        switch path {
        case "/wechat/callback":
            let type = request.body?["xml"]?.stringValue.flatMap { ComponentClient.field("InfoType", in: $0) } ?? ""
            switch type {
            case "component_verify_ticket":
                let every = SpanWords.text(p.pushInterval), life = SpanWords.text(p.ticketLifetime)
                return Text(en: "1 · WeChat pushes component_verify_ticket every \(every); each is valid \(life). The component keeps the newest.",
                            zh: "1 · 微信每 \(every)推送一次 component_verify_ticket，每张有效 \(life)。\(.thirdPartyPlatform)保存最新的一张。")
            case "unauthorized":
                return Text(en: "The merchant withdrew the authorization: its refresh token is dead (61023).", zh: "商家撤回了授权：它的\(.refreshToken)失效了（61023）。")
            default: return Text(en: "5 · WeChat pushes `\(type)` with the authorization code.", zh: "5 · 微信推送 `\(type)`，附带\(.authorizationCode)。")
            }
        case "/cgi-bin/component/api_component_token":
            let life = SpanWords.text(p.componentTokenLifetime), margin = SpanWords.seconds(p.refreshMargin)
            return Text(en: "2 · appid + appsecret + the newest ticket → component_access_token (\(life)), renewed \(margin) early.",
                        zh: "2 · appid + appsecret + 最新的 ticket → component_access_token（\(life)），提前 \(margin)续期。")
        case "/cgi-bin/component/api_create_preauthcode":
            let life = SpanWords.seconds(p.preAuthCodeLifetime)
            return Text(en: "3 · pre_auth_code for the authorization link: \(life) (the official text says 1800).",
                        zh: "3 · 为授权链接获取 pre_auth_code：\(life)（官方文档正文写的是 1800）。")
        case "/cgi-bin/componentloginpage":
            return Text(en: "4 · The merchant opens the authorization page (desktop QR code or mobile link).", zh: "4 · 商家打开授权页（电脑端扫码或手机端链接）。")
        case "/cgi-bin/componentloginpage/confirm":
            return Text(en: "5 · The merchant authorizes; WeChat redirects with auth_code and pushes `authorized`.",
                        zh: "5 · 商家确认授权；微信带着 auth_code 重定向，并推送 `authorized`。")
        case "/wechat/auth/callback":
            let life = SpanWords.seconds(p.authCodeLifetime)
            return Text(en: "5 · The component's callback receives auth_code (valid \(life)).", zh: "5 · \(.thirdPartyPlatform)的回调收到 auth_code（有效 \(life)）。")
        case "/cgi-bin/component/api_query_auth":
            let life = SpanWords.text(p.authorizerTokenLifetime)
            return Text(en: "5 · auth_code → authorizer_access_token (\(life)) + authorizer_refresh_token (no expiry).",
                        zh: "5 · auth_code → authorizer_access_token（\(life)）+ authorizer_refresh_token（不过期）。")
        case "/cgi-bin/component/api_authorizer_token":
            return Text(en: "6 · The refresh token renews the authorizer's access token; keep the newest refresh token.",
                        zh: "6 · 用\(.refreshToken)续期授权方的 authorizer_access_token；保存最新的\(.refreshToken)。")
        default: return Text(en: "An authorizer API, called with the authorizer_access_token.", zh: "授权方的接口，用 authorizer_access_token 调用。")
        }

    }
}
