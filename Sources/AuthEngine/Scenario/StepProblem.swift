/// Why a step could not be carried out, as a value: the transcript prints its English
/// `description` (the scripts' language), and the playground words it in the reader's.
public enum StepProblem: Hashable, Sendable, CustomStringConvertible {
    /// What a step wanted to do with a token the client does not hold.
    public enum TokenAction: String, Hashable, Sendable {
        case expire, revoke, steal, tamper = "tamper with"
    }

    /// The client holds no token of this kind to act on.
    case clientHoldsNo(TokenKind, verb: TokenAction)
    case noneStillValid(TokenKind)
    case userExists(String)
    case noUser(String)
    /// A jump in live mode, where the clock follows wall time.
    case liveClockFollowsWallTime
    case attackerHoldsNoLongToken
    case attackerStoleNoShortToken
    case attackerStoleNothing
    case confusionNeedsPublicKey
    case noDeviceCode
    case noPreAuthCode
    case noAuthorizationLink
    case notAuthorized(appID: String)
    case noAuthorizer
    case noAppRegistered
    case noConsentPage
    case appHoldsNoRefreshToken
    case appHoldsNoAccessToken
    /// The step did not finish within the settle limit of virtual time.
    case unfinished(source: String, limit: Span)
    /// The clock halted during the step (a runaway instant, the event budget spent).
    case clockHalted(HaltReport)
    /// The world's clock had halted before: only `reset` acts.
    case halted(HaltReport)
    /// A jump or wait past the last instant the clock can show.
    case clockLimit(source: String)
    /// Traffic this dense would keep more requests waiting than memory allows.
    case trafficWouldPile(every: Span, timeout: Span, pending: Int64)
    /// A key rotation step the platform's key ring refuses.
    case keyRing(PlatformKeyRing.Problem)
    /// An ID-token check with no ID token in the app.
    case noIDToken

    public var description: String {
        switch self {
        case .clientHoldsNo(let kind, let verb): return "the client holds no \(kind.rawValue) token to \(verb.rawValue)"
        case .noneStillValid(let kind): return "no \(kind.rawValue) token issued so far is still valid"
        case .userExists(let name): return "user \(name) already exists"
        case .noUser(let name): return "no user named \(name)"
        case .liveClockFollowsWallTime:
            return "in live mode the clock follows wall time (real clients check tokens against their own clocks): 'expire short' or 'expire long' makes the server judge tokens expired instead (--shifted-time allows jumps)"
        case .attackerHoldsNoLongToken: return "the attacker holds no long token (use 'steal long' first)"
        case .attackerStoleNoShortToken: return "the attacker has stolen no short token yet (use 'steal short' first)"
        case .attackerStoleNothing: return "the attacker has stolen nothing yet (use 'steal long' first)"
        case .confusionNeedsPublicKey: return "the confusion needs a public-key issuer (config alg rs256, es256 or eddsa)"
        case .noDeviceCode: return "no device code yet (use 'device start' first)"
        case .noPreAuthCode: return "no pre_auth_code yet (use 'wechat preauthcode' first)"
        case .noAuthorizationLink: return "no authorization link yet (use 'wechat preauthcode' first)"
        case .notAuthorized(let appID): return "\(appID) has not authorized the component"
        case .noAuthorizer: return "no authorizer yet (use 'wechat query_auth' first)"
        case .noAppRegistered: return "no app is registered yet (use 'oauth register' first)"
        case .noConsentPage: return "no consent page is open (use 'oauth authorize' first)"
        case .appHoldsNoRefreshToken: return "the app holds no refresh token yet"
        case .appHoldsNoAccessToken: return "the app holds no access token yet (use 'oauth exchange' first)"
        case .unfinished(let source, let limit): return "'\(source)' did not finish within \(limit) of virtual time"
        case .clockHalted(let report): return report.description
        case .halted(let report): return report.description + ": reset starts a fresh world"
        case .clockLimit(let source): return "\(source): \(Simulation.TimeLimit())"
        case .trafficWouldPile(let every, let timeout, let pending):
            return "traffic every \(every) with a \(timeout) timeout keeps up to \(pending) requests waiting (at most \(ScenarioRunner.maximumPendingRequests)): send less often or lower config timeout"
        case .keyRing(let problem): return problem.description
        case .noIDToken: return "the app holds no ID token (register with scopes=openid,… and sign in first)"
        }
    }
}

/// Why the world's clock stopped for good, with the log line that repeated most just
/// before (what kept the instant from moving on).
public struct HaltReport: Hashable, Sendable, CustomStringConvertible {
    public let halt: VirtualClock.Halt
    /// The log's own words for it, as the transcript prints them; nil with an empty log.
    public let repeated: String?

    public var description: String {
        let what = repeated.map { "; what repeats: \($0)" } ?? ""
        switch halt {
        case .runaway(let at):
            return "runaway: over \(VirtualClock.runawayLimit) events at \(at.iso8601) without time moving on\(what) (the world is stopped)"
        case .budgetExhausted(let events):
            return "the run used its budget of \(events) events\(what) (the world is stopped)"
        }
    }
}
