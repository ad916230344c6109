import AuthEngine

/// Tab 2: the OAuth 2.0 authorization-code flow as a sequence diagram with three lanes,
/// the credentials it produces with their countdowns, the access token decoded, and the log.
enum OAuthScreen {
    enum Lane: Int, CaseIterable {
        case user, thirdParty, platform
        var title: String { ["User / Browser", "Third party", "Platform"][rawValue] }
    }

    static func lane(of party: Party) -> Lane? {
        switch party {
        case .browser: return .user
        case .app, .appBackend: return .thirdParty
        case .platform, .platformAPI: return .platform
        default:
            // Live mode: the demo app's back end is the third party; a real peer is the
            // user's browser or device (or an app on it).
            if party.name == "live demo app" { return .thirdParty }
            return party.name.hasPrefix("peer ") ? .user : nil
        }
    }

    static let diagram = SequenceDiagram(
        title: "OAuth 2.0 authorization code · n next message",
        lanes: Lane.allCases.map(\.title),
        lane: { lane(of: $0)?.rawValue },
        requestLabel: { request in
            let path = URLQuery.split(request.path)?.base ?? request.path
            return step(path, request) + " " + request.method + " " + path
        },
        responseLabel: { response, _ in
            var label = String(response.status)
            if let code = response.errorCode { label += " " + code }
            else if response.status == 302, let location = response.headers["Location"] {
                let query = URLQuery.split(location)?.query ?? []
                label += query.value("code") != nil ? " ?code&state" : query.value("error").map { " ?error=" + $0 } ?? " redirect"
            } else if response.body?["access_token"] != nil { label += " tokens" }
            else if response.body?["page"] == "consent" { label += " consent page" }
            return label
        }
    )

    static func arrows(_ world: Simulation) -> [SequenceDiagram.Arrow] { diagram.arrows(world) }

    /// The arrows on screen now (an interaction's later messages wait for `n`).
    static func visibleArrows(_ state: AppState) -> [SequenceDiagram.Arrow] { diagram.arrows(state.world, hidden: state.hiddenSequences) }

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
            ClaimsPanel.render(token: state.oauthFlow.app.accessToken, title: "Claims · access token",
                               empty: ["No access token yet.", "Press n to walk the flow."], state: state, in: claims, on: &canvas)
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
            ? "n registers the third party first" : "n sends the user to the consent page"
        diagram.render(state.world, hidden: state.hiddenSequences, marks: state.marks[.oauth] ?? [], emptyHint: hint, in: rect, on: &canvas)
    }

    // MARK: Credentials

    static func renderCredentials(_ state: AppState, in rect: Rect, boxed: Bool = true, on canvas: inout Canvas) {
        let flow = state.oauthFlow
        let now = state.world.clock.now
        var rows: [CredentialRow] = []
        if let value = flow.app.lastCode, let code = flow.authorizationServer.codes[value] {
            let (text, style) = code.usedAt != nil ? ("used (single use)", Theme.muted) : countdown(code.expiresAt, life: code.expiresAt - code.issuedAt, now)
            rows.append(CredentialRow(label: "code     ", preview: value.prefix(8) + "…  ", text: text, style: style))
        } else {
            rows.append(CredentialRow(label: "code     ", preview: "", text: "none", style: Theme.muted))
        }
        if let access = flow.app.accessToken {
            let revoked = flow.authorizationServer.revokedAccessJTIs.contains(access.jti)
            let (text, style) = revoked ? ("revoked", Theme.muted) : countdown(access.expiresAt, life: access.expiresAt - access.issuedAt, now)
            rows.append(CredentialRow(label: "access   ", preview: access.jti.prefix(8) + "…  ", text: text, style: style))
        } else {
            rows.append(CredentialRow(label: "access   ", preview: "", text: "none", style: Theme.muted))
        }
        if let refresh = flow.app.refreshToken, let expiry = flow.authorizationServer.refreshTokenExpiry(refresh) {
            let active = flow.authorizationServer.isRefreshTokenActive(refresh)
            let (text, style) = active ? countdown(expiry, life: flow.authorizationServer.policy.refreshLifetime, now) : ("spent or revoked", Theme.muted)
            rows.append(CredentialRow(label: "refresh  ", preview: refresh.prefix(11) + "…  ", text: text, style: style))
        } else {
            rows.append(CredentialRow(label: "refresh  ", preview: "", text: "none", style: Theme.muted))
        }
        let room = rect.width - (boxed ? 4 : 0) - 9
        rows.append(idTokenRow(flow, room: room))
        rows.append(keysRow(flow, now: now, room: room))
        CredentialRows.render(rows, title: "Credentials", boxed: boxed, in: rect, on: &canvas)
    }

    /// The app's last ID-token validation: every rule passed, or the first that failed.
    static func idTokenRow(_ flow: OAuthFlow, room: Int) -> CredentialRow {
        let checks = flow.app.idTokenChecks
        guard !checks.isEmpty else {
            return CredentialRow(label: "id token ", preview: "", text: flow.app.idToken == nil ? "none" : "not checked", style: Theme.muted)
        }
        if let failed = IDTokenValidation.firstFailure(checks) {
            let long = "✗ \(failed.rule): \(failed.detail)"
            return CredentialRow(label: "id token ", preview: "", text: DisplayWidth.of(long) <= room ? long : "✗ \(failed.rule) failed", style: Theme.bad)
        }
        return CredentialRow(label: "id token ", preview: "", text: "✓ all \(checks.count) rules passed", style: Theme.good)
    }

    /// Which key signs, how many the JWKS lists, and how old the API's copy is: the
    /// longest telling that fits in `room` cells.
    static func keysRow(_ flow: OAuthFlow, now: Instant, room: Int) -> CredentialRow {
        let ring = flow.authorizationServer.keyRing
        let kid = PlatformKeyRing.short(ring.signer.kid)
        let age = flow.resourceServer.jwks.fetchedAt.map { Countdown.format(now - $0) }
        let tellings = [
            "\(ring.algorithm.rawValue) \(kid) signs · JWKS \(ring.published.count) · " + (age.map { "API copy \($0) old" } ?? "API has no copy"),
            "\(kid) signs · JWKS \(ring.published.count) · API " + (age.map { "copy \($0)" } ?? "no copy"),
            "\(kid) · JWKS \(ring.published.count) · API " + (age ?? "none"),
            "\(kid) · JWKS \(ring.published.count)",
        ]
        let text = tellings.first { DisplayWidth.of($0) <= room } ?? tellings.last!
        return CredentialRow(label: "keys     ", preview: "", text: text, style: Theme.label)
    }

    static func countdown(_ expiry: Instant, life: Span, _ now: Instant) -> (String, Style) {
        let left = expiry - now
        if left <= .zero { return ("expired " + Countdown.format(-left) + " ago", Theme.bad) }
        let fraction = Double(left.milliseconds) / Double(max(1, life.milliseconds))
        return (Countdown.format(left) + " left", fraction < TokenStatus.expiringBelow ? Theme.warning : Theme.good)
    }

    // MARK: Narration

    /// Why the newest message happens, in a line.
    static func narration(_ state: AppState) -> String? {
        guard let arrow = visibleArrows(state).last,
              let entry = state.world.log.entries.last(where: { $0.sequence == arrow.sequence }) else { return nil }
        switch entry.event {
        case .request(_, _, let to, let request):
            switch URLQuery.split(request.path)?.base ?? request.path {
            case "/connect": return "① The user clicks Connect in the third-party app."
            case "/oauth/authorize": return "① The platform checks app_id, the exact redirect_uri and the scope."
            case "/oauth/consent": return "② The user approves on the platform: the app never sees her password."
            case "/callback": return "② The app checks state (CSRF) and keeps the code for its back end."
            case "/oauth/token":
                return request.body?["grant_type"] == "refresh_token"
                    ? "↻ The refresh token renews access without asking the user again."
                    : "③ Server to server: code + app_id + app_secret (+ verifier). The secret never leaves the back end."
            case JWKSCache.path:
                return "The verifier fetches the platform's public keys (JWKS) and keeps them \(state.oauthFlow.authorizationServer.policy.jwks.maxAge)."
            case "/oauth/introspect":
                return "The API asks the platform whether the token is active (RFC 7662): it sees revocation at once."
            default:
                guard to == .platformAPI else { return nil }
                return state.oauthFlow.authorizationServer.policy.apiValidation == .local
                    ? "The API checks signature (a key from its cached JWKS), expiry and scope — not revocation."
                    : "The API introspects the token at the platform, then checks scope."
            }
        case .response(_, _, _, _, let path, let response):
            if response.status == 302, let location = response.headers["Location"] {
                if URLQuery.split(location)?.query.value("code") != nil {
                    return "② A one-time code, not the token, rides the redirect: URLs leak, and only the secret's holder can use it."
                }
                return path.hasPrefix("/connect") ? "① The app sends the browser to the platform with a state and a PKCE challenge." : "The platform redirects back with an error."
            }
            if response.body?["access_token"] != nil {
                let life = state.oauthFlow.authorizationServer.policy.accessLifetime
                return "③ Access token (\(life)) and refresh token" + (response.body?["id_token"] != nil ? ", ID token" : "") + ": kept on the back end, never in the browser."
            }
            if response.body?["page"] == "consent" { return "① The consent page shows who asks for what. n approves, d denies." }
            if response.body?["page"] == "connected" { return "② The browser gets a page, never a token. n exchanges the code." }
            if let code = response.errorCode { return "Refused: \(code). " + (response.body?["error_description"]?.stringValue ?? "") }
            return nil
        default:
            return nil
        }
    }
}
