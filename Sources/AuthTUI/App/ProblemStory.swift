import AuthEngine

/// A step that could not run, in the reader's language: the interpreter's English (as a
/// transcript prints it) and its Chinese. Every problem is a value with both: there is no
/// English-only fallback.
enum ProblemStory {
    static func text(_ problem: StepProblem) -> Text {
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
