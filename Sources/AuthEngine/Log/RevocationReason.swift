/// Why a login (a token family, an OAuth grant) was revoked, as a value the transcript
/// prints in English and the playground words in its reader's language.
public enum RevocationReason: Hashable, Sendable, CustomStringConvertible {
    case reuseDetected
    case logout
    case forcedLogout
    case administrator
    case codeReplayed(firstUsed: Instant)
    case refreshTokenReplayed
    case revokedByClient(String)

    public var description: String {
        switch self {
        case .reuseDetected: return "reuse detected: an already-used long token was presented"
        case .logout: return "logout"
        case .forcedLogout: return "forced logout"
        case .administrator: return "revoked by an administrator"
        case .codeReplayed(let first): return "authorization code presented again (first used \(first.iso8601)): tokens issued from it revoked"
        case .refreshTokenReplayed: return "refresh token replayed under rotation: the grant is revoked"
        case .revokedByClient(let client): return "revoked by \(client) (RFC 7009): the grant and its access tokens"
        }
    }
}
