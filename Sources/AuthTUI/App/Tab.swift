/// The playground's tabs. Each owns its key bindings (in `Keymap`), its header parts
/// (`HeaderView`) and its footer (generated from the keymap).
enum Tab: Int, CaseIterable, Hashable {
    case tokens = 1, oauth, wechat, compare, device

    /// The key that opens it.
    var key: Key { .character(Character(String(rawValue))) }

    var title: String {
        switch self {
        case .tokens: return "tokens"
        case .oauth: return "OAuth"
        case .wechat: return "WeChat"
        case .compare: return "JWT vs sessions"
        case .device: return "device grant"
        }
    }

    /// Its name in the tab bar.
    var shortName: String {
        switch self {
        case .tokens: return "Tokens"
        case .oauth: return "OAuth"
        case .wechat: return "WeChat"
        case .compare: return "JWT/Sessions"
        case .device: return "Device"
        }
    }

    /// What the help screen says the key opens.
    var description: String {
        switch self {
        case .tokens: return "tokens flow"
        case .oauth: return "OAuth authorization code"
        case .wechat: return "WeChat third-party platform"
        case .compare: return "JWT vs server sessions"
        case .device: return "device authorization grant (RFC 8628)"
        }
    }
}
