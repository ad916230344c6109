import Testing
@testable import AuthEngine
@testable import AuthTUI

@Suite struct OAuthTabTests {
    /// Presses `n` until the flow reaches `stage` (at most 30 times).
    func walk(_ state: inout AppState, to stage: OAuthWalkthrough.Stage) {
        for _ in 0..<30 where OAuthWalkthrough.stage(state.oauthFlow, now: state.world.clock.now) != stage || state.reveal != nil {
            state.type("n")
        }
    }

    @Test func nWalksTheFlowOneMessageAtATime() {
        var state = makeState(width: 120, height: 40)
        state.type("2")
        #expect(state.tab == .oauth)
        state.type("n")
        #expect(state.oauthFlow.app.registration != nil)
        state.type("n")
        // Interaction 1 ran to its end; the diagram shows its first message only.
        #expect(OAuthScreen.visibleArrows(state).map(\.label.en) == ["① GET /connect"])
        #expect(OAuthScreen.narration(state)?.en == "① The user clicks Connect in the third-party app.")
        state.type("n")
        #expect(OAuthScreen.visibleArrows(state).last?.label.en == "302 redirect") // the app's 302
        walk(&state, to: .consentOpen)
        #expect(OAuthScreen.narration(state)?.en.contains("consent page") == true)
        walk(&state, to: .codeReceived)
        walk(&state, to: .authorized)
        #expect(state.oauthFlow.app.accessToken != nil)
        // Every message of interactions 1–3 is an arrow in the diagram, and the back end's
        // JWKS fetch to check the ID token.
        #expect(OAuthScreen.arrows(state.world, live: state.live).count == 12)
        #expect(OAuthScreen.arrows(state.world, live: state.live).contains { $0.label.en == "· GET /oauth/jwks" })
    }

    @Test func eachAttackIsStoppedByItsRule() {
        var state = makeState(width: 120, height: 40)
        state.type("2")
        state.type("e")
        #expect(state.status?.text.en.hasPrefix("authorize with the attacker's redirect_uri → 400 invalid_request. redirect_uri must exactly match") == true)
        #expect(state.status?.tone == .good)
        state.type("F")
        #expect(state.status?.text.en.contains("403 state_mismatch") == true)
        state.type("s")
        #expect(state.status?.text.en.contains("401 invalid_client") == true)
        state.type("V")
        #expect(state.status?.text.en.contains("400 invalid_grant") == true)
        state.type("E")
        #expect(state.status?.text.en.contains("codes live 10 minutes") == true)
        state.type("d")
        #expect(state.status?.text.en.contains("400 access_denied") == true)
        walk(&state, to: .authorized)
        state.type("R")
        #expect(state.status?.text.en.contains("a code is single use; reuse revokes the tokens it issued") == true)
        #expect(state.oauthFlow.authorizationServer.revokedAccessJTIs.contains(state.oauthFlow.app.accessToken!.jti))
        state.type("f")
        #expect(state.status?.text.en.hasPrefix("refresh the access token → 400 invalid_grant") == true)
    }

    /// The attack says the lifetime the platform has, not the default: a setting changes it.
    @Test func theExpiredCodeAttackNamesTheCodesLifetimeAsSet() {
        var state = makeState(width: 120, height: 40) { $0.oauth.codeLifetime = .seconds(30) }
        state.type("2E")
        #expect(state.status?.text.en.hasPrefix("exchange a code after 30 s → 400 invalid_grant") == true)
        #expect(state.status?.text.en.contains("codes live 30 s: invalid_grant") == true)
        #expect(state.status?.text.zh.contains("授权码只有 30 秒有效期") == true)
        #expect(SpanWords.text(.minutes(1)).en == "1 minute" && SpanWords.text(.hours(12)).zh == "12 小时" && SpanWords.text(.days(7)).en == "7 days")
        #expect(SpanWords.text(.milliseconds(1500)).en == "1s500ms" && SpanWords.seconds(.minutes(10)).zh == "600 秒")
    }

    @Test func tabTwoAt120x40() {
        var state = makeState(width: 120, height: 40)
        state.type("2")
        walk(&state, to: .codeReceived)
        let screen = state.screen
        #expect(screen.lines[0].contains("│ 1 Tokens 2 OAuth 3 WeChat 4 JWT/Sessions 5 Device │"))
        #expect(screen.lines[0].contains("code received"))
        #expect(screen.contains("User / Browser"))
        #expect(screen.contains("Third party"))
        #expect(screen.contains("Platform"))
        #expect(screen.contains("① GET /oauth/authorize"))
        #expect(screen.contains("② GET /callback"))
        #expect(screen.contains("302 ?code&state"))
        #expect(screen.row(containing: "code    ")?.contains("09:59 left") == true)
        #expect(screen.contains("No access token yet."))
        #expect(screen.contains("▸ 200")) // the newest arrow is marked
        #expect(screen.lines[39].contains("n next  e R s E F V d attacks"))
        state.type("n")
        state.type("n")
        let after = state.screen
        #expect(after.row(containing: "access  ")?.contains("09:59 left") == true)
        #expect(after.row(containing: "aud        ")?.contains(state.oauthFlow.app.registration!.appID) == true)
        #expect(after.row(containing: "code    ")?.contains("used (single use)") == true)
        #expect(after.contains("③ POST /oauth/token"))
    }

    @Test func tabTwoAt80x24AndCompact() {
        var state = makeState(width: 80, height: 24)
        state.type("2")
        walk(&state, to: .consentOpen)
        var screen = state.screen
        #expect(screen.contains("OAuth 2.0 authorization code"))
        #expect(screen.contains("200 consent page"))
        #expect(screen.contains("Credentials"))
        for row in 0..<24 { #expect(DisplayWidth.of(screen.lines[row]) == 80, "row \(row)") }
        update(&state, .resize(width: 50, height: 16))
        screen = state.screen
        #expect(screen.contains("code    "))
        #expect(screen.contains("User / Browser"))
    }

    /// The narrow footer has no room for the ID token's keys: the narration of the tokens'
    /// arrival names them, whole at 80×24, each doing what it says.
    @Test func theTokensArrivalNamesTheIDTokenKeys() {
        var state = makeState(width: 80, height: 24)
        state.type("2")
        for _ in 0..<20 where OAuthScreen.narration(state)?.en.hasPrefix("③ Access token") != true { state.type("n") }
        let said = OAuthScreen.narration(state)?.en ?? ""
        #expect(said.hasSuffix("i checks the ID token, I A H attack it."), "\(said)")
        #expect(state.screen.contains("i checks the ID token, I A H attack it."), "\(state.screen.text)")
        #expect(Keymap.action(for: .character("i"), tab: .oauth) == .oauthIDToken(nil))
        #expect(["I", "A", "H"].map { Keymap.action(for: .character(Character($0)), tab: .oauth) } == IDTokenAttack.allCases.map { .oauthIDToken($0) })
    }

    @Test func arrowsGoBetweenTheRightLanes() {
        var state = makeState(width: 120, height: 40)
        state.type("2")
        walk(&state, to: .authorized)
        let arrows = OAuthScreen.arrows(state.world, live: state.live)
        #expect(arrows.first?.from == OAuthScreen.Lane.user.rawValue && arrows.first?.to == OAuthScreen.Lane.thirdParty.rawValue)
        let token = arrows.first { $0.label.en.contains("/oauth/token") }!
        #expect(token.from == OAuthScreen.Lane.thirdParty.rawValue && token.to == OAuthScreen.Lane.platform.rawValue)
        #expect(arrows.filter { $0.to == OAuthScreen.Lane.user.rawValue }.allSatisfy { !$0.label.en.contains("tokens") }) // no token to the browser
    }

    /// `x`: the access token runs out; the status says what follows, and `n` refreshes.
    @Test func xExpiresTheAccessTokenAndNRefreshesIt() {
        var state = makeState(width: 80, height: 24)
        state.type("2")
        walk(&state, to: .authorized)
        let token = state.oauthFlow.app.accessToken!
        state.type("x")
        #expect(state.world.clock.now == token.expiresAt + .seconds(1))
        #expect(state.status?.text.en == "jumped to 1 s past the access token's expiry: the API now refuses it; n has the app refresh it")
        #expect(OAuthScreen.accessRow(token, state.oauthFlow.authorizationServer, state.world.clock.now).text.en.hasPrefix("expired") == true)
        // Again: nothing to jump, and it says so.
        let now = state.world.clock.now
        state.type("x")
        #expect(state.world.clock.now == now)
        #expect(state.status?.text.en == "the access token had expired already (at \(token.expiresAt.timeOfDay.prefix(8))): the clock stays")
        for _ in 0..<10 where state.oauthFlow.app.accessToken?.jti == token.jti { state.type("n") }
        #expect(state.oauthFlow.app.accessToken?.jti != token.jti)
        #expect(state.world.log.entries.contains { LogFormatter.line($0).contains("POST /oauth/token  grant_type=refresh_token") })
    }

    /// In a live world `x` is the platform's judgement: the clock stays, the panel says so.
    @Test func liveXIsThePlatformsJudgementAndThePanelSaysSo() {
        var state = makeState(width: 80, height: 24) { $0.live = true }
        state.type("2")
        walk(&state, to: .authorized)
        let token = state.oauthFlow.app.accessToken!
        let now = state.world.clock.now
        state.type("x")
        #expect(state.world.clock.now == now)
        #expect(state.status?.text.en == "the platform judged its 1 access token expired, live clients' too (clock: wall time): their next API call gets 401, a refresh a new one")
        for language in Language.allCases {
            state.language = language
            let said = state.status!.text(language)
            #expect(LineBreak.wrap(said, width: 80).count <= 2, "\(said)")
            #expect(state.screen.contains(String(said.suffix(12))), "\(state.screen.text)")
        }
        #expect(OAuthScreen.accessRow(token, state.oauthFlow.authorizationServer, now).text.en == "expired (judged)")
    }

    @Test func tabOneKeysDoNothingInTabTwo() {
        var state = makeState()
        state.type("2l")
        #expect(state.world.client.state == .loggedOut)
        state.type("1l")
        #expect(state.world.client.state == .loggedIn)
    }
}

@Suite struct OAuthWalkthroughRecoveryTests {
    /// After any attack, in any order, `n` carries the flow on to an access token.
    @Test(arguments: ["Vd", "Ve", "VF", "se", "eRsEFVd", "dV", "EF"])
    func nContinuesAfterAttacks(_ keys: String) {
        var state = makeState(width: 120, height: 40)
        state.type("2")
        state.type(keys)
        var answers: [String] = []
        for _ in 0..<30 where state.oauthFlow.app.accessToken == nil || state.reveal != nil {
            state.type("n")
            if let last = OAuthScreen.visibleArrows(state).last { answers.append(last.label.en) }
        }
        #expect(state.oauthFlow.app.accessToken != nil, "\(keys): \(answers.suffix(4))")
        #expect(answers.filter { $0.contains("400 invalid_grant") }.count <= 1, "\(keys) wedged: \(answers.suffix(6))")
    }
}

@Suite struct OAuthResetTests {
    @Test func zRestartsTheFlowFromRegistration() {
        var state = makeState(width: 120, height: 40)
        state.type("2")
        for _ in 0..<30 where state.oauthFlow.app.accessToken == nil || state.reveal != nil { state.type("n") }
        #expect(state.oauthFlow.app.accessToken != nil)
        state.type("Z")
        #expect(OAuthWalkthrough.stage(state.oauthFlow, now: state.world.clock.now) == .unregistered)
        #expect(state.world.log.entries.last.map { LogFormatter.message($0.event) } == "· platform reset: a fresh platform and app, nothing registered")
        for _ in 0..<30 where state.oauthFlow.app.accessToken == nil || state.reveal != nil { state.type("n") }
        #expect(state.oauthFlow.app.accessToken != nil)
        #expect(state.session.script().contains("\noauth reset\n"))
    }
}

@Suite struct AttackDividerTests {
    @Test func anAttackIsMarkedWhereItStartsAndEnds() {
        var state = makeState(width: 100, height: 30)
        state.type("2nnnnnnn")
        state.type("V")
        let screen = state.screen
        #expect(screen.contains("┄ ⚔ exchange without the PKCE verifier ┄"))
        #expect(screen.contains("┄ 400 invalid_grant: end of the attack ┄"))
        // n carries on with the flow, below the divider.
        for _ in 0..<6 where state.oauthFlow.app.accessToken == nil || state.reveal != nil { state.type("n") }
        #expect(state.oauthFlow.app.accessToken != nil)
        #expect(state.screen.contains("┄ 400 invalid_grant: end of the attack ┄"))
    }
}

@Suite struct OAuthCredentialsAt80x24Tests {
    @Test func lifetimesAreNeverCut() {
        var state = makeState(width: 80, height: 24)
        state.type("2")
        for _ in 0..<30 where state.oauthFlow.app.accessToken == nil || state.reveal != nil { state.type("n") }
        let screen = state.screen
        #expect(screen.row(containing: "│ code ")?.contains("used (single use)") == true, "\(screen.row(containing: "│ code ") ?? "")")
        #expect(screen.row(containing: "│ access ")?.contains(" left") == true, "\(screen.row(containing: "│ access ") ?? "")")
        #expect(screen.row(containing: "│ refresh ")?.contains(" left") == true, "\(screen.row(containing: "│ refresh ") ?? "")")
    }
}

/// At 80×24 the narrow log of tabs 2 and 3 shows every attack's and fault's error code whole.
@Suite struct ErrorCodesWholeAt80x24Tests {
    @Test func eachOAuthAttacksCodeIsWholeInTheLog() {
        var state = makeState(width: 80, height: 24)
        state.type("2nnn")
        for (key, code) in [("e", "invalid_request"), ("s", "invalid_client"), ("E", "invalid_grant"), ("F", "state_mismatch"), ("V", "invalid_grant"), ("d", "access_denied")] {
            state.type(key)
            let log = state.screen.lines.map { $0.split(separator: "│").last.map(String.init) ?? "" }
            #expect(log.contains { $0.contains(" " + code + " ") || $0.hasSuffix(code) }, "\(key): \(code) not whole in \(state.screen.text)")
        }
    }

    @Test func eachWeChatFaultsErrcodeIsWholeInTheLog() {
        var state = makeState(width: 80, height: 24)
        state.type("3")
        for (key, code) in [("T", "errcode 61006"), ("W", "errcode 40125"), ("A", "errcode 61010")] {
            state.type(key)
            #expect(state.screen.contains(code + " "), "\(key): \(code) not whole in \(state.screen.text)")
        }
    }
}
