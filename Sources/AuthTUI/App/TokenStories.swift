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

/// A verifier's rule by its code (`JWTError.code`), in Chinese.
enum JWTRule {
    static func zh(code: String) -> String? {
        switch code {
        case "malformed": return "紧凑 JWS 必须恰好有 3 段"
        case "bad_base64url": return "不是严格的无填充 base64url"
        case "bad_json": return "不是合法的 JSON 对象"
        case "missing_alg": return "头部没有 \"alg\""
        case "alg_none": return "\"alg\": \"none\" 永远不被接受"
        case "alg_mismatch": return "头部声明的算法与\(Term.key.zh)的算法不符：公钥不能当 HMAC 密钥用"
        case "unknown_kid": return "没有这个 kid 的\(Term.key.zh)"
        case "missing_kid": return "配置了多个\(Term.key.zh)，头部却没有 kid"
        case "bad_signature": return "\(Term.signature.zh)验证不通过"
        case "bad_header": return "头部成员的类型不对"
        case "unknown_crit": return "头部把不认识的扩展标为 crit（RFC 7515 §4.1.11）"
        case "key_in_header": return "头部自带\(Term.key.zh)：\(Term.key.zh)只能来自\(Term.server.zh)自己的\(Term.key.zh)集（RFC 8725 §3.10）"
        case "time_out_of_range": return "时间声明超出 0001–9999 年"
        case "expired": return "已\(Term.expiry.zh)"
        case "not_yet_valid": return "尚未生效（nbf）"
        case "iat_in_future": return "签发时间在未来（iat）"
        case "invalid_claim": return "\(Term.claims.zh)的类型不对"
        case "wrong_iss": return "签发方（iss）不对"
        case "wrong_aud": return "受众（aud）不对"
        case "wrong_typ": return "typ 不对：它不是\(Term.accessToken.zh)"
        default: return nil
        }
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
