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
    /// `` ` ``: the next language; everything on screen, narration history included, follows.
    case cycleLanguage
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
    /// `x` on tab 2: the app's access token runs out (live: the platform judges them all).
    case oauthExpire
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
    var title: Text {
        switch self {
        case .togglePushes: return Text(en: "ticket pushes paused / resumed", zh: "ticket 推送暂停 / 恢复")
        case .jumpPastTicket: return Text(en: "12 h later", zh: "12 小时后")
        case .staleTicket: return Text(en: "a ticket WeChat never pushed", zh: "一张微信从未推送过的 ticket")
        case .wrongSecret: return Text(en: "a wrong component_appsecret", zh: "错误的 component_appsecret")
        case .expiredPreAuthCode: return Text(en: "an expired pre_auth_code", zh: "过期的 pre_auth_code")
        case .expiredAuthCode: return Text(en: "an expired auth_code", zh: "过期的 auth_code")
        case .expiredAuthorizerToken: return Text(en: "an expired authorizer token", zh: "过期的 authorizer_access_token")
        case .unauthorize: return Text(en: "the merchant unauthorizes", zh: "商家取消授权")
        case .renew: return Text(en: "step 6: renew the authorizer token", zh: "第 6 步：续期 authorizer_access_token")
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

    /// What it tries, and the rule that stops it. `codeLifetime`: the platform's, as set now.
    func story(codeLifetime: Span) -> (attempt: Text, rule: Text) {
        switch self {
        case .foreignRedirect:
            return (Text(en: "authorize with the attacker's redirect_uri", zh: "用\(.attacker)的 redirect_uri 发起授权"),
                    Text(en: "redirect_uri must exactly match a registered one: error page, no redirect", zh: "redirect_uri 必须与登记的完全一致：显示错误页面，不重定向"))
        case .replayCode:
            return (Text(en: "exchange the same code again", zh: "再次兑换同一个\(.authorizationCode)"),
                    Text(en: "a code is single use; reuse revokes the tokens it issued", zh: "\(.authorizationCode)只能用一次；重复使用会\(.revoke)用它签发的\(.token)"))
        case .noSecret:
            return (Text(en: "exchange a stolen code without app_secret", zh: "不带 app_secret 兑换偷来的\(.authorizationCode)"),
                    Text(en: "the token endpoint authenticates the client: invalid_client", zh: "\(.token)端点要验证\(.client)身份：invalid_client"))
        case .expiredCode:
            let life = SpanWords.text(codeLifetime)
            return (Text(en: "exchange a code after \(life)", zh: "\(life)后才兑换\(.authorizationCode)"),
                    Text(en: "codes live \(life): invalid_grant", zh: "\(.authorizationCode)只有 \(life)有效期：invalid_grant"))
        case .forgedState:
            return (Text(en: "a callback with a forged state", zh: "带伪造 state 的回调"),
                    Text(en: "the app checks state against its session: CSRF refused", zh: "\(.app)用自己的\(.session)核对 state：CSRF 被拒绝"))
        case .wrongVerifier:
            return (Text(en: "exchange without the PKCE verifier", zh: "不带 PKCE verifier 兑换"),
                    Text(en: "the verifier must hash to the challenge: invalid_grant", zh: "verifier 的哈希必须等于 challenge：invalid_grant"))
        case .deny:
            return (Text(en: "the user denies", zh: "\(.user)拒绝授权"),
                    Text(en: "the platform redirects with error=access_denied and no code", zh: "\(.platform)带着 error=access_denied 重定向，没有\(.authorizationCode)"))
        case .refresh:
            return (Text(en: "refresh the access token", zh: "\(.refresh)\(.accessToken)"),
                    Text(en: "the refresh token renewed it without asking the user again", zh: "\(.refreshToken)为它续期，不用再问\(.user)"))
        }
    }
}
