/// What `POST /auth/refresh` does with the long token it is given.
public enum RefreshPolicy: String, CaseIterable, Sendable {
    /// The seed's scheme: a new short token; the same long token while it is valid.
    case reuse
    /// A new long token every time; presenting one already used revokes the whole
    /// family (reuse detection, RFC 9700 §4.14.2, OAuth 2.1).
    case rotate
    /// A new long token only when less than the renew window of its life is left.
    case sliding

    public var next: RefreshPolicy {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}
