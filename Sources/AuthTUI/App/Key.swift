/// A key press, decoded from the terminal.
enum Key: Hashable {
    case character(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace
    case function(Int)
    case controlC
    /// Ctrl-L: redraw the whole screen.
    case controlL

    /// How the help screen writes it.
    var label: String {
        switch self {
        case .character(" "): return "space"
        case .character(let c): return String(c)
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "S-Tab"
        case .backspace: return "⌫"
        case .function(let n): return "F\(n)"
        case .controlC: return "^C"
        case .controlL: return "^L"
        }
    }
}
