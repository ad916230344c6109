/// Every long token descended from one login. Rotation's reuse detection and
/// logout both act on the family, not on a single token.
struct RefreshFamily {
    let id: String
    let userID: String
    /// When the login happened (its absolute lifetime counts from here).
    var loggedInAt: Instant
    /// The long token that may be used next under rotation.
    var currentJTI: String
    /// Long tokens already exchanged under rotation, with when they were first used.
    var used: [String: Instant] = [:]
    var revokedBecause: RevocationReason?
}
