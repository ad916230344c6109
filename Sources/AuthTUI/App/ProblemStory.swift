import AuthEngine

/// A step that could not run, in the reader's language: the interpreter's English (as a
/// transcript prints it) and its Chinese. Every problem is a value with both: there is no
/// English-only fallback.
enum ProblemStory {
    /// `keysOn`: the tab of the key that ran into it. What to do first is then the key that
    /// does it (`press s`), where the script's words (`use 'steal long' first`) would
    /// mean nothing; without it (a script line), the script's words.
    static func text(_ problem: StepProblem, keysOn tab: Tab? = nil) -> Text {
        if let tab, let keyed = remedyByKey(problem, on: tab) { return keyed }
        let english = problem.description
        func both(_ zh: Phrase) -> Text { Text(en: "\(english)", zh: zh) }
        switch problem {
        case .clientHoldsNo(let kind, let verb):
            let token = LogPanel.kindName(kind, compact: false)
            let action: Text
            switch verb {
            case .expire: action = Text(en: "expire", zh: "让它过期")
            case .revoke: action = Text(en: "revoke", zh: "\(.revoke)")
            case .steal: action = Text(en: "steal", zh: "偷")
            case .tamper: action = Text(en: "tamper with", zh: "篡改")
            }
            return both("\(.client)没有持有\(token)，无法\(action)")
        case .noneStillValid(let kind): return both("至今签发的\(LogPanel.kindName(kind, compact: false))都已失效")
        case .userExists(let name): return both("用户 \(name) 已存在")
        case .noUser(let name): return both("没有名为 \(name) 的用户")
        case .liveClockFollowsWallTime:
            return both("实时模式下时钟跟随真实时间（真实\(.client)用自己的时钟检查\(.token)）：用 x / X（expire short、expire long）让\(.server)把\(.token)判为过期（--shifted-time 才允许跳跃）")
        case .attackerHoldsNoLongToken: return both("\(.attacker)没有\(.longToken)（先偷 \(.longToken)）")
        case .attackerStoleNoShortToken: return both("\(.attacker)还没偷到\(.shortToken)")
        case .attackerStoleNothing: return both("\(.attacker)还什么都没偷到")
        case .confusionNeedsPublicKey: return both("算法混淆需要使用公钥的签发方（config alg rs256、es256 或 eddsa）")
        case .noDeviceCode: return both("还没有\(.deviceCode)")
        case .noPreAuthCode: return both("还没有 pre_auth_code")
        case .noAuthorizationLink: return both("还没有授权链接")
        case .notAuthorized(let appID): return both("\(appID) 还没有授权给\(.thirdPartyPlatform)")
        case .noAuthorizer: return both("还没有授权方")
        case .noAppRegistered: return both("还没有注册\(.app)")
        case .noConsentPage: return both("没有打开的\(.consent)")
        case .appHoldsNoRefreshToken: return both("\(.app)还没有\(.refreshToken)")
        case .appHoldsNoAccessToken: return both("\(.app)还没有\(.accessToken)（先执行 oauth exchange）")
        case .unfinished(let source, let limit): return both("'\(source)' 在 \(limit) 的虚拟时间内没有完成")
        case .clockHalted(let report): return halt(report)
        case .halted(let report): return both("\(halt(report))：重置会开始一个全新的世界")
        case .clockLimit(let source): return both("'\(source)'：时钟不能超过 \(Instant.latest.iso8601)")
        case .trafficWouldPile(let every, let timeout, let pending):
            return both("每 \(every) 一次、超时 \(timeout) 的流量会让多达 \(pending) 个请求同时等待（上限 \(ScenarioRunner.maximumPendingRequests)）：降低频率，或调低 config timeout")
        case .keyRing(.noMoreKeys(let alg, let count)):
            return both("\(.platform)已没有可发布的 \(alg.rawValue) \(.key)（RSA \(.key)来自 RFC 里印出的 \(count) 把；config oauth_alg es256 或 eddsa 可以无限轮换）")
        case .keyRing(.nothingNewToSign(let kid)):
            return both("最新发布的\(.key)（\(PlatformKeyRing.short(kid))）已经在\(.signature)：先发布一把新的（oauth key publish）")
        case .keyRing(.nothingToRetire): return both("没有可停用的\(.key)：只发布了正在\(.signature)的那一把")
        case .noIDToken: return both("\(.app)没有 \(.idToken)（先用 scopes=openid,… 注册并\(.login)）")
        }
    }

    /// The problems a key can run into whose way out is another key, worded with that key.
    static func remedyByKey(_ problem: StepProblem, on tab: Tab) -> Text? {
        func press(_ actions: AppAction...) -> Text? { Keymap.press(actions, on: tab) }
        switch problem {
        case .attackerHoldsNoLongToken:
            return press(.steal).map { Text(en: "the attacker holds no long token (press \($0) to steal it first)", zh: "\(.attacker)没有\(.longToken)（先按 \($0) 偷走它）") }
        case .attackerStoleNothing:
            return press(.steal).map { Text(en: "the attacker has stolen nothing yet (press \($0) to steal the long token first)",
                                            zh: "\(.attacker)还什么都没偷到（先按 \($0) 偷走\(.longToken)）") }
        case .attackerStoleNoShortToken:
            return press(.stealShort).map { Text(en: "the attacker has stolen no short token yet (press \($0) to steal it first)",
                                                 zh: "\(.attacker)还没偷到\(.shortToken)（先按 \($0) 偷走它）") }
        case .confusionNeedsPublicKey:
            return press(.showSettings).map { Text(en: "the confusion needs a public-key issuer: choose RS256, ES256 or EdDSA as the signing algorithm in the settings (\($0))",
                                                   zh: "算法混淆需要使用公钥的签发方：在设置（\($0)）里把\(.signature)算法选为 RS256、ES256 或 EdDSA") }
        case .keyRing(.nothingNewToSign(let kid)):
            return press(.oauthKey(.publish)).map { Text(en: "the newest published key (\(PlatformKeyRing.short(kid))) already signs: publish a new one first (\($0))",
                                                         zh: "最新发布的\(.key)（\(PlatformKeyRing.short(kid))）已经在\(.signature)：先发布一把新的（按 \($0)）") }
        case .liveClockFollowsWallTime:
            return press(.expire(.short), .expire(.long)).map {
                Text(en: "in live mode the clock follows wall time (real clients check tokens against their own clocks): \($0) makes the server judge tokens expired instead (--shifted-time allows jumps)",
                     zh: "实时模式下时钟跟随真实时间（真实\(.client)用自己的时钟检查\(.token)）：按 \($0) 让\(.server)把\(.token)判为过期（--shifted-time 才允许跳跃）") }
        case .appHoldsNoAccessToken:
            return press(.oauthNext).map { Text(en: "the app holds no access token yet (press \($0) until the code is exchanged)",
                                                zh: "\(.app)还没有\(.accessToken)（一直按 \($0)，直到\(.authorizationCode)换成\(.token)）") }
        case .noDeviceCode:
            return press(.deviceNext).map { Text(en: "no device code yet (press \($0) first)", zh: "还没有\(.deviceCode)（先按 \($0)）") }
        default:
            return nil
        }
    }

    /// Why the clock stopped for good; the line that repeated is the log's own (a wire line).
    static func halt(_ report: HaltReport) -> Text {
        let what: Phrase = report.repeated.map { "；重复的是：\($0)" } ?? ""
        switch report.halt {
        case .runaway(let at):
            return Text(en: "\(report.description)", zh: "失控：\(at.iso8601) 这一刻发生了超过 \(VirtualClock.runawayLimit) 个事件，时间却没有前进\(what)（世界已停止）")
        case .budgetExhausted(let events):
            return Text(en: "\(report.description)", zh: "这次运行用完了 \(events) 个事件的预算\(what)（世界已停止）")
        }
    }
}
