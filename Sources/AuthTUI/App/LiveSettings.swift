import AuthEngine

/// One row of the settings overlay (`,`): a `config` key of the token flow, changed while
/// the clock runs. A change runs its `config` line through the session (so a recording
/// holds it) and the narration says what it changes, read back from the world.
enum LiveSetting: CaseIterable {
    case shortTTL, longTTL, refreshPolicy, algorithm, singleFlight, proactiveRefresh, leeway, clientSkew, latency, timeout

    var label: String {
        switch self {
        case .shortTTL: return "short token lifetime"
        case .longTTL: return "long token lifetime"
        case .refreshPolicy: return "refresh policy"
        case .algorithm: return "signing algorithm"
        case .singleFlight: return "single-flight refresh"
        case .proactiveRefresh: return "proactive refresh"
        case .leeway: return "server leeway"
        case .clientSkew: return "client clock skew"
        case .latency: return "network latency"
        case .timeout: return "client timeout"
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
    func consequence(in world: Simulation) -> String {
        let value = value(in: world)
        func held(_ token: HeldToken?, _ kind: String) -> String {
            token.map { "; the \(kind) token held keeps its exp (\($0.expiresAt.timeOfDay.prefix(8)))" } ?? ""
        }
        switch self {
        case .shortTTL:
            return "short tokens issued from now on live \(value)" + held(world.client.short, "short")
        case .longTTL:
            return "long tokens issued from now on live \(value)" + held(world.client.long, "long")
        case .refreshPolicy:
            switch world.server.policy.refreshPolicy {
            case .reuse: return "a refresh returns a new short token and the same long token"
            case .rotate: return "every refresh returns a new long token; presenting a used one revokes the whole login"
            case .sliding: return "a refresh returns a new long token only when less than \(Int((world.server.policy.renewWindow * 100).rounded()))% of the old one's life is left"
            }
        case .algorithm:
            let key = world.server.key
            return key.algorithm == .hs256
                ? "signed with the shared secret: whoever can verify can also forge; earlier tokens no longer verify"
                : "signed with a private key, verified with the public one (authtui keys --alg \(key.algorithm.keyword)); earlier tokens no longer verify"
        case .singleFlight:
            return world.client.settings.singleFlight
                ? "concurrent 401s share one refresh; the others wait for it"
                : "each 401 starts its own refresh (under rotate they race and can log the user out)"
        case .proactiveRefresh:
            return world.client.settings.proactiveRefresh.map { "the client refreshes before sending once its short token has less than \($0) left (by its own clock)" }
                ?? "the client refreshes only after a 401 token_expired"
        case .leeway:
            let leeway = world.server.policy.leeway
            return leeway == .zero
                ? "the server refuses a token from the millisecond it expires"
                : "the server still accepts a token up to \(leeway) past its exp (and iat \(leeway) early)"
        case .clientSkew:
            let skew = world.client.settings.clockSkew
            return skew == .zero ? "the client's clock agrees with the server's"
                : "the client's clock reads \(skew.milliseconds > 0 ? "\(skew) ahead of" : "\(-skew) behind") the server's; the server judges exp by its own"
        case .latency:
            let latency = world.network.latency
            return "each message now takes \(latency) each way: a request and its answer \(latency * 2)"
        case .timeout:
            return "the client gives up on an answer after \(world.client.settings.timeout)"
        }
    }
}
