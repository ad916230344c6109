import AuthEngine

/// A log note (`·` line) in the reader's language: the engine's English, as the transcript
/// prints it, and Chinese worded from the same values.
enum NoteStory {
    private static func kind(_ kind: TokenKind) -> Text { LogPanel.kindName(kind, compact: false) }

    /// A piece of a note's Chinese, worded on its own.
    private static func piece(_ phrase: Phrase) -> String { phrase.rendered(in: .zh) }

    static func text(_ note: LogNote) -> Text {
        // Rendered once each: the log draws notes on every frame.
        func zh(_ phrase: Phrase) -> Text { Text(en: "\(note.description)", zh: phrase) }
        switch note {
        case .serverSigns(let alg, let kid): return zh("\(.server)现在用 \(alg) \(.signature)（kid \(kid)）：之前签发的\(.token)不再能通过验证")
        case .reuseHonoured(let grace): return zh("在 \(grace) 宽限期内重复使用已用过的\(.longToken)：照常接受")
        case .judgedExpired(let count, let k): return zh("\(.server)现在把至今签发的 \(count) 个\(kind(k))判为过期；时钟仍跟随真实时间")
        case .platformJudgedExpired(let count): return zh("\(.platform)现在把至今签发的 \(count) 个\(.accessToken)判为过期（它的 API 和内省都如此）；时钟仍跟随真实时间")
        case .trafficOn(let method, let path, let every): return zh("后台流量：每 \(every) 一次 \(method) \(path)")
        case .trafficOff: return zh("后台流量已关闭")
        case .profileChanged(let username, let changes): return zh("\(.server)端修改了 \(username) 的资料：\(changes)；已签发的\(.shortToken)仍带着旧的\(.claims)")
        case .shortTokenEdited(let changes): return zh("\(.client)改写了自己的\(.shortToken)：\(changes)（\(.signature)没变）")
        case .faultArmed(let lost): return lost ? zh("故障已设置：下一次\(.refresh)的响应会在返回途中丢失") : zh("故障已设置：下一次\(.refresh)会得到 500")
        case .attackerStoleLong(let token, let jti): return zh("\(.attacker)偷走了\(.longToken) \(token)（jti \(jti)）")
        case .attackerStoleShort(let token, let jti, let expires): return zh("\(.attacker)偷走了\(.shortToken) \(token)（jti \(jti)，\(expires.iso8601) 过期）")
        case .attackerForges(let forgery): return zh("\(.attacker)伪造\(.token)：\(ForgeryStory.attempt(forgery))")
        case .worldReset: return zh("已重置：全新的世界")
        case .userAdded(let name): return zh("已添加用户 \(name)")
        case .storeState(let name, let up): return up ? zh("\(name) 已恢复") : zh("\(name) 宕机：每条命令都失败")
        case .sessionClientState(let state): return zh("\(.session)\(.client)现在\(ClientStateStory.text(state))")
        case .serverKeepsSession(let server, let session): return zh("\(server) 把\(.session) \(session)… 保存在自己的内存里")
        case .forcedLogout(let username, let jwt, let denylist, let sessions):
            var parts: [String] = []
            if let jwt {
                parts.append(piece("JWT \(.longToken)家族\(jwt ? "已\(Term.revoke.zh)" : "未找到")，")
                             + (denylist ? piece("\(.shortToken)已加入黑名单") : piece("\(.shortToken)在 exp 之前依然有效")))
            }
            if let sessions { parts.append(piece("删除了 \(sessions) 个\(.session)")) }
            return zh("强制登出 \(username)：\(parts.joined(separator: "；"))")
        case .mode(let mode): return zh("模式 \(mode)")
        case .sessionsSetting(let setting): return zh("\(.session)设置：\(setting)")
        case .platformReset: return zh("\(.platform)已重置：全新的\(.platform)和\(.app)，尚未注册")
        case .platformSignsAtOnce(let alg, let kid): return zh("\(.platform)立即改用 \(alg)、kid \(kid) \(.signature)：它的 JWKS 只列出这一把\(.key)")
        case .keyPublished(let kid, let alg): return zh("\(.platform)在 JWKS 中发布了\(.key) \(kid)（\(alg)）；还没用它\(.signature)")
        case .keySigning(let kid, let ago, let maxAge, let previous):
            let known = !(ago < maxAge)
                ? piece("所以每个验证方的副本（最多保留 \(maxAge)）都有它")
                : piece("不到验证方保留副本的 \(maxAge)：有些验证方还不认识它")
            return zh("\(.platform)从现在起用\(.key) \(kid) \(.signature)；它发布于 \(ago) 之前，\(known)；\(previous) 仍然发布着")
        case .keyRetired(let kid, let until):
            let tokens = until.map { piece("它签发的\(.token)要到 \($0.timeOfDay) 才过期，验证方一重新获取 JWKS 就会失败") }
                ?? piece("它签发的\(.token)都已过期")
            return zh("\(.platform)从 JWKS 中撤下了\(.key) \(kid)；\(tokens)")
        case .appRegistered(let name, let appID, let redirects, let scopes, let isPublic, let pkce):
            let kind = isPublic ? piece("，公开\(.client)（没有密钥，必须用 PKCE）") : pkce ? piece("，必须用 PKCE") : ""
            return zh("\(.platform)注册了 \(name)：app_id \(appID)，\(.redirectURI) \(redirects.joined(separator: ","))，\(.scope) \(scopes.joined(separator: ","))\(kind)")
        case .codeIssued(let code, let client, let lifetime): return zh("\(.platform)为 \(client) 签发了\(.authorizationCode) \(code)…，有效 \(lifetime)，只能用一次")
        case .accessTokenRevoked(let jti, let client): return zh("\(.platform)应 \(client) 的请求\(.revoke)了\(.accessToken) \(jti)…")
        case .idTokenIssued(let client, let alg, let echoed): return zh("\(.platform)为 \(client) 签发了 \(.idToken)（\(alg)，nonce \(echoed ? "原样带回" : "没有")）")
        case .jwksFetch(let owner, let reason):
            let why: String
            switch reason {
            case .noCopy: why = piece("它还没有副本")
            case .copyTooOld(let age, let maxAge): why = piece("它的副本已存 \(age)（最长保留 \(maxAge)）")
            case .unknownKID(let kid): why = piece("\(kid.map { "kid " + $0 } ?? "没有 kid 的\(Term.token.zh)")不在它的副本里")
            }
            return zh("\(owner) 获取\(.platform)的 JWKS：\(why)")
        case .appRefusedIDToken(let subject, let failed):
            return zh("\(.app)拒绝了\(IDTokenStory.subject(subject))：✗ \(failed.rule) \(failed.detailInChinese)")
        case .appAcceptedIDToken(let subject, let rules):
            return zh("\(.app)接受了\(IDTokenStory.subject(subject))：\(rules.count) 项检查通过（\(rules.joined(separator: "、"))）")
        case .attackerReplaysIDToken(let nonce): return zh("\(.attacker)把\(.app)之前的 \(.idToken)重放到一次新的登录里（\(.session)的 nonce 现在是 \(nonce)…）")
        case .attackerOtherAppIDToken: return zh("\(.attacker)把\(.platform)为同一用户签发给别的\(.app)的 \(.idToken)交给这个\(.app)")
        case .attackerSwapsAccessToken: return zh("\(.attacker)把自己的\(.accessToken)调包放在\(.app)的 \(.idToken)旁边")
        case .kidSpraying(let refused, let count, let fetches, let cooldown):
            return zh("kid 喷洒：\(count) 个\(.token)中 \(refused) 个被拒绝；API 为它们获取了 \(fetches) 次 JWKS（冷却 \(cooldown)）")
        case .userCodeIssued(let code, let client, let lifetime, let interval):
            return zh("\(.platform)为 \(client) 签发了\(.userCode) \(code)：有效 \(lifetime)，每 \(interval) 轮询一次")
        case .deviceDecision(let username, let approved, let code): return zh("\(username) \(approved ? "批准" : "拒绝")了\(.deviceCode) \(code)")
        case .wechatReset: return zh("微信已重置：ticket 推送和续期计时器都已停止；下一步会开始一个全新的平台和\(.thirdPartyPlatform)")
        case .wechatRegistered(let appID, let every, let lifetime):
            return zh("微信开放平台：\(.thirdPartyPlatform) \(appID) 已创建；每 \(every) 推送一次 ticket，每张有效 \(lifetime)")
        case .wechatPushes(let on): return on ? zh("微信恢复向\(.thirdPartyPlatform)的回调地址推送 ticket") : zh("\(.thirdPartyPlatform)的回调地址坏了：微信的 ticket 推送再也到不了")
        case .componentForgets(let appID): return zh("\(.thirdPartyPlatform)删除了 \(appID)：商家撤回了授权")
        case .componentTokenRetry(let code): return zh("\(.thirdPartyPlatform)：component_access_token 得到 errcode \(code)：丢弃它，重试一次")
        case .authorizerTokenRetry(let code): return zh("\(.thirdPartyPlatform)：authorizer_access_token 得到 errcode \(code)：续期后重试一次")
        case .authorizationPage(let mobile, let url): return zh("授权页（\(mobile ? "手机端" : "电脑端")）：\(url)")
        case .wechatPush(let url, let encrypted, let outcome): return zh("微信推送到 \(url)\(encrypted ? "（加密）" : "") → \(outcome)")
        case .answeredAtDoor(let peer, let method, let path, let status, let error, let detail, let byDemoApp):
            // As a response line has it (`s→live 200 /auth/login`), the answer before the why:
            // a narrow log cuts the explanation, not the status or the path.
            let line = (byDemoApp ? "demo" : "door") + "→live \(status)" + (error.map { " " + $0 } ?? "") + " \(method) \(path)"
            let client = LogPanel.recipient(Party("peer " + peer))
            return byDemoApp
                ? Text(en: "\(line) (the demo app's page, for \(client))", zh: "\(line)（演示应用的页面，给 \(client)）")
                : Text(en: "\(line) (the front door answered \(client): no server saw it)\(detail.map { " — " + $0 } ?? "")",
                       zh: "\(line)（HTTP 入口直接回答了 \(client)：没有服务器见到它）\(detail.map { " —— " + $0 } ?? "")")
        }
    }
}

/// Why a login was revoked: the whole reason, and its first clause for a narrow log.
enum RevocationStory {
    static func text(_ reason: RevocationReason) -> (whole: Text, clause: Text) {
        let english = reason.description
        let clause = english.split(separator: ":").first.map(String.init) ?? english
        func both(_ whole: Phrase, _ short: Phrase) -> (Text, Text) { (Text(en: "\(english)", zh: whole), Text(en: "\(clause)", zh: short)) }
        switch reason {
        case .reuseDetected: return both("检测到重复使用：有人出示了已经用过的\(.longToken)", "检测到重复使用")
        case .logout: return both("\(.logout)", "\(.logout)")
        case .forcedLogout: return both("强制登出", "强制登出")
        case .administrator: return both("被管理员\(.revoke)", "被管理员\(.revoke)")
        case .codeReplayed(let first):
            return both("\(.authorizationCode)被再次出示（第一次使用于 \(first.iso8601)）：用它签发的\(.token)已\(.revoke)", "\(.authorizationCode)被再次出示")
        case .refreshTokenReplayed: return both("rotate 策略下\(.refreshToken)被重放：整个授权被\(.revoke)", "\(.refreshToken)被重放")
        case .revokedByClient(let client): return both("被 \(client) \(.revoke)（RFC 7009）：授权及其\(.accessToken)", "被 \(client) \(.revoke)（RFC 7009）")
        }
    }

    /// Whether the first clause already says who revoked it ("revoked by an administrator"),
    /// so a narrow log does not write "revoked: revoked by…".
    static func clauseSaysRevoked(_ reason: RevocationReason) -> Bool {
        switch reason {
        case .administrator, .revokedByClient: return true
        case .reuseDetected, .logout, .forcedLogout, .codeReplayed, .refreshTokenReplayed: return false
        }
    }
}
