import AuthEngine

/// Tab 1's attacks and policies in words, in each language.
enum ForgeryStory {
    static func attempt(_ forgery: TokenForgery) -> Text {
        switch forgery {
        case .algNone: return Text(en: "alg none, no signature", zh: "alg none，不带\(.signature)")
        case .algConfusion: return Text(en: "HS256 keyed with the issuer's public key", zh: "用签发方的公钥当 HS256 的密钥")
        case .embeddedJWK: return Text(en: "its own key as jwk", zh: "把自己的\(.key)放进 jwk")
        case .jku: return Text(en: "a jku URL to its keys", zh: "用 jku 指向自己的\(.key)")
        case .kidTraversal: return Text(en: "kid ../../../../dev/null with an empty HMAC key", zh: "kid 设为 ../../../../dev/null，HMAC \(.key)为空")
        case .zeroSignature: return Text(en: "an ES256 signature with r = s = 0", zh: "r = s = 0 的 ES256 \(.signature)")
        case .refreshAsAccess: return Text(en: "the long token as an access token", zh: "把\(.longToken)当\(.accessToken)用")
        }
    }

    /// The rule that refused it, from the server's answer: its own words in English; in
    /// Chinese, the rule its verifier named (the code in `error_description`).
    static func rule(_ answer: HTTPResponse) -> Text {
        let description = answer.body?["error_description"]?.stringValue ?? ""
        let english = description.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? description
        guard let open = description.firstIndex(of: "("), let close = description[open...].firstIndex(of: ")") else {
            // Refused before any rule was named: a token past its exp (checked after the
            // signature, so only a genuinely signed one), or none at all.
            switch answer.errorCode {
            case "token_expired": return Text(en: "\(english)", zh: "\(.token)已过期（exp 已过）")
            case "token_missing": return Text(en: "\(english)", zh: "请求没带\(.token)")
            default: return Text(en: "\(english)", zh: "\(english)")
            }
        }
        let code = String(description[description.index(after: open)..<close])
        return Text(en: "\(english)", zh: "\(JWTRule.zh(code: code) ?? english)")
    }
}

enum RefreshPolicyStory {
    static func text(_ policy: RefreshPolicy) -> Text {
        switch policy {
        case .reuse: return Text(en: "a new short token, the same long token", zh: "换新的\(.shortToken)，\(.longToken)不变")
        case .rotate: return Text(en: "a new long token every time; reusing one revokes the family", zh: "每次都换新的\(.longToken)；重复使用旧的会\(.revoke)整个家族")
        case .sliding: return Text(en: "a new long token when its life runs low", zh: "\(.longToken)快到期时才换新的")
        }
    }
}

/// The client's login state (the seed's 登录状态), as the header shows it.
enum ClientStateStory {
    static func text(_ state: ClientState) -> Text {
        switch state {
        case .loggedOut: return Text(en: "logged out", zh: "未登录")
        case .loggedIn: return Text(en: "logged in", zh: "已登录")
        case .loginRequired: return Text(en: "login required", zh: "需要重新登录")
        }
    }
}
