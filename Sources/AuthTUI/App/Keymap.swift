import AuthEngine

/// One key and what it does: the single table behind key handling, the footer and help.
struct KeyBinding {
    enum Group: CaseIterable {
        case flow, attacks, oauth, compare, wechat, device, clock, session, presenter, view

        var title: Text {
            switch self {
            case .flow: return Text(en: "Token flow (tab 1)", zh: "长短token流程（标签页 1）")
            case .attacks: return Text(en: "Attacks and faults (tab 1)", zh: "攻击与故障（标签页 1）")
            case .oauth: return Text(en: "OAuth flow (tab 2)", zh: "OAuth 流程（标签页 2）")
            case .compare: return Text(en: "JWT vs sessions (tab 4)", zh: "JWT 对比会话（标签页 4）")
            case .wechat: return Text(en: "WeChat component flow (tab 3)", zh: "微信第三方平台流程（标签页 3）")
            case .device: return Text(en: "Device grant (tab 5)", zh: "设备授权（标签页 5）")
            case .clock: return Text(en: "Clock", zh: "时钟")
            case .session: return Text(en: "Session", zh: "录制与重置")
            case .presenter: return Text(en: "Presenter (--scenario)", zh: "演示（--scenario）")
            case .view: return Text(en: "View", zh: "视图")
            }
        }
    }

    /// When a binding's footer hint is worth its room.
    enum FooterRule {
        case always, loggedIn, loggedOut, presenting, logFocused, tokensTab
    }

    let keys: [Key]
    let action: AppAction
    let label: Text
    let group: Group
    /// The tabs it works in; empty: all of them.
    var tabs: Set<Tab> = []
    /// The footer's short word for it; bindings sharing a word are shown as one hint
    /// (`e R s E F V d attacks`). nil: help only.
    var footer: Text? = nil
    var footerRule: FooterRule = .always

    func applies(to tab: Tab) -> Bool { tabs.isEmpty || tabs.contains(tab) }
}

enum Keymap {
    private static func tab1(_ key: Character, _ action: AppAction, _ label: Text, _ group: KeyBinding.Group = .flow,
                             footer: Text? = nil, when rule: KeyBinding.FooterRule = .always) -> KeyBinding {
        KeyBinding(keys: [.character(key)], action: action, label: label, group: group, tabs: [.tokens], footer: footer, footerRule: rule)
    }

    private static func on(_ tab: Tab, _ key: Character, _ action: AppAction, _ label: Text, _ group: KeyBinding.Group,
                           footer: Text? = nil) -> KeyBinding {
        KeyBinding(keys: [.character(key)], action: action, label: label, group: group, tabs: [tab], footer: footer)
    }

    static let bindings: [KeyBinding] = [
        tab1("n", .nextScenarioStep, Text(en: "next script line (on any tab while presenting)", zh: "下一行\(.scenario)（演示时在任何标签页都可用）"), .presenter, footer: Text(en: "next line", zh: "下一行"), when: .presenting),
        tab1("l", .login(username: "alice"), Text(en: "log in as alice", zh: "以 alice 登录"), footer: Text(en: "log in", zh: "登录"), when: .loggedOut),
        tab1("B", .login(username: "bob"), Text(en: "log in as bob (role admin)", zh: "以 bob 登录（角色 admin）")),
        tab1("L", .logout, Text(en: "log out", zh: "登出")),
        tab1("r", .request(method: "GET", path: "/api/profile"), Text.verbatim("GET /api/profile"), footer: Text(en: "request", zh: "请求"), when: .loggedIn),
        tab1("a", .request(method: "GET", path: "/api/admin"), Text(en: "GET /api/admin (needs role admin)", zh: "GET /api/admin（需要 admin 角色）")),
        tab1("x", .expire(.short), Text(en: "jump to the short token's expiry", zh: "跳到\(.shortToken)过期"), footer: Text(en: "expire short", zh: "\(.shortToken)过期"), when: .loggedIn),
        tab1("b", .burst, Text(en: "burst of 5 concurrent requests", zh: "一次发 5 个并发请求"), footer: Text(en: "burst", zh: "并发"), when: .loggedIn),
        tab1("t", .toggleTraffic, Text(en: "background traffic on/off", zh: "后台流量 开/关"), footer: Text(en: "traffic", zh: "流量"), when: .loggedIn),
        tab1("X", .expire(.long), Text(en: "jump to the long token's expiry", zh: "跳到\(.longToken)过期")),
        tab1("u", .changeProfile, Text(en: "change alice's profile server-side", zh: "在\(.server)端修改 alice 的资料")),
        tab1("m", .addClaim, Text(en: "add a role to alice: the next short token grows", zh: "给 alice 加一个角色：下一个\(.shortToken)会变大")),
        tab1("p", .cyclePolicy, Text(en: "cycle refresh policy", zh: "切换\(.refresh)策略")),
        tab1("c", .toggleSingleFlight, Text(en: "single flight on/off", zh: "合并\(.refresh)（single flight）开/关")),
        tab1("o", .nextLiveClient, Text(en: "whose tokens the panels show: the playground's client or a live one (--listen)", zh: "面板显示谁的\(.token)：演练场的\(.client)或实时\(.client)（--listen）")),
        tab1("v", .revokeLong, Text(en: "revoke long token (forced logout)", zh: "\(.revoke)\(.longToken)（强制登出）"), .attacks),
        tab1("s", .steal, Text(en: "attacker steals the long token", zh: "\(.attacker)偷走\(.longToken)"), .attacks),
        tab1("S", .attackerReplay, Text(en: "attacker replays it", zh: "\(.attacker)重放它"), .attacks),
        tab1("f", .failNextRefresh, Text(en: "next refresh fails (500 / lost)", zh: "下一次\(.refresh)失败（500 / 响应丢失）"), .attacks),
        tab1("d", .stealShort, Text(en: "attacker steals the short token", zh: "\(.attacker)偷走\(.shortToken)"), .attacks),
        tab1("D", .attackerUsesShort, Text(en: "attacker calls the API with it", zh: "\(.attacker)用它调用 API"), .attacks),
        tab1("T", .tamper, Text(en: "tamper: roles=admin, not re-signed, then GET /api/admin", zh: "篡改：roles=admin，不重新签名，再 GET /api/admin"), .attacks),
        tab1("F", .forge, Text(en: "attacker forges a token (in turn: alg none, RS→HS confusion, jwk, jku, kid traversal, r = s = 0, long token as access)", zh: "\(.attacker)伪造\(.token)（依次：alg none、RS→HS 混淆、jwk、jku、kid 路径穿越、r = s = 0、\(.longToken)冒充\(.accessToken)）"), .attacks),
        on(.oauth, "n", .oauthNext, Text(en: "next message of the flow", zh: "流程的下一条消息"), .oauth, footer: Text(en: "next", zh: "下一条")),
        on(.oauth, "e", .oauthAttack(.foreignRedirect), Text(en: "attacker's redirect_uri", zh: "\(.attacker)的 redirect_uri"), .oauth, footer: Text(en: "attacks", zh: "攻击")),
        on(.oauth, "R", .oauthAttack(.replayCode), Text(en: "replay a used code", zh: "重放用过的\(.authorizationCode)"), .oauth, footer: Text(en: "attacks", zh: "攻击")),
        on(.oauth, "s", .oauthAttack(.noSecret), Text(en: "stolen code, no secret", zh: "偷来的\(.authorizationCode)，没有密钥"), .oauth, footer: Text(en: "attacks", zh: "攻击")),
        on(.oauth, "E", .oauthAttack(.expiredCode), Text(en: "a code past its lifetime", zh: "过了有效期的\(.authorizationCode)"), .oauth, footer: Text(en: "attacks", zh: "攻击")),
        on(.oauth, "F", .oauthAttack(.forgedState), Text(en: "forged state (CSRF)", zh: "伪造的 state（CSRF）"), .oauth, footer: Text(en: "attacks", zh: "攻击")),
        on(.oauth, "V", .oauthAttack(.wrongVerifier), Text(en: "missing PKCE verifier", zh: "缺少 PKCE verifier"), .oauth, footer: Text(en: "attacks", zh: "攻击")),
        on(.oauth, "d", .oauthAttack(.deny), Text(en: "user denies", zh: "\(.user)拒绝"), .oauth, footer: Text(en: "attacks", zh: "攻击")),
        on(.oauth, "f", .oauthAttack(.refresh), Text(en: "refresh the access token", zh: "\(.refresh)\(.accessToken)"), .oauth, footer: Text(en: "refresh", zh: "刷新")),
        on(.oauth, "x", .oauthExpire, Text(en: "jump to the access token's expiry (live: the platform judges every access token expired)",
                                           zh: "跳到\(.accessToken)过期（实时模式：\(.platform)把所有\(.accessToken)判为过期）"), .oauth, footer: Text(en: "expire", zh: "过期")),
        on(.oauth, "i", .oauthIDToken(nil), Text(en: "the app checks its ID token now (after a jump: expired)", zh: "\(.app)现在检查它的 \(.idToken)（跳过时间后：已过期）"), .oauth, footer: Text(en: "ID token", zh: "ID 令牌")),
        on(.oauth, "I", .oauthIDToken(.replayed), Text(en: "replayed ID token (nonce)", zh: "重放的 \(.idToken)（nonce）"), .oauth, footer: Text(en: "ID token", zh: "ID 令牌")),
        on(.oauth, "A", .oauthIDToken(.otherApp), Text(en: "another app's ID token (aud)", zh: "别的\(.app)的 \(.idToken)（aud）"), .oauth, footer: Text(en: "ID token", zh: "ID 令牌")),
        on(.oauth, "H", .oauthIDToken(.swapped), Text(en: "swapped access token (at_hash)", zh: "调包的\(.accessToken)（at_hash）"), .oauth, footer: Text(en: "ID token", zh: "ID 令牌")),
        on(.oauth, "P", .oauthKey(.publish), Text(en: "platform publishes a new key", zh: "\(.platform)发布新\(.key)"), .oauth, footer: Text(en: "keys", zh: "密钥")),
        on(.oauth, "S", .oauthKey(.sign), Text(en: "platform signs with the newest key", zh: "\(.platform)改用最新的\(.key)签名"), .oauth, footer: Text(en: "keys", zh: "密钥")),
        on(.oauth, "T", .oauthKey(.retire), Text(en: "platform retires its oldest key", zh: "\(.platform)撤下最旧的\(.key)"), .oauth, footer: Text(en: "keys", zh: "密钥")),
        on(.oauth, "K", .oauthSprayKids, Text(en: "attacker sprays 30 invented kids, one a second", zh: "\(.attacker)每秒一个，喷洒 30 个编造的 kid"), .oauth, footer: Text(en: "keys", zh: "密钥")),
        on(.oauth, "o", .nextLiveClient, Text(en: "whose credentials the panel shows: the simulated app or a live OAuth client (--listen)",
                                              zh: "凭证面板显示谁的：模拟的\(.app)或实时 OAuth \(.client)（--listen）"), .oauth),
        on(.oauth, "Z", .oauthReset, Text(en: "restart the OAuth flow (a fresh platform and app)", zh: "重新开始 OAuth 流程（全新的\(.platform)和\(.app)）"), .oauth, footer: Text(en: "restart", zh: "重新开始")),
        on(.wechat, "n", .wechatNext, Text(en: "next message of the flow", zh: "流程的下一条消息"), .wechat, footer: Text(en: "next", zh: "下一条")),
        on(.wechat, "o", .nextLiveClient, Text(en: "whose credentials the panel shows: the simulated component or live component backends (--listen)",
                                               zh: "凭证面板显示谁的：模拟的\(.thirdPartyPlatform)或实时的\(.thirdPartyPlatform)后端（--listen）"), .wechat),
        on(.wechat, "Z", .wechatReset, Text(en: "restart the WeChat flow (timers stopped, a fresh platform)", zh: "重新开始微信流程（停止计时器，全新的平台）"), .wechat, footer: Text(en: "restart", zh: "重新开始")),
        on(.wechat, "R", .wechatFault(.renew), Text(en: "renew the authorizer token", zh: "续期 authorizer_access_token"), .wechat, footer: Text(en: "renew", zh: "续期")),
        on(.wechat, "P", .wechatFault(.togglePushes), Text(en: "pause / resume ticket pushes", zh: "暂停 / 恢复 ticket 推送"), .wechat, footer: Text(en: "faults", zh: "故障")),
        on(.wechat, "J", .wechatFault(.jumpPastTicket), Text(en: "jump 12 h (ticket expiry)", zh: "跳过 12 小时（ticket 过期）"), .wechat, footer: Text(en: "faults", zh: "故障")),
        on(.wechat, "T", .wechatFault(.staleTicket), Text(en: "use a stale ticket", zh: "使用过时的 ticket"), .wechat, footer: Text(en: "faults", zh: "故障")),
        on(.wechat, "W", .wechatFault(.wrongSecret), Text(en: "wrong appsecret", zh: "错误的 appsecret"), .wechat, footer: Text(en: "faults", zh: "故障")),
        on(.wechat, "E", .wechatFault(.expiredPreAuthCode), Text(en: "expired pre_auth_code", zh: "过期的 pre_auth_code"), .wechat, footer: Text(en: "faults", zh: "故障")),
        on(.wechat, "A", .wechatFault(.expiredAuthCode), Text(en: "expired auth_code", zh: "过期的 auth_code"), .wechat, footer: Text(en: "faults", zh: "故障")),
        on(.wechat, "K", .wechatFault(.expiredAuthorizerToken), Text(en: "expired authorizer token (42001)", zh: "过期的 authorizer_access_token（42001）"), .wechat, footer: Text(en: "faults", zh: "故障")),
        on(.wechat, "U", .wechatFault(.unauthorize), Text(en: "merchant unauthorizes (61023)", zh: "商家取消授权（61023）"), .wechat, footer: Text(en: "faults", zh: "故障")),
        on(.device, "n", .deviceNext, Text(en: "next message of the flow", zh: "流程的下一条消息"), .device, footer: Text(en: "next", zh: "下一条")),
        on(.device, "I", .deviceFault(.ignoresSlowDown), Text(en: "a device that ignores slow_down", zh: "无视 slow_down 的设备"), .device, footer: Text(en: "faults", zh: "故障")),
        on(.device, "D", .deviceFault(.dawdles), Text(en: "the user dawdles past the code's 10 minutes", zh: "\(.user)拖过了码的 10 分钟"), .device, footer: Text(en: "faults", zh: "故障")),
        on(.device, "d", .deviceFault(.denies), Text(en: "the user denies", zh: "\(.user)拒绝"), .device, footer: Text(en: "faults", zh: "故障")),
        on(.device, "o", .nextLiveClient, Text(en: "whose codes the panel shows: the simulated TV or a live device (--listen)",
                                               zh: "设备码面板显示谁的：模拟的电视或实时设备（--listen）"), .device),
        on(.compare, "l", .compare(.login), Text(en: "log in (both designs)", zh: "登录（两种设计）"), .compare, footer: Text(en: "log in", zh: "登录")),
        on(.compare, "L", .compare(.logout), Text(en: "log out (both)", zh: "登出（两边）"), .compare),
        on(.compare, "r", .compare(.request), Text(en: "GET /api/profile (both)", zh: "GET /api/profile（两边）"), .compare, footer: Text(en: "request", zh: "请求")),
        on(.compare, "u", .compare(.profile), Text(en: "change the profile server-side", zh: "在\(.server)端修改资料"), .compare, footer: Text(en: "profile", zh: "资料")),
        on(.compare, "v", .compare(.forcedLogout), Text(en: "forced logout / revoke", zh: "强制登出 / \(.revoke)"), .compare, footer: Text(en: "revoke", zh: "吊销")),
        on(.compare, "x", .compare(.expireShort), Text(en: "jump to the JWT's expiry", zh: "跳到 JWT 过期"), .compare),
        on(.compare, "o", .compare(.storeToggle), Text(en: "session store down / up", zh: "\(.session)存储 宕机 / 恢复"), .compare, footer: Text(en: "store", zh: "存储")),
        on(.compare, "D", .compare(.denylistToggle), Text(en: "JWT denylist on / off", zh: "JWT 黑名单 开 / 关"), .compare, footer: Text(en: "denylist", zh: "黑名单")),
        on(.compare, "a", .compare(.addServer), Text(en: "add an app server", zh: "加一台应用\(.server)"), .compare, footer: Text(en: "server", zh: "服务器")),
        on(.compare, "m", .compare(.localToggle), Text(en: "sessions in server memory", zh: "\(.session)存在\(.server)内存里"), .compare, footer: Text(en: "local/sticky", zh: "内存/粘性")),
        on(.compare, "y", .compare(.stickyToggle), Text(en: "sticky balancer on / off", zh: "粘性负载均衡 开 / 关"), .compare, footer: Text(en: "local/sticky", zh: "内存/粘性")),
        KeyBinding(keys: [.character(" ")], action: .togglePause, label: Text(en: "pause / resume", zh: "暂停 / 继续"), group: .clock, footer: Text(en: "pause", zh: "暂停")),
        KeyBinding(keys: [.character("+"), .character("=")], action: .faster, label: Text(en: "faster", zh: "加速"), group: .clock, footer: Text(en: "speed", zh: "速度"), footerRule: .tokensTab),
        KeyBinding(keys: [.character("-"), .character("_")], action: .slower, label: Text(en: "slower", zh: "减速"), group: .clock, footer: Text(en: "speed", zh: "速度"), footerRule: .tokensTab),
        KeyBinding(keys: [.character("]")], action: .jump(.minutes(1)), label: Text(en: "+1 minute", zh: "+1 分钟"), group: .clock),
        KeyBinding(keys: [.character("}")], action: .jump(.hours(1)), label: Text(en: "+1 hour", zh: "+1 小时"), group: .clock),
        KeyBinding(keys: [.character("{")], action: .jump(.days(1)), label: Text(en: "+1 day", zh: "+1 天"), group: .clock),
        KeyBinding(keys: [.tab], action: .focusNext, label: Text(en: "move focus", zh: "切换焦点"), group: .view, footer: Text(en: "focus", zh: "焦点"), footerRule: .tokensTab),
        KeyBinding(keys: [.backTab], action: .focusPrevious, label: Text(en: "move focus back", zh: "反向切换焦点"), group: .view),
        KeyBinding(keys: [.up, .character("k")], action: .scroll(-1), label: Text(en: "scroll up / select", zh: "向上滚动 / 选择"), group: .view),
        KeyBinding(keys: [.down, .character("j")], action: .scroll(1), label: Text(en: "scroll down / select", zh: "向下滚动 / 选择"), group: .view),
        KeyBinding(keys: [.pageUp], action: .scrollPage(-1), label: Text(en: "page up", zh: "上一页"), group: .view),
        KeyBinding(keys: [.pageDown], action: .scrollPage(1), label: Text(en: "page down", zh: "下一页"), group: .view),
        KeyBinding(keys: [.home, .character("g")], action: .scrollToStart, label: Text(en: "oldest", zh: "最早"), group: .view),
        KeyBinding(keys: [.end, .character("G")], action: .scrollToEnd, label: Text(en: "newest (follow)", zh: "最新（跟随）"), group: .view),
        KeyBinding(keys: [.enter], action: .openDetails, label: Text(en: "details of the log entry", zh: "\(.log)条目详情"), group: .view, footer: Text(en: "details", zh: "详情"), footerRule: .logFocused),
        KeyBinding(keys: [.escape], action: .close, label: Text(en: "close", zh: "关闭"), group: .view),
        KeyBinding(keys: [.character("*")], action: .toggleLogScope, label: Text(en: "log: every flow / this tab's", zh: "\(.log)：所有流程 / 本标签页"), group: .view),
    ] + Tab.allCases.map { tab in
        KeyBinding(keys: [tab.key], action: .showTab(tab), label: tab.description, group: .view, footer: Text(en: "tabs", zh: "标签页"))
    } + [
        KeyBinding(keys: [.character("N")], action: .presenterBack, label: Text(en: "step back (replays up to the line before)", zh: "后退一步（重放到上一行）"), group: .presenter,
                   footer: Text(en: "back", zh: "后退"), footerRule: .presenting),
        KeyBinding(keys: [.character("0")], action: .presenterRestart, label: Text(en: "restart the script", zh: "从头重放\(.scenario)"), group: .presenter),
        KeyBinding(keys: [.character("@")], action: .toggleRecording, label: Text(en: "record the session as a script on / off", zh: "把会话录制成\(.scenario) 开 / 关"), group: .session, footer: Text(en: "record", zh: "录制")),
        KeyBinding(keys: [.character("w")], action: .exportSession, label: Text(en: "write script, HAR and Mermaid files", zh: "写出\(.scenario)、HAR 和 Mermaid 文件"), group: .session),
        KeyBinding(keys: [.character("Z")], action: .reset, label: Text(en: "reset: a fresh world, same settings", zh: "重置：全新的世界，设置不变"), group: .session),
        KeyBinding(keys: [.character("h")], action: .showHistory, label: Text(en: "narration history (every message, scrollable)", zh: "\(.narration)历史（所有消息，可滚动）"), group: .view),
        KeyBinding(keys: [.character(",")], action: .showSettings, label: Text(en: "settings: TTLs, policy, latency, skew, leeway, proactive refresh", zh: "设置：有效期、策略、延迟、时钟偏差、容差、提前\(.refresh)"), group: .session,
                   footer: Text(en: "settings", zh: "设置"), footerRule: .tokensTab),
        KeyBinding(keys: [.character("`")], action: .cycleLanguage, label: Text(en: "language: English / 中文", zh: "语言：English / 中文"), group: .view,
                   footer: Text(en: "language", zh: "语言")),
        KeyBinding(keys: [.character("?"), .function(1)], action: .toggleHelp, label: Text(en: "help", zh: "帮助"), group: .view, footer: Text(en: "help", zh: "帮助")),
        KeyBinding(keys: [.controlL], action: .redraw, label: Text(en: "redraw the screen", zh: "重绘屏幕"), group: .view),
        KeyBinding(keys: [.character("q"), .controlC], action: .quit, label: Text(en: "quit (Ctrl-C exits 130)", zh: "退出（Ctrl-C 以 130 退出）"), group: .view, footer: Text(en: "quit", zh: "退出")),
    ]

    /// What an empty log suggests trying first on a tab: bindings of that tab, found by key,
    /// so a hint always says what the key really does there.
    static func firstSteps(on tab: Tab) -> [KeyBinding] {
        let keys: [Character] = switch tab {
        case .tokens: ["l", "r", "x"]
        case .compare: ["l", "r", "v"]
        case .oauth, .wechat, .device: ["n"]
        }
        return keys.compactMap { key in bindings(for: tab).first { $0.keys.contains(.character(key)) } }
    }

    /// How to name the keys that do `actions` to someone on `tab`: `s`, `x or X`, or
    /// `x or X on tab 1` when only that tab has them (nil: some action has no key).
    static func press(_ actions: [AppAction], on tab: Tab) -> Text? {
        let here = actions.compactMap { action in bindings(for: tab).first { $0.action == action } }
        if here.count == actions.count { return .verbatim(here.map { $0.keys[0].label }.joined(separator: " or ")) }
        let elsewhere = actions.compactMap { action in bindings.first { $0.action == action } }
        guard elsewhere.count == actions.count, let home = elsewhere[0].tabs.min(by: { $0.rawValue < $1.rawValue }),
              elsewhere.allSatisfy({ $0.applies(to: home) }) else { return nil }
        let keys = elsewhere.map { $0.keys[0].label }
        return Text(en: "\(keys.joined(separator: " or ")) on tab \(home.rawValue)", zh: "标签页 \(home.rawValue) 的 \(keys.joined(separator: " 或 "))")
    }

    /// A tab's own binding wins over one that works everywhere.
    static func action(for key: Key, tab: Tab = .tokens) -> AppAction? {
        (bindings.first { $0.tabs.contains(tab) && $0.keys.contains(key) }
            ?? bindings.first { $0.tabs.isEmpty && $0.keys.contains(key) })?.action
    }

    /// The bindings that work in `tab`: its own first, then those that work everywhere
    /// (the footer asks every frame: worked out once per tab).
    static func bindings(for tab: Tab) -> [KeyBinding] { bindingsByTab[tab] ?? [] }

    private static let bindingsByTab: [Tab: [KeyBinding]] = Dictionary(uniqueKeysWithValues: Tab.allCases.map { tab in
        (tab, bindings.filter { $0.tabs.contains(tab) } + bindings.filter { $0.tabs.isEmpty })
    })
}
