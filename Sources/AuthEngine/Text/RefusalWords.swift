extension PageRefusal {
    /// Why the page is refused, in Chinese, with the same values as the English.
    public var zh: String {
        switch self {
        case .repeatedParameter(let name): return "\(name) 出现了不止一次（RFC 6749 §3.1）：这个页面不会重定向"
        case .unknownClient: return "没有这个 client_id 的\(Term.app.zh)：这个页面不会重定向"
        case .unregisteredRedirect(let uri, let client):
            guard let uri else { return "缺少 redirect_uri，无从确认它是 \(client) 登记过的回调地址：\(Term.platform.zh)不会重定向" }
            return "redirect_uri \(uri) 不是 \(client) 登记过的回调地址：\(Term.platform.zh)不会重定向到那里"
        case .noDeviceWaiting(let code?): return "没有设备在等\(Term.userCode.zh) \(code)：请核对，或在设备上重新开始"
        case .noDeviceWaiting(nil): return "没有设备在等这个\(Term.userCode.zh)"
        case .codeAlreadyAnswered: return "这个\(Term.userCode.zh)已经回应过了"
        case .unknownComponent(let appID?): return "component_appid \(appID) 不是微信认识的\(Term.thirdPartyPlatform.zh)"
        case .unknownComponent(nil): return "缺少 component_appid：微信不知道是哪个\(Term.thirdPartyPlatform.zh)"
        case .invalidPreAuthCode: return "pre_auth_code 无效：打不开这个页面"
        case .preAuthCodeExpired(let at?): return "pre_auth_code 已在 \(at.timeOfDay) \(Term.expiry.zh)：请\(Term.thirdPartyPlatform.zh)重新生成链接"
        case .preAuthCodeExpired(nil): return "pre_auth_code 已经失效（过期或已用过）"
        case .exclusiveParameters(let a, let b): return "\(a) 和 \(b) 不能同时给"
        }
    }
}
