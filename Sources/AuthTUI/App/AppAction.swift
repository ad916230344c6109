import AuthEngine

/// Everything a key can ask for. `update` carries these out: whatever changes the world
/// runs as scenario commands through the session, the rest changes only what is shown.
enum AppAction: Hashable {
    // The token flow
    case login(username: String)
    case logout
    case request(method: String, path: String)
    case burst
    case toggleTraffic
    case expire(TokenKind)
    case revokeLong
    case changeProfile, addClaim
    case steal, attackerReplay
    case stealShort, attackerUsesShort
    case tamper, forge
    case failNextRefresh
    case cyclePolicy, toggleSingleFlight
    // The clock
    case togglePause, faster, slower
    case jump(Span)
    // The session
    case reset
    case toggleRecording
    case exportSession
    // Moving around
    case focusNext, focusPrevious
    case scroll(Int), scrollPage(Int), scrollToEnd, scrollToStart
    case openDetails, close
    case showTab(Tab)
    case toggleHelp, showHistory, showSettings, nextLiveClient
    case redraw
    case toggleLogScope
    case nextScenarioStep, presenterBack, presenterRestart
    case quit
    // The OAuth tab
    case oauthNext, oauthReset
    case oauthAttack(OAuthAttack)
    /// OpenID Connect: the app checks its ID token now, or one an attack hands it.
    case oauthIDToken(IDTokenAttack?)
    /// Key rotation, and the attacker who sprays invented kids.
    case oauthKey(KeyRotationStep), oauthSprayKids
    // The comparison tab
    case compare(CompareAction)
    // The WeChat tab
    case wechatNext, wechatReset
    case deviceNext, deviceFault(DeviceFault)
    case wechatFault(WeChatFault)
}

/// Tab 3's faults, each showing the errcode that results and the rule behind it.
enum WeChatFault: Hashable {
    case togglePushes, jumpPastTicket, staleTicket, wrongSecret, expiredPreAuthCode, expiredAuthCode, expiredAuthorizerToken, unauthorize, renew

    /// The divider's label in the diagram.
    var title: String {
        switch self {
        case .togglePushes: return "ticket pushes paused / resumed"
        case .jumpPastTicket: return "12 h later"
        case .staleTicket: return "a ticket WeChat never pushed"
        case .wrongSecret: return "a wrong component_appsecret"
        case .expiredPreAuthCode: return "an expired pre_auth_code"
        case .expiredAuthCode: return "an expired auth_code"
        case .expiredAuthorizerToken: return "an expired authorizer token"
        case .unauthorize: return "the merchant unauthorizes"
        case .renew: return "step 6: renew the authorizer token"
        }
    }
}

/// Tab 4's actions: each runs on both designs at once.
enum CompareAction: Hashable {
    case login, logout, request, profile, forcedLogout, storeToggle, denylistToggle, addServer, localToggle, stickyToggle, expireShort
}

/// The attacks and mistakes tab 2 can play, each stopped by a rule.
enum OAuthAttack: Hashable, CaseIterable {
    case foreignRedirect, replayCode, noSecret, expiredCode, forgedState, wrongVerifier, deny, refresh

    /// What it tries, and the rule that stops it.
    var story: (attempt: String, rule: String) {
        switch self {
        case .foreignRedirect: return ("authorize with the attacker's redirect_uri", "redirect_uri must exactly match a registered one: error page, no redirect")
        case .replayCode: return ("exchange the same code again", "a code is single use; reuse revokes the tokens it issued")
        case .noSecret: return ("exchange a stolen code without app_secret", "the token endpoint authenticates the client: invalid_client")
        case .expiredCode: return ("exchange a code after 10 minutes", "codes live 10 minutes: invalid_grant")
        case .forgedState: return ("a callback with a forged state", "the app checks state against its session: CSRF refused")
        case .wrongVerifier: return ("exchange without the PKCE verifier", "the verifier must hash to the challenge: invalid_grant")
        case .deny: return ("the user denies", "the platform redirects with error=access_denied and no code")
        case .refresh: return ("refresh the access token", "the refresh token renewed it without asking the user again")
        }
    }
}
