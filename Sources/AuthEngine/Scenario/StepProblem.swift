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
    /// The step did not finish within the settle limit of virtual time.
    case unfinished(source: String, limit: Span)
    /// The world's clock has halted (a runaway instant): only `reset` acts.
    case halted(reason: String)
    /// Anything else, in the engine's words.
    case other(String)

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
        case .unfinished(let source, let limit): return "'\(source)' did not finish within \(limit) of virtual time"
        case .halted(let reason): return reason + ": reset starts a fresh world"
        case .other(let message): return message
        }
    }
}
