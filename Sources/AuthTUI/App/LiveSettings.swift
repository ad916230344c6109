import AuthEngine

/// One row of the settings overlay (`,`): a `config` key of the token flow, changed while
/// the clock runs. A change runs its `config` line through the session (so a recording
/// holds it) and the narration says what it changes, read back from the world.
enum LiveSetting: CaseIterable {
    case shortTTL, longTTL, refreshPolicy, algorithm, singleFlight, proactiveRefresh, leeway, clientSkew, latency, timeout

    var label: Text {
        switch self {
        case .shortTTL: return Text(en: "short token lifetime", zh: "\(.shortToken)有效期")
        case .longTTL: return Text(en: "long token lifetime", zh: "\(.longToken)有效期")
        case .refreshPolicy: return Text(en: "refresh policy", zh: "\(.refresh)策略")
        case .algorithm: return Text(en: "signing algorithm", zh: "\(.signature)算法")
        case .singleFlight: return Text(en: "single-flight refresh", zh: "合并\(.refresh)")
        case .proactiveRefresh: return Text(en: "proactive refresh", zh: "提前\(.refresh)")
        case .leeway: return Text(en: "server leeway", zh: "\(.server)容差")
        case .clientSkew: return Text(en: "client clock skew", zh: "\(.client)时钟偏差")
        case .latency: return Text(en: "network latency", zh: "网络延迟")
        case .timeout: return Text(en: "client timeout", zh: "\(.client)超时")
        }
    }

    /// The values ← → step through (the world's own value may lie between them).
    private var presets: [Span] {
        switch self {
        case .shortTTL: return [.seconds(30), .minutes(1), .minutes(2), .minutes(5), .minutes(10), .minutes(15), .minutes(30), .hours(1)]
        case .longTTL: return [.minutes(5), .minutes(30), .hours(1), .hours(12), .days(1), .days(7), .days(30)]
        case .proactiveRefresh: return [.seconds(10), .seconds(30), .minutes(1), .minutes(2), .minutes(5)]
        case .leeway: return [.zero, .seconds(5), .seconds(30), .minutes(1), .minutes(2), .minutes(5)]
        case .clientSkew: return [.minutes(-5), .minutes(-2), .seconds(-30), .zero, .seconds(30), .minutes(2), .minutes(5)]
        case .latency: return [.zero, .milliseconds(10), .milliseconds(40), .milliseconds(100), .milliseconds(250), .seconds(1), .seconds(5)]
        case .timeout: return [.seconds(1), .seconds(5), .seconds(10), .seconds(30), .minutes(1)]
        case .refreshPolicy, .singleFlight, .algorithm: return []
        }
    }

    /// The world's setting now, as its `config` line.
    func current(in world: Simulation) -> ConfigSetting {
        switch self {
        case .shortTTL: return .shortTTL(world.server.policy.shortLifetime)
        case .longTTL: return .longTTL(world.server.policy.longLifetime)
        case .refreshPolicy: return .refreshPolicy(world.server.policy.refreshPolicy)
        case .algorithm: return .algorithm(world.server.policy.algorithm)
        case .singleFlight: return .singleFlight(world.client.settings.singleFlight)
        case .proactiveRefresh: return .proactiveRefresh(world.client.settings.proactiveRefresh)
        case .leeway: return .leeway(world.server.policy.leeway)
        case .clientSkew: return .clientSkew(world.client.settings.clockSkew)
        case .latency: return .latency(world.network.latency)
        case .timeout: return .timeout(world.client.settings.timeout)
        }
    }

    /// The value as the script writes it (`15m`, `rotate`, `off`).
    func value(in world: Simulation) -> String {
        ScenarioPrinter.line(.config(current(in: world))).split(separator: " ").dropFirst(2).joined(separator: " ")
    }

    /// The setting one step up (`direction` > 0) or down from the world's; nil at an end.
    func stepped(_ direction: Int, in world: Simulation) -> ConfigSetting? {
        func next(_ value: Span) -> Span? {
            direction > 0 ? presets.first { $0 > value } : presets.last { $0 < value }
        }
        switch current(in: world) {
        case .shortTTL(let v): return next(v).map { .shortTTL($0) }
        case .longTTL(let v): return next(v).map { .longTTL($0) }
        case .leeway(let v): return next(v).map { .leeway($0) }
        case .clientSkew(let v): return next(v).map { .clientSkew($0) }
        case .latency(let v): return next(v).map { .latency($0) }
        case .timeout(let v): return next(v).map { .timeout($0) }
        case .refreshPolicy(let p): return .refreshPolicy(Self.cycled(p, direction))
        case .singleFlight(let on): return .singleFlight(!on)
        case .algorithm(let a): return .algorithm(Self.cycled(a, direction))
        case .proactiveRefresh(let margin):
            // Off sits below the smallest margin.
            guard let margin else { return direction > 0 ? .proactiveRefresh(presets.first) : nil }
            if direction < 0, margin <= presets[0] { return .proactiveRefresh(nil) }
            return next(margin).map { .proactiveRefresh($0) }
        default: return nil
        }
    }

    /// The next (or, `direction` < 0, the previous) case, wrapping around.
    private static func cycled<T: CaseIterable & Equatable>(_ value: T, _ direction: Int) -> T where T.AllCases == [T] {
        let all = T.allCases
        return all[(all.firstIndex(of: value)! + (direction > 0 ? 1 : all.count - 1)) % all.count]
    }

    /// What the world now does differently, read back from it after the change.
    func consequence(in world: Simulation) -> Text {
        let value = value(in: world)
        func held(_ token: HeldToken?, _ term: Term) -> Text {
            token.map { Text(en: "; the \(term) held keeps its exp (\($0.expiresAt.timeOfDay.prefix(8)))",
                             zh: "；已持有的\(term)保留原来的 exp（\($0.expiresAt.timeOfDay.prefix(8))）") } ?? .empty
        }
        switch self {
        case .shortTTL:
            return Text(en: "short tokens issued from now on live \(value)\(held(world.client.short, .shortToken))",
                        zh: "从现在起签发的\(.shortToken)有效期为 \(value)\(held(world.client.short, .shortToken))")
        case .longTTL:
            return Text(en: "long tokens issued from now on live \(value)\(held(world.client.long, .longToken))",
                        zh: "从现在起签发的\(.longToken)有效期为 \(value)\(held(world.client.long, .longToken))")
        case .refreshPolicy:
            switch world.server.policy.refreshPolicy {
            case .reuse: return Text(en: "a refresh returns a new short token and the same long token",
                                     zh: "\(.refresh)返回新的\(.shortToken)和原来的\(.longToken)")
            case .rotate: return Text(en: "every refresh returns a new long token; presenting a used one revokes the whole login",
                                      zh: "每次\(.refresh)都返回新的\(.longToken)；出示用过的旧\(.longToken)会\(.revoke)整个登录")
            case .sliding:
                let percent = Int((world.server.policy.renewWindow * 100).rounded())
                return Text(en: "a refresh returns a new long token only when less than \(percent)% of the old one's life is left",
                            zh: "只有旧\(.longToken)剩余寿命不到 \(percent)% 时，\(.refresh)才返回新的\(.longToken)")
            }
        case .algorithm:
            let key = world.server.key
            return key.algorithm == .hs256
                ? Text(en: "signed with the shared secret: whoever can verify can also forge; earlier tokens no longer verify",
                       zh: "用共享密钥\(.signature)：能验证的人也能伪造；之前的\(.token)不再能通过验证")
                : Text(en: "signed with a private key, verified with the public one (authtui keys --alg \(key.algorithm.keyword)); earlier tokens no longer verify",
                       zh: "用私钥\(.signature)、公钥验证（authtui keys --alg \(key.algorithm.keyword)）；之前的\(.token)不再能通过验证")
        case .singleFlight:
            return world.client.settings.singleFlight
                ? Text(en: "concurrent 401s share one refresh; the others wait for it", zh: "并发的 401 共用一次\(.refresh)；其余的等它完成")
                : Text(en: "each 401 starts its own refresh (under rotate they race and can log the user out)",
                       zh: "每个 401 各自发起\(.refresh)（在 rotate 策略下它们互相竞争，可能把\(.user)登出）")
        case .proactiveRefresh:
            return world.client.settings.proactiveRefresh.map {
                Text(en: "the client refreshes before sending once its short token has less than \($0) left (by its own clock)",
                     zh: "\(.shortToken)剩余不到 \($0) 时（按\(.client)自己的时钟），\(.client)在发送前先\(.refresh)") }
                ?? Text(en: "the client refreshes only after a 401 token_expired", zh: "\(.client)只在收到 401 token_expired 之后才\(.refresh)")
        case .leeway:
            let leeway = world.server.policy.leeway
            return leeway == .zero
                ? Text(en: "the server refuses a token from the millisecond it expires", zh: "\(.token)过期的那一毫秒起，\(.server)就拒绝它")
                : Text(en: "the server still accepts a token up to \(leeway) past its exp (and iat \(leeway) early)",
                       zh: "\(.token)超过 exp \(leeway) 以内（以及 iat 早 \(leeway) 以内），\(.server)仍然接受")
        case .clientSkew:
            let skew = world.client.settings.clockSkew
            if skew == .zero { return Text(en: "the client's clock agrees with the server's", zh: "\(.client)的时钟与\(.server)一致") }
            return skew.milliseconds > 0
                ? Text(en: "the client's clock reads \(skew) ahead of the server's; the server judges exp by its own",
                       zh: "\(.client)的时钟比\(.server)快 \(skew)；\(.server)按自己的时钟判断 exp")
                : Text(en: "the client's clock reads \(-skew) behind the server's; the server judges exp by its own",
                       zh: "\(.client)的时钟比\(.server)慢 \(-skew)；\(.server)按自己的时钟判断 exp")
        case .latency:
            let latency = world.network.latency
            return Text(en: "each message now takes \(latency) each way: a request and its answer \(latency * 2)",
                        zh: "每条消息单程耗时 \(latency)：一次请求加响应共 \(latency * 2)")
        case .timeout:
            return Text(en: "the client gives up on an answer after \(world.client.settings.timeout)",
                        zh: "\(.client)等待响应 \(world.client.settings.timeout) 后放弃")
        }
    }
}
