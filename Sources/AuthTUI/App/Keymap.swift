import AuthEngine

/// One key and what it does: the single table behind key handling, the footer and help.
struct KeyBinding {
    enum Group: String, CaseIterable {
        case flow = "Token flow (tab 1)"
        case attacks = "Attacks and faults (tab 1)"
        case oauth = "OAuth flow (tab 2)"
        case compare = "JWT vs sessions (tab 4)"
        case wechat = "WeChat component flow (tab 3)"
        case device = "Device grant (tab 5)"
        case clock = "Clock"
        case session = "Session"
        case presenter = "Presenter (--scenario)"
        case view = "View"
    }

    /// When a binding's footer hint is worth its room.
    enum FooterRule {
        case always, loggedIn, loggedOut, presenting, logFocused, tokensTab
    }

    let keys: [Key]
    let action: AppAction
    let label: String
    let group: Group
    /// The tabs it works in; empty: all of them.
    var tabs: Set<Tab> = []
    /// The footer's short word for it; bindings sharing a word are shown as one hint
    /// (`e R s E F V d attacks`). nil: help only.
    var footer: String? = nil
    var footerRule: FooterRule = .always

    func applies(to tab: Tab) -> Bool { tabs.isEmpty || tabs.contains(tab) }
}

enum Keymap {
    private static func tab1(_ key: Character, _ action: AppAction, _ label: String, _ group: KeyBinding.Group = .flow,
                             footer: String? = nil, when rule: KeyBinding.FooterRule = .always) -> KeyBinding {
        KeyBinding(keys: [.character(key)], action: action, label: label, group: group, tabs: [.tokens], footer: footer, footerRule: rule)
    }

    private static func on(_ tab: Tab, _ key: Character, _ action: AppAction, _ label: String, _ group: KeyBinding.Group,
                           footer: String? = nil) -> KeyBinding {
        KeyBinding(keys: [.character(key)], action: action, label: label, group: group, tabs: [tab], footer: footer)
    }

    static let bindings: [KeyBinding] = [
        tab1("n", .nextScenarioStep, "next script line (on any tab while presenting)", .presenter, footer: "next line", when: .presenting),
        tab1("l", .login(username: "alice"), "log in as alice", footer: "log in", when: .loggedOut),
        tab1("B", .login(username: "bob"), "log in as bob (role admin)"),
        tab1("L", .logout, "log out"),
        tab1("r", .request(method: "GET", path: "/api/profile"), "GET /api/profile", footer: "request", when: .loggedIn),
        tab1("a", .request(method: "GET", path: "/api/admin"), "GET /api/admin (needs role admin)"),
        tab1("x", .expire(.short), "jump to the short token's expiry", footer: "expire short", when: .loggedIn),
        tab1("b", .burst, "burst of 5 concurrent requests", footer: "burst", when: .loggedIn),
        tab1("t", .toggleTraffic, "background traffic on/off", footer: "traffic", when: .loggedIn),
        tab1("X", .expire(.long), "jump to the long token's expiry"),
        tab1("u", .changeProfile, "change alice's profile server-side"),
        tab1("m", .addClaim, "add a role to alice: the next short token grows"),
        tab1("p", .cyclePolicy, "cycle refresh policy"),
        tab1("c", .toggleSingleFlight, "single flight on/off"),
        tab1("o", .nextLiveClient, "whose tokens the panels show: the playground's client or a live one (--listen)"),
        tab1("v", .revokeLong, "revoke long token (forced logout)", .attacks),
        tab1("s", .steal, "attacker steals the long token", .attacks),
        tab1("S", .attackerReplay, "attacker replays it", .attacks),
        tab1("f", .failNextRefresh, "next refresh fails (500 / lost)", .attacks),
        tab1("d", .stealShort, "attacker steals the short token", .attacks),
        tab1("D", .attackerUsesShort, "attacker calls the API with it", .attacks),
        tab1("T", .tamper, "tamper: roles=admin, not re-signed, then GET /api/admin", .attacks),
        tab1("F", .forge, "attacker forges a token (in turn: alg none, RS→HS confusion, jwk, jku, kid traversal, r = s = 0, long token as access)", .attacks),
        on(.oauth, "n", .oauthNext, "next message of the flow", .oauth, footer: "next message"),
        on(.oauth, "e", .oauthAttack(.foreignRedirect), "attacker's redirect_uri", .oauth, footer: "attacks"),
        on(.oauth, "R", .oauthAttack(.replayCode), "replay a used code", .oauth, footer: "attacks"),
        on(.oauth, "s", .oauthAttack(.noSecret), "stolen code, no secret", .oauth, footer: "attacks"),
        on(.oauth, "E", .oauthAttack(.expiredCode), "code past 10 minutes", .oauth, footer: "attacks"),
        on(.oauth, "F", .oauthAttack(.forgedState), "forged state (CSRF)", .oauth, footer: "attacks"),
        on(.oauth, "V", .oauthAttack(.wrongVerifier), "missing PKCE verifier", .oauth, footer: "attacks"),
        on(.oauth, "d", .oauthAttack(.deny), "user denies", .oauth, footer: "attacks"),
        on(.oauth, "f", .oauthAttack(.refresh), "refresh the access token", .oauth, footer: "refresh"),
        on(.oauth, "i", .oauthIDToken(nil), "the app checks its ID token now (after a jump: expired)", .oauth, footer: "ID token"),
        on(.oauth, "I", .oauthIDToken(.replayed), "replayed ID token (nonce)", .oauth, footer: "ID token"),
        on(.oauth, "A", .oauthIDToken(.otherApp), "another app's ID token (aud)", .oauth, footer: "ID token"),
        on(.oauth, "H", .oauthIDToken(.swapped), "swapped access token (at_hash)", .oauth, footer: "ID token"),
        on(.oauth, "P", .oauthKey(.publish), "platform publishes a new key", .oauth, footer: "keys"),
        on(.oauth, "S", .oauthKey(.sign), "platform signs with the newest key", .oauth, footer: "keys"),
        on(.oauth, "T", .oauthKey(.retire), "platform retires its oldest key", .oauth, footer: "keys"),
        on(.oauth, "K", .oauthSprayKids, "attacker sprays 30 invented kids, one a second", .oauth, footer: "keys"),
        on(.oauth, "Z", .oauthReset, "restart the OAuth flow (a fresh platform and app)", .oauth, footer: "restart"),
        on(.wechat, "n", .wechatNext, "next message of the flow", .wechat, footer: "next message"),
        on(.wechat, "Z", .wechatReset, "restart the WeChat flow (timers stopped, a fresh platform)", .wechat, footer: "restart"),
        on(.wechat, "R", .wechatFault(.renew), "renew the authorizer token", .wechat, footer: "renew"),
        on(.wechat, "P", .wechatFault(.togglePushes), "pause / resume ticket pushes", .wechat, footer: "faults"),
        on(.wechat, "J", .wechatFault(.jumpPastTicket), "jump 12 h (ticket expiry)", .wechat, footer: "faults"),
        on(.wechat, "T", .wechatFault(.staleTicket), "use a stale ticket", .wechat, footer: "faults"),
        on(.wechat, "W", .wechatFault(.wrongSecret), "wrong appsecret", .wechat, footer: "faults"),
        on(.wechat, "E", .wechatFault(.expiredPreAuthCode), "expired pre_auth_code", .wechat, footer: "faults"),
        on(.wechat, "A", .wechatFault(.expiredAuthCode), "expired auth_code", .wechat, footer: "faults"),
        on(.wechat, "K", .wechatFault(.expiredAuthorizerToken), "expired authorizer token (42001)", .wechat, footer: "faults"),
        on(.wechat, "U", .wechatFault(.unauthorize), "merchant unauthorizes (61023)", .wechat, footer: "faults"),
        on(.device, "n", .deviceNext, "next message of the flow", .device, footer: "next message"),
        on(.device, "I", .deviceFault(.ignoresSlowDown), "a device that ignores slow_down", .device, footer: "faults"),
        on(.device, "D", .deviceFault(.dawdles), "the user dawdles past the code's 10 minutes", .device, footer: "faults"),
        on(.device, "d", .deviceFault(.denies), "the user denies", .device, footer: "faults"),
        on(.compare, "l", .compare(.login), "log in (both designs)", .compare, footer: "log in"),
        on(.compare, "L", .compare(.logout), "log out (both)", .compare),
        on(.compare, "r", .compare(.request), "GET /api/profile (both)", .compare, footer: "request"),
        on(.compare, "u", .compare(.profile), "change the profile server-side", .compare, footer: "profile"),
        on(.compare, "v", .compare(.forcedLogout), "forced logout / revoke", .compare, footer: "revoke"),
        on(.compare, "x", .compare(.expireShort), "jump to the JWT's expiry", .compare),
        on(.compare, "o", .compare(.storeToggle), "session store down / up", .compare, footer: "store"),
        on(.compare, "D", .compare(.denylistToggle), "JWT denylist on / off", .compare, footer: "denylist"),
        on(.compare, "a", .compare(.addServer), "add an app server", .compare, footer: "server"),
        on(.compare, "m", .compare(.localToggle), "sessions in server memory", .compare, footer: "local/sticky"),
        on(.compare, "y", .compare(.stickyToggle), "sticky balancer on / off", .compare, footer: "local/sticky"),
        KeyBinding(keys: [.character(" ")], action: .togglePause, label: "pause / resume", group: .clock, footer: "pause"),
        KeyBinding(keys: [.character("+"), .character("=")], action: .faster, label: "faster", group: .clock, footer: "speed", footerRule: .tokensTab),
        KeyBinding(keys: [.character("-"), .character("_")], action: .slower, label: "slower", group: .clock, footer: "speed", footerRule: .tokensTab),
        KeyBinding(keys: [.character("]")], action: .jump(.minutes(1)), label: "+1 minute", group: .clock),
        KeyBinding(keys: [.character("}")], action: .jump(.hours(1)), label: "+1 hour", group: .clock),
        KeyBinding(keys: [.character("{")], action: .jump(.days(1)), label: "+1 day", group: .clock),
        KeyBinding(keys: [.tab], action: .focusNext, label: "move focus", group: .view, footer: "focus", footerRule: .tokensTab),
        KeyBinding(keys: [.backTab], action: .focusPrevious, label: "move focus back", group: .view),
        KeyBinding(keys: [.up, .character("k")], action: .scroll(-1), label: "scroll up / select", group: .view),
        KeyBinding(keys: [.down, .character("j")], action: .scroll(1), label: "scroll down / select", group: .view),
        KeyBinding(keys: [.pageUp], action: .scrollPage(-1), label: "page up", group: .view),
        KeyBinding(keys: [.pageDown], action: .scrollPage(1), label: "page down", group: .view),
        KeyBinding(keys: [.home, .character("g")], action: .scrollToStart, label: "oldest", group: .view),
        KeyBinding(keys: [.end, .character("G")], action: .scrollToEnd, label: "newest (follow)", group: .view),
        KeyBinding(keys: [.enter], action: .openDetails, label: "details of the log entry", group: .view, footer: "details", footerRule: .logFocused),
        KeyBinding(keys: [.escape], action: .close, label: "close", group: .view),
        KeyBinding(keys: [.character("*")], action: .toggleLogScope, label: "log: every flow / this tab's", group: .view),
    ] + Tab.allCases.map { tab in
        KeyBinding(keys: [tab.key], action: .showTab(tab), label: tab.description, group: .view, footer: "tabs")
    } + [
        KeyBinding(keys: [.character("N")], action: .presenterBack, label: "step back (replays up to the line before)", group: .presenter,
                   footer: "back", footerRule: .presenting),
        KeyBinding(keys: [.character("0")], action: .presenterRestart, label: "restart the script", group: .presenter),
        KeyBinding(keys: [.character("@")], action: .toggleRecording, label: "record the session as a script on / off", group: .session, footer: "record"),
        KeyBinding(keys: [.character("w")], action: .exportSession, label: "write script, HAR and Mermaid files", group: .session),
        KeyBinding(keys: [.character("Z")], action: .reset, label: "reset: a fresh world, same settings", group: .session),
        KeyBinding(keys: [.character("h")], action: .showHistory, label: "narration history (every message, scrollable)", group: .view),
        KeyBinding(keys: [.character(",")], action: .showSettings, label: "settings: TTLs, policy, latency, skew, leeway, proactive refresh", group: .session,
                   footer: "settings", footerRule: .tokensTab),
        KeyBinding(keys: [.character("?"), .function(1)], action: .toggleHelp, label: "help", group: .view, footer: "help"),
        KeyBinding(keys: [.controlL], action: .redraw, label: "redraw the screen", group: .view),
        KeyBinding(keys: [.character("q"), .controlC], action: .quit, label: "quit (Ctrl-C exits 130)", group: .view, footer: "quit"),
    ]

    /// A tab's own binding wins over one that works everywhere.
    static func action(for key: Key, tab: Tab = .tokens) -> AppAction? {
        (bindings.first { $0.tabs.contains(tab) && $0.keys.contains(key) }
            ?? bindings.first { $0.tabs.isEmpty && $0.keys.contains(key) })?.action
    }

    /// The bindings that work in `tab`: its own first, then those that work everywhere.
    static func bindings(for tab: Tab) -> [KeyBinding] {
        bindings.filter { $0.tabs.contains(tab) } + bindings.filter { $0.tabs.isEmpty }
    }
}
