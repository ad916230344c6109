/// The playground's tabs. Each owns its key bindings (in `Keymap`), its header parts
/// (`HeaderView`) and its footer (generated from the keymap).
enum Tab: Int, CaseIterable, Hashable {
    case tokens = 1, oauth, wechat, compare, device

    /// The key that opens it.
    var key: Key { .character(Character(String(rawValue))) }

    var title: Text {
        switch self {
        case .tokens: return Text(en: "tokens", zh: "长短token")
        case .oauth: return Text.verbatim("OAuth")
        case .wechat: return Text(en: "WeChat", zh: "微信")
        case .compare: return Text(en: "JWT vs sessions", zh: "JWT 对比会话")
        case .device: return Text(en: "device grant", zh: "设备授权")
        }
    }

    /// Its name in the tab bar.
    var shortName: Text {
        switch self {
        case .tokens: return Text(en: "Tokens", zh: "令牌")
        case .oauth: return Text.verbatim("OAuth")
        case .wechat: return Text(en: "WeChat", zh: "微信")
        case .compare: return Text(en: "JWT/Sessions", zh: "JWT/会话")
        case .device: return Text(en: "Device", zh: "设备")
        }
    }

    /// What the help screen says the key opens.
    var description: Text {
        switch self {
        case .tokens: return Text(en: "tokens flow", zh: "长短token流程")
        case .oauth: return Text(en: "OAuth authorization code", zh: "OAuth \(.authorizationCode)模式")
        case .wechat: return Text(en: "WeChat third-party platform", zh: "微信\(.thirdPartyPlatform)")
        case .compare: return Text(en: "JWT vs server sessions", zh: "JWT 对比\(.server)会话")
        case .device: return Text(en: "device authorization grant (RFC 8628)", zh: "设备授权（RFC 8628）")
        }
    }
}
