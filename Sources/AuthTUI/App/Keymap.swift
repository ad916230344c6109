import AuthEngine

/// One key and what it does: the single table behind key handling, the footer and help.
struct KeyBinding {
    enum Group: String, CaseIterable {
        case flow = "Token flow (tab 1)"
        case attacks = "Attacks and faults (tab 1)"
        case oauth = "OAuth flow (tab 2)"
        case compare = "JWT vs sessions (tab 4)"
        case wechat = "WeChat component flow (tab 3)"
        case clock = "Clock"
        case view = "View"
    }

    let keys: [Key]
    let action: AppAction
    let label: String
    let group: Group
    /// The tabs it works in; empty: all of them.
    var flows: Set<Int> = []

    func applies(to flow: Int) -> Bool { flows.isEmpty || flows.contains(flow) }
}

extension KeyBinding {
    /// A binding for the tokens tab only.
    init(keys: [Key], flows1: Bool, action: AppAction, label: String, group: Group) {
        self.init(keys: keys, action: action, label: label, group: group, flows: [1])
    }
}

enum Keymap {
    static let bindings: [KeyBinding] = [
        KeyBinding(keys: [.character("l")], flows1: true, action: .login, label: "log in as alice", group: .flow),
        KeyBinding(keys: [.character("L")], flows1: true, action: .logout, label: "log out", group: .flow),
        KeyBinding(keys: [.character("r")], flows1: true, action: .request(method: "GET", path: "/api/profile"), label: "GET /api/profile", group: .flow),
        KeyBinding(keys: [.character("a")], flows1: true, action: .request(method: "GET", path: "/api/admin"), label: "GET /api/admin (needs role admin)", group: .flow),
        KeyBinding(keys: [.character("b")], flows1: true, action: .burst, label: "burst of 5 concurrent requests", group: .flow),
        KeyBinding(keys: [.character("t")], flows1: true, action: .toggleTraffic, label: "background traffic on/off", group: .flow),
        KeyBinding(keys: [.character("x")], flows1: true, action: .expire(.short), label: "jump to the short token's expiry", group: .flow),
        KeyBinding(keys: [.character("X")], flows1: true, action: .expire(.long), label: "jump to the long token's expiry", group: .flow),
        KeyBinding(keys: [.character("u")], flows1: true, action: .changeProfile, label: "change alice's profile server-side", group: .flow),
        KeyBinding(keys: [.character("p")], flows1: true, action: .cyclePolicy, label: "cycle refresh policy", group: .flow),
        KeyBinding(keys: [.character("c")], flows1: true, action: .toggleSingleFlight, label: "single flight on/off", group: .flow),
        KeyBinding(keys: [.character("v")], flows1: true, action: .revokeLong, label: "revoke long token (forced logout)", group: .attacks),
        KeyBinding(keys: [.character("s")], flows1: true, action: .steal, label: "attacker steals the long token", group: .attacks),
        KeyBinding(keys: [.character("S")], flows1: true, action: .attackerReplay, label: "attacker replays it", group: .attacks),
        KeyBinding(keys: [.character("f")], flows1: true, action: .failNextRefresh, label: "next refresh fails (500 / lost)", group: .attacks),
        KeyBinding(keys: [.character(" ")], action: .togglePause, label: "pause / resume", group: .clock),
        KeyBinding(keys: [.character("+"), .character("=")], action: .faster, label: "faster", group: .clock),
        KeyBinding(keys: [.character("-"), .character("_")], action: .slower, label: "slower", group: .clock),
        KeyBinding(keys: [.character("]")], action: .jump(.minutes(1)), label: "+1 minute", group: .clock),
        KeyBinding(keys: [.character("}")], action: .jump(.hours(1)), label: "+1 hour", group: .clock),
        KeyBinding(keys: [.character("{")], action: .jump(.days(1)), label: "+1 day", group: .clock),
        KeyBinding(keys: [.character("n")], flows1: true, action: .nextScenarioStep, label: "next scenario line (--scenario)", group: .clock),
        KeyBinding(keys: [.tab], action: .focusNext, label: "move focus", group: .view),
        KeyBinding(keys: [.backTab], action: .focusPrevious, label: "move focus back", group: .view),
        KeyBinding(keys: [.up, .character("k")], action: .scroll(-1), label: "scroll up / select", group: .view),
        KeyBinding(keys: [.down, .character("j")], action: .scroll(1), label: "scroll down / select", group: .view),
        KeyBinding(keys: [.pageUp], action: .scrollPage(-1), label: "page up", group: .view),
        KeyBinding(keys: [.pageDown], action: .scrollPage(1), label: "page down", group: .view),
        KeyBinding(keys: [.home, .character("g")], action: .scrollToStart, label: "oldest", group: .view),
        KeyBinding(keys: [.end, .character("G")], action: .scrollToEnd, label: "newest (follow)", group: .view),
        KeyBinding(keys: [.enter], action: .openDetails, label: "details of the log entry", group: .view),
        KeyBinding(keys: [.escape], action: .close, label: "close", group: .view),
        KeyBinding(keys: [.character("1")], action: .showFlow(1), label: "tokens flow", group: .view),
        KeyBinding(keys: [.character("2")], action: .showFlow(2), label: "OAuth authorization code", group: .view),
        KeyBinding(keys: [.character("3")], action: .showFlow(3), label: "WeChat third-party platform", group: .view),
        KeyBinding(keys: [.character("4")], action: .showFlow(4), label: "JWT vs server sessions", group: .view),
        KeyBinding(keys: [.character("n")], action: .wechatNext, label: "next message of the flow", group: .wechat, flows: [3]),
        KeyBinding(keys: [.character("R")], action: .wechatFault(.renew), label: "renew the authorizer token", group: .wechat, flows: [3]),
        KeyBinding(keys: [.character("P")], action: .wechatFault(.togglePushes), label: "pause / resume ticket pushes", group: .wechat, flows: [3]),
        KeyBinding(keys: [.character("J")], action: .wechatFault(.jumpPastTicket), label: "jump 12 h (ticket expiry)", group: .wechat, flows: [3]),
        KeyBinding(keys: [.character("T")], action: .wechatFault(.staleTicket), label: "use a stale ticket", group: .wechat, flows: [3]),
        KeyBinding(keys: [.character("W")], action: .wechatFault(.wrongSecret), label: "wrong appsecret", group: .wechat, flows: [3]),
        KeyBinding(keys: [.character("E")], action: .wechatFault(.expiredPreAuthCode), label: "expired pre_auth_code", group: .wechat, flows: [3]),
        KeyBinding(keys: [.character("A")], action: .wechatFault(.expiredAuthCode), label: "expired auth_code", group: .wechat, flows: [3]),
        KeyBinding(keys: [.character("K")], action: .wechatFault(.expiredAuthorizerToken), label: "expired authorizer token (42001)", group: .wechat, flows: [3]),
        KeyBinding(keys: [.character("U")], action: .wechatFault(.unauthorize), label: "merchant unauthorizes (61023)", group: .wechat, flows: [3]),
        KeyBinding(keys: [.character("l")], action: .compare(.login), label: "log in (both designs)", group: .compare, flows: [4]),
        KeyBinding(keys: [.character("L")], action: .compare(.logout), label: "log out (both)", group: .compare, flows: [4]),
        KeyBinding(keys: [.character("r")], action: .compare(.request), label: "GET /api/profile (both)", group: .compare, flows: [4]),
        KeyBinding(keys: [.character("u")], action: .compare(.profile), label: "change the profile server-side", group: .compare, flows: [4]),
        KeyBinding(keys: [.character("v")], action: .compare(.forcedLogout), label: "forced logout / revoke", group: .compare, flows: [4]),
        KeyBinding(keys: [.character("x")], action: .compare(.expireShort), label: "jump to the JWT's expiry", group: .compare, flows: [4]),
        KeyBinding(keys: [.character("o")], action: .compare(.storeToggle), label: "session store down / up", group: .compare, flows: [4]),
        KeyBinding(keys: [.character("D")], action: .compare(.denylistToggle), label: "JWT denylist on / off", group: .compare, flows: [4]),
        KeyBinding(keys: [.character("a")], action: .compare(.addServer), label: "add an app server", group: .compare, flows: [4]),
        KeyBinding(keys: [.character("m")], action: .compare(.localToggle), label: "sessions in server memory", group: .compare, flows: [4]),
        KeyBinding(keys: [.character("y")], action: .compare(.stickyToggle), label: "sticky balancer on / off", group: .compare, flows: [4]),
        KeyBinding(keys: [.character("n")], action: .oauthNext, label: "next message of the flow", group: .oauth, flows: [2]),
        KeyBinding(keys: [.character("e")], action: .oauthAttack(.foreignRedirect), label: "attacker's redirect_uri", group: .oauth, flows: [2]),
        KeyBinding(keys: [.character("R")], action: .oauthAttack(.replayCode), label: "replay a used code", group: .oauth, flows: [2]),
        KeyBinding(keys: [.character("s")], action: .oauthAttack(.noSecret), label: "stolen code, no secret", group: .oauth, flows: [2]),
        KeyBinding(keys: [.character("E")], action: .oauthAttack(.expiredCode), label: "code past 10 minutes", group: .oauth, flows: [2]),
        KeyBinding(keys: [.character("F")], action: .oauthAttack(.forgedState), label: "forged state (CSRF)", group: .oauth, flows: [2]),
        KeyBinding(keys: [.character("V")], action: .oauthAttack(.wrongVerifier), label: "missing PKCE verifier", group: .oauth, flows: [2]),
        KeyBinding(keys: [.character("d")], action: .oauthAttack(.deny), label: "user denies", group: .oauth, flows: [2]),
        KeyBinding(keys: [.character("f")], action: .oauthAttack(.refresh), label: "refresh the access token", group: .oauth, flows: [2]),
        KeyBinding(keys: [.character("?"), .function(1)], action: .toggleHelp, label: "help", group: .view),
        KeyBinding(keys: [.character("q"), .controlC], action: .quit, label: "quit", group: .view),
    ]

    /// A tab's own binding wins over one that works everywhere.
    static func action(for key: Key, flow: Int = 1) -> AppAction? {
        (bindings.first { $0.flows.contains(flow) && $0.keys.contains(key) }
            ?? bindings.first { $0.flows.isEmpty && $0.keys.contains(key) })?.action
    }
}
