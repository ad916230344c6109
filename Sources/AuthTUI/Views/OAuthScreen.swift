import AuthEngine
import AuthLive

/// Tab 2: the OAuth 2.0 authorization-code flow as a sequence diagram with three lanes,
/// the credentials it produces with their countdowns, the access token decoded, and the log.
enum OAuthScreen {
    enum Lane: Int, CaseIterable {
        case user, thirdParty, platform
        var title: Text {
            [Text(en: "User / Browser", zh: "\(.user)/浏览器"), Text(en: "Third party", zh: "\(.app)"), Text(en: "Platform", zh: "\(.platform)")][rawValue]
        }
    }

    static func lane(of party: Party) -> Lane? {
        switch party {
        case .browser: return .user
        case .app, .appBackend: return .thirdParty
        case .platform, .platformAPI: return .platform
        default:
            // Live mode: the demo app's back end is the third party (a real client's lane
            // is the diagram's `peerLane`).
            return party.name == "live demo app" ? .thirdParty : nil
        }
    }

    static let diagram = SequenceDiagram(
        title: Text(en: "OAuth 2.0 authorization code · n next message", zh: "OAuth 2.0 \(.authorizationCode)模式 · n 下一条消息"),
        lanes: Lane.allCases.map(\.title),
        lane: { lane(of: $0)?.rawValue },
        requestLabel: { request in
            let path = request.route
            return .verbatim(step(path, request) + " " + request.method + " " + path)
        },
        responseLabel: { response, _ in
            let status = Text.verbatim(String(response.status))
            if let code = response.errorCode { return status + .verbatim(" " + code) }
            if response.status == 302, let location = response.headers["Location"] {
                let query = URLQuery.split(location)?.query ?? []
                if query.value("code") != nil { return status + .verbatim(" ?code&state") }
                if let error = query.value("error") { return status + .verbatim(" ?error=" + error) }
                return status + Text(en: " redirect", zh: " 重定向")
            }
            if response.body?["access_token"] != nil { return status + Text(en: " tokens", zh: " \(.token)") }
            if response.body?["page"] == "consent" { return status + Text(en: " consent page", zh: " \(.consent)") }
            return status
        },
        narrowLanes: [Text(en: "Browser", zh: "浏览器")],
        // A real client of the platform is the user's browser or an app on their side; the
        // device grant's exchanges are tab 5's.
        peerLane: { area, _ in area == .platform ? Lane.user.rawValue : nil }
    )

    static func arrows(_ world: Simulation, live: LiveGateway?) -> [SequenceDiagram.Arrow] { diagram.arrows(world, live: live) }

    /// The arrows on screen now (an interaction's later messages wait for `n`).
    static func visibleArrows(_ state: AppState) -> [SequenceDiagram.Arrow] { diagram.arrows(state.world, live: state.live, hidden: state.hiddenSequences) }

    /// Which of the seed's interactions a request belongs to.
    static func step(_ path: String, _ request: HTTPRequest) -> String {
        switch path {
        case "/connect", "/oauth/authorize": return "①"
        case "/oauth/consent", "/callback": return "②"
        case "/oauth/token": return request.body?["grant_type"] == "refresh_token" ? "↻" : "③"
        default: return "·"
        }
    }

    static func render(_ state: AppState, layout: ScreenLayout, on canvas: inout Canvas) {
        let body = Rect(x: 0, y: layout.header.maxY, width: state.width, height: layout.status.y - layout.header.maxY)
        if layout.mode == .full {
            let (left, right) = body.splitLeft(max(42, state.width / 2))
            renderDiagram(state, in: left, on: &canvas)
            let (tokens, rest) = right.splitTop(7)
            renderCredentials(state, in: tokens, on: &canvas)
            let (claims, log) = rest.splitTop(min(11, rest.height / 2))
            let live = state.shownLiveOAuthClient
            ClaimsPanel.render(token: live.map { $0.access } ?? state.oauthFlow.app.accessToken,
                               title: live.map { Text(en: "Claims · access (live client \($0.number))", zh: "\(.claims) · 实时\(.client) \($0.number) 的\(.accessToken)") }
                                   ?? Text(en: "Claims · access token", zh: "\(.claims) · \(.accessToken)"),
                               empty: [Text(en: "No access token yet.", zh: "还没有\(.accessToken)。"), Text(en: "Press n to walk the flow.", zh: "按 n 一步步走完流程。")],
                               state: state, in: claims, on: &canvas)
            LogPanel.render(state, in: log, on: &canvas)
        } else {
            let (tokens, diagram) = body.splitTop(3)
            renderCredentials(state, in: tokens, boxed: false, on: &canvas)
            renderDiagram(state, in: diagram, on: &canvas)
        }
    }

    // MARK: The sequence diagram

    static func renderDiagram(_ state: AppState, in rect: Rect, on canvas: inout Canvas) {
        let hint = OAuthWalkthrough.stage(state.oauthFlow, now: state.world.clock.now) == .unregistered
            ? Text(en: "n registers the third party first", zh: "按 n 先注册\(.app)")
            : Text(en: "n sends the user to the consent page", zh: "按 n 把\(.user)带到\(.consent)")
        diagram.render(state.world, live: state.live, hidden: state.hiddenSequences, marks: state.marks[.oauth] ?? [], emptyHint: hint,
                       language: state.language, in: rect, on: &canvas)
    }

    // MARK: Credentials

    static func renderCredentials(_ state: AppState, in rect: Rect, boxed: Bool = true, on canvas: inout Canvas) {
        if let client = state.shownLiveOAuthClient { return renderLiveCredentials(client, state, in: rect, boxed: boxed, on: &canvas) }
        let flow = state.oauthFlow
        let now = state.world.clock.now
        let language = state.language
        var rows: [CredentialRow] = []
        let codeLabel = Text(en: "code", zh: "\(.authorizationCode)")
        if let value = flow.app.lastCode, let code = flow.authorizationServer.codes[value] {
            let (text, style) = code.usedAt != nil ? (Text(en: "used (single use)", zh: "已使用（仅限一次）"), Theme.muted) : countdown(code.expiresAt, life: code.expiresAt - code.issuedAt, now)
            rows.append(CredentialRow(label: codeLabel, preview: value.prefix(8) + "…  ", text: text, style: style))
        } else {
            rows.append(.none(codeLabel))
        }
        rows.append(accessRow(flow.app.accessToken, flow.authorizationServer, now))
        rows.append(refreshRow(flow.app.refreshToken, flow.authorizationServer, now))
        let room = rect.width - (boxed ? 4 : 0) - CredentialRows.labelWidth
        rows.append(idTokenRow(flow, room: room, language))
        rows.append(keysRow(flow, now: now, room: room, language))
        CredentialRows.render(rows, title: Text(en: "Credentials", zh: "凭证"), boxed: boxed, language: language, in: rect, on: &canvas)
    }

    /// A live OAuth client's credentials (`o`): what the platform issued it, counting down
    /// on the platform's clock; the ID token is the client's own to check.
    static func renderLiveCredentials(_ client: LiveOAuthClient, _ state: AppState, in rect: Rect, boxed: Bool, on canvas: inout Canvas) {
        let server = state.oauthFlow.authorizationServer
        let now = state.world.clock.now
        var rows = [CredentialRow(label: Text(en: "client", zh: "\(.client)"), preview: "", text: .verbatim("\(client.clientID) · \(client.peer)"), style: Theme.label)]
        rows.append(accessRow(client.access, server, now))
        rows.append(refreshRow(client.refreshToken, server, now))
        rows.append(CredentialRow(label: Text(en: "id token", zh: "ID 令牌"), preview: "",
                                  text: client.idToken == nil ? CredentialRow.noneText : Text(en: "issued, client checks it", zh: "已签发：由\(.client)自己检查"), style: Theme.muted))
        rows.append(CredentialRow(label: Text(en: "renewed", zh: "续期"), preview: "", text: Text(en: "\(client.refreshes)×", zh: "\(client.refreshes) 次"), style: Theme.value))
        let title = Text(en: "Credentials · live client \(client.number)", zh: "凭证 · 实时\(.client) \(client.number)")
        CredentialRows.render(rows, title: title, boxed: boxed, language: state.language, in: rect, on: &canvas)
    }

    /// An access token the platform issued: its countdown, or that it was revoked or judged expired.
    static func accessRow(_ access: HeldToken?, _ server: AuthorizationServer, _ now: Instant) -> CredentialRow {
        let label = Text(en: "access", zh: "访问")
        guard let access else { return .none(label) }
        let (text, style): (Text, Style)
        switch server.condition(of: access, at: now) {
        case .revoked: (text, style) = (Text(en: "revoked", zh: "已\(.revoke)"), Theme.muted)
        case .judgedExpired: (text, style) = (Text(en: "expired (judged)", zh: "已过期（\(.platform)判定）"), Theme.bad)
        case .active, .expired: (text, style) = countdown(access.expiresAt, life: access.expiresAt - access.issuedAt, now)
        }
        return CredentialRow(label: label, preview: access.jti.prefix(8) + "…  ", text: text, style: style)
    }

    /// A refresh token by the platform's records: its countdown, or that it is spent or revoked.
    static func refreshRow(_ refresh: String?, _ server: AuthorizationServer, _ now: Instant) -> CredentialRow {
        let label = Text(en: "refresh", zh: "\(.refresh)")
        guard let refresh, let expiry = server.refreshTokenExpiry(refresh) else { return .none(label) }
        let (text, style) = server.isRefreshTokenActive(refresh) ? countdown(expiry, life: server.policy.refreshLifetime, now)
            : (Text(en: "spent or revoked", zh: "已用过或已\(.revoke)"), Theme.muted)
        return CredentialRow(label: label, preview: refresh.prefix(11) + "…  ", text: text, style: style)
    }

    /// The app's last ID-token validation: every rule passed, or the first that failed.
    static func idTokenRow(_ flow: OAuthFlow, room: Int, _ language: Language) -> CredentialRow {
        let checks = flow.app.idTokenChecks
        let label = Text(en: "id token", zh: "ID 令牌")
        guard !checks.isEmpty else {
            return CredentialRow(label: label, preview: "", text: flow.app.idToken == nil ? CredentialRow.noneText : Text(en: "not checked", zh: "尚未检查"), style: Theme.muted)
        }
        if let failed = IDTokenValidation.firstFailure(checks) {
            let long = Text(en: "✗ \(failed.rule): \(failed.detail)", zh: "✗ \(failed.rule)：\(failed.detailInChinese)")
            let short = Text(en: "✗ \(failed.rule) failed", zh: "✗ \(failed.rule) 不通过")
            return CredentialRow(label: label, preview: "", text: DisplayWidth.of(long(language)) <= room ? long : short, style: Theme.bad)
        }
        return CredentialRow(label: label, preview: "", text: Text(en: "✓ all \(checks.count) rules passed", zh: "✓ \(checks.count) 条规则全部通过"), style: Theme.good)
    }

    /// Which key signs, how many the JWKS lists, and how old the API's copy is: the
    /// longest telling that fits in `room` cells.
    static func keysRow(_ flow: OAuthFlow, now: Instant, room: Int, _ language: Language) -> CredentialRow {
        let ring = flow.authorizationServer.keyRing
        let kid = PlatformKeyRing.short(ring.signer.kid)
        let age = flow.resourceServer.jwks.fetchedAt.map { Countdown.format(now - $0) }
        let count = ring.published.count
        let tellings = [
            age.map { Text(en: "\(ring.algorithm.rawValue) \(kid) signs · JWKS \(count) · API copy \($0) old", zh: "\(ring.algorithm.rawValue) \(kid) 在\(.signature) · JWKS \(count) 个 · API 副本已存 \($0)") }
                ?? Text(en: "\(ring.algorithm.rawValue) \(kid) signs · JWKS \(count) · API has no copy", zh: "\(ring.algorithm.rawValue) \(kid) 在\(.signature) · JWKS \(count) 个 · API 尚无副本"),
            age.map { Text(en: "\(kid) signs · JWKS \(count) · API copy \($0)", zh: "\(kid) 在\(.signature) · JWKS \(count) · API 副本 \($0)") }
                ?? Text(en: "\(kid) signs · JWKS \(count) · API no copy", zh: "\(kid) 在\(.signature) · JWKS \(count) · API 无副本"),
            Text(en: "\(kid) · JWKS \(count) · API \(age ?? "none")", zh: "\(kid) · JWKS \(count) · API \(age ?? "无")"),
            Text.verbatim("\(kid) · JWKS \(count)"),
        ]
        let text = tellings.first { DisplayWidth.of($0(language)) <= room } ?? tellings.last!
        return CredentialRow(label: Text(en: "keys", zh: "\(.key)"), preview: "", text: text, style: Theme.label)
    }

    static func countdown(_ expiry: Instant, life: Span, _ now: Instant) -> (Text, Style) {
        let left = expiry - now
        if left <= .zero { return (Text(en: "expired \(Countdown.format(-left)) ago", zh: "已过期 \(Countdown.format(-left))"), Theme.bad) }
        let fraction = Double(left.milliseconds) / Double(max(1, life.milliseconds))
        return (Text(en: "\(Countdown.format(left)) left", zh: "剩余 \(Countdown.format(left))"), fraction < TokenStatus.expiringBelow ? Theme.warning : Theme.good)
    }

    // MARK: Narration

    /// Why the newest message happens, in a line.
    static func narration(_ state: AppState) -> Text? {
        guard let arrow = visibleArrows(state).last,
              let entry = state.world.log.entries.last(where: { $0.sequence == arrow.sequence }) else { return nil }
        switch entry.event {
        case .request(_, _, let to, let request):
            switch request.route {
            case "/connect": return Text(en: "① The user clicks Connect in the third-party app.", zh: "① \(.user)在\(.app)里点击“连接”。")
            case "/oauth/authorize": return Text(en: "① The platform checks app_id, the exact redirect_uri and the scope.",
                                                 zh: "① \(.platform)检查 app_id、完全一致的 redirect_uri 和\(.scope)。")
            case "/oauth/consent": return Text(en: "② The user approves on the platform: the app never sees her password.",
                                               zh: "② \(.user)在\(.platform)上点击授权：\(.app)始终看不到她的密码。")
            case "/callback": return Text(en: "② The app checks state (CSRF) and keeps the code for its back end.",
                                          zh: "② \(.app)核对 state（防 CSRF），把\(.authorizationCode)交给自己的后端。")
            case "/oauth/token":
                return request.body?["grant_type"] == "refresh_token"
                    ? Text(en: "↻ The refresh token renews access without asking the user again.", zh: "↻ \(.refreshToken)续期访问权限，不用再问\(.user)。")
                    : Text(en: "③ Server to server: code + app_id + app_secret (+ verifier). The secret never leaves the back end.",
                           zh: "③ \(.server)对\(.server)：code + app_id + app_secret（+ verifier）。密钥从不离开后端。")
            case JWKSCache.path:
                let age = state.oauthFlow.authorizationServer.policy.jwks.maxAge
                return Text(en: "The verifier fetches the platform's public keys (JWKS) and keeps them \(age).",
                            zh: "验证方获取\(.platform)的公钥（JWKS），缓存 \(age)。")
            case "/oauth/introspect":
                return Text(en: "The API asks the platform whether the token is active (RFC 7662): it sees revocation at once.",
                            zh: "API 向\(.platform)询问这个\(.token)是否有效（RFC 7662）：\(.revoke)立刻可见。")
            default:
                guard to == .platformAPI else { return nil }
                return state.oauthFlow.authorizationServer.policy.apiValidation == .local
                    ? Text(en: "The API checks signature (a key from its cached JWKS), expiry and scope — not revocation.",
                           zh: "API 检查\(.signature)（用缓存 JWKS 里的\(.key)）、有效期和\(.scope)——不检查\(.revoke)。")
                    : Text(en: "The API introspects the token at the platform, then checks scope.", zh: "API 先到\(.platform)内省（introspect）这个\(.token)，再检查\(.scope)。")
            }
        case .response(_, _, _, _, let path, let response):
            if response.status == 302, let location = response.headers["Location"] {
                if URLQuery.split(location)?.query.value("code") != nil {
                    return Text(en: "② A one-time code, not the token, rides the redirect: URLs leak, and only the secret's holder can use it.",
                                zh: "② 随重定向带回的是一次性的\(.authorizationCode)而不是\(.token)：URL 会泄露，而只有持有密钥的一方才能用它。")
                }
                return path.hasPrefix("/connect")
                    ? Text(en: "① The app sends the browser to the platform with a state and a PKCE challenge.",
                           zh: "① \(.app)带着 state 和 PKCE challenge 把浏览器重定向到\(.platform)。")
                    : Text(en: "The platform redirects back with an error.", zh: "\(.platform)带着错误重定向回来。")
            }
            if response.body?["access_token"] != nil {
                let life = state.oauthFlow.authorizationServer.policy.accessLifetime
                // The ID token's keys, which a narrow footer has no room for.
                let keys = { (action: AppAction) in Keymap.press([action], on: .oauth).map { $0(.en) } ?? "" }
                let check = keys(.oauthIDToken(nil)), attacks = IDTokenAttack.allCases.map { keys(.oauthIDToken($0)) }.joined(separator: " ")
                return response.body?["id_token"] != nil
                    ? Text(en: "③ Access token (\(life)), refresh token, ID token: kept on the back end, never in the browser. \(check) checks the ID token, \(attacks) attack it.",
                           zh: "③ \(.accessToken)（\(life)）、\(.refreshToken)和 \(.idToken)：保存在后端，从不进入浏览器。\(check) 检查 \(.idToken)，\(attacks) 攻击它。")
                    : Text(en: "③ Access token (\(life)) and refresh token: kept on the back end, never in the browser.",
                           zh: "③ \(.accessToken)（\(life)）和\(.refreshToken)：保存在后端，从不进入浏览器。")
            }
            if response.body?["page"] == "consent" {
                return Text(en: "① The consent page shows who asks for what. n approves, d denies.", zh: "① \(.consent)列出谁在申请什么权限。n 同意，d 拒绝。")
            }
            if response.body?["page"] == "connected" {
                return Text(en: "② The browser gets a page, never a token. n exchanges the code.", zh: "② 浏览器拿到的是页面，不是\(.token)。按 n 用\(.authorizationCode)换\(.token)。")
            }
            if let code = response.errorCode {
                let description = response.body?["error_description"]?.stringValue ?? ""
                return Text(en: "Refused: \(code). \(description)", zh: "被拒绝：\(code)。\(description)")
            }
            return nil

        default:
            return nil
        }
    }
}
