import AuthEngine

/// One key and what it does: the single table behind key handling, the footer and help.
struct KeyBinding {
    enum Group: String, CaseIterable {
        case flow = "Token flow"
        case attacks = "Attacks and faults"
        case clock = "Clock"
        case view = "View"
    }

    let keys: [Key]
    let action: AppAction
    let label: String
    let group: Group
}

enum Keymap {
    static let bindings: [KeyBinding] = [
        KeyBinding(keys: [.character("l")], action: .login, label: "log in as alice", group: .flow),
        KeyBinding(keys: [.character("L")], action: .logout, label: "log out", group: .flow),
        KeyBinding(keys: [.character("r")], action: .request(method: "GET", path: "/api/profile"), label: "GET /api/profile", group: .flow),
        KeyBinding(keys: [.character("a")], action: .request(method: "GET", path: "/api/admin"), label: "GET /api/admin (needs role admin)", group: .flow),
        KeyBinding(keys: [.character("b")], action: .burst, label: "burst of 5 concurrent requests", group: .flow),
        KeyBinding(keys: [.character("t")], action: .toggleTraffic, label: "background traffic on/off", group: .flow),
        KeyBinding(keys: [.character("x")], action: .expire(.short), label: "jump to the short token's expiry", group: .flow),
        KeyBinding(keys: [.character("X")], action: .expire(.long), label: "jump to the long token's expiry", group: .flow),
        KeyBinding(keys: [.character("u")], action: .changeProfile, label: "change alice's profile server-side", group: .flow),
        KeyBinding(keys: [.character("p")], action: .cyclePolicy, label: "cycle refresh policy", group: .flow),
        KeyBinding(keys: [.character("c")], action: .toggleSingleFlight, label: "single flight on/off", group: .flow),
        KeyBinding(keys: [.character("v")], action: .revokeLong, label: "revoke long token (forced logout)", group: .attacks),
        KeyBinding(keys: [.character("s")], action: .steal, label: "attacker steals the long token", group: .attacks),
        KeyBinding(keys: [.character("S")], action: .attackerReplay, label: "attacker replays it", group: .attacks),
        KeyBinding(keys: [.character("f")], action: .failNextRefresh, label: "next refresh fails (500 / lost)", group: .attacks),
        KeyBinding(keys: [.character(" ")], action: .togglePause, label: "pause / resume", group: .clock),
        KeyBinding(keys: [.character("+"), .character("=")], action: .faster, label: "faster", group: .clock),
        KeyBinding(keys: [.character("-"), .character("_")], action: .slower, label: "slower", group: .clock),
        KeyBinding(keys: [.character("]")], action: .jump(.minutes(1)), label: "+1 minute", group: .clock),
        KeyBinding(keys: [.character("}")], action: .jump(.hours(1)), label: "+1 hour", group: .clock),
        KeyBinding(keys: [.character("{")], action: .jump(.days(1)), label: "+1 day", group: .clock),
        KeyBinding(keys: [.character("n")], action: .nextScenarioStep, label: "next scenario line (--scenario)", group: .clock),
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
        KeyBinding(keys: [.character("?"), .function(1)], action: .toggleHelp, label: "help", group: .view),
        KeyBinding(keys: [.character("q"), .controlC], action: .quit, label: "quit", group: .view),
    ]

    private static let table: [Key: AppAction] = {
        var t: [Key: AppAction] = [:]
        for b in bindings { for k in b.keys { t[k] = b.action } }
        return t
    }()

    static func action(for key: Key) -> AppAction? { table[key] }

    static func binding(for action: AppAction) -> KeyBinding? { bindings.first { $0.action == action } }
}
