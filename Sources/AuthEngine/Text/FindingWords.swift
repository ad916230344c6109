// The words in Chinese for what the verifiers and the ID-token rules find: the playground's
// screens and the pages live mode serves read them from here (English is each finding's
// own `description`). Terms come from the glossary.

/// A verifier's rule by its code (`JWTError.code`), in Chinese.
public enum JWTRule {
    public static func zh(code: String) -> String? {
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

extension SignatureFailure {
    /// Why the signature could not be verified, in Chinese.
    public var zh: String {
        switch self {
        case .notCompact: return "不是紧凑 JWS"
        case .noKey(.unknownKID(let kid, let fetchedAt, let retryIn)):
            let which = kid.map { "kid " + PlatformKeyRing.short($0) } ?? "没有 kid（且不止一把\(Term.key.zh)）"
            let copy = fetchedAt.map { "不在 \($0.timeOfDay) 取得的 JWKS 里" } ?? "不在 JWKS 里（还没取过）"
            return "\(which) \(copy)" + (retryIn.map { "；冷却中，\($0) 内不再重新获取" } ?? "")
        case .noKey(.fetchFailed(let status)): return "取不到 JWKS（\(status)）"
        case .rejected(let error): return JWTRule.zh(code: error.code) ?? error.description
        }
    }
}

extension IDTokenFinding {
    /// What the rule saw, in Chinese, with the same values as the English.
    public var zh: String {
        switch self {
        case .missing: return "缺失"
        case .verifies(let kid, let alg): return "用 JWKS 里的\(Term.key.zh) \(kid)（\(alg.rawValue)）验证通过"
        case .signatureRefused(let failure): return "\(Term.signature.zh)无法验证：" + failure.zh
        case .issuerIsThePlatform: return "是这个\(Term.platform.zh)"
        case .issuer(let iss, let expected): return "签发方\(iss.map { "是 " + $0 } ?? "缺失")，不是这个\(Term.platform.zh)（\(expected)）"
        case .audienceNamesThisApp: return "是这个\(Term.app.zh)"
        case .audiences(let audiences, let expected):
            return "受众\(audiences.isEmpty ? "缺失" : "是 " + audiences.joined(separator: ","))，不是这个\(Term.app.zh)（\(expected)）"
        case .validUntil(let at): return "有效至 \(at.timeOfDay)"
        case .expired(let at, let ago): return "已于 \(at.timeOfDay) \(Term.expiry.zh)（\(ago) 前）"
        case .issuedAgo(let ago): return "\(ago) 前签发"
        case .issuedInTheFuture: return "签发时间在未来"
        case .issuedTooLongAgo(let ago, let limit): return "\(ago) 前签发，不在 \(limit) 以内"
        case .nonceIsThisSessions: return "是本次\(Term.session.zh)发出的那个"
        case .nonceReplayed: return "不是本次\(Term.session.zh)发出的 nonce：被重放的 \(Term.idToken.zh)"
        case .noNonceSentNoneBack: return "没有发出，也没有带回"
        case .nonceUnasked: return "带着 nonce，但本次\(Term.session.zh)没有发出"
        case .bindsTheAccessToken: return "绑定了一起签发的\(Term.accessToken.zh)"
        case .accessTokenSwapped: return "与\(Term.accessToken.zh)不匹配：\(Term.token.zh)被调包"
        }
    }
}

extension IDTokenCheck {
    /// The finding in Chinese, safe to print on a terminal.
    public var detailInChinese: String { TerminalSafe.text(finding.zh) }
}
