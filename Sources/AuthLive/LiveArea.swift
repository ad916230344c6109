/// Which of the playground's servers a live request's path belongs to: the one table behind
/// the gateway's routing and the tab that shows a request the front door answered itself.
public enum LiveArea: Sendable, Equatable, CaseIterable {
    /// `/_authtui/`: the control API.
    case control
    /// `/auth/`, `/api/` and the token flow's public key at `/.well-known/jwks.json`.
    case tokenFlow
    /// `/oauth/`, `/platform/api/` and the platform's discovery documents.
    case platform
    /// The device grant's two doors, `/oauth/device_authorization` and `/device`: the
    /// platform serves them; tab 5 shows them.
    case device
    /// `/session/`: the session design.
    case sessions
    /// `/cgi-bin/`: WeChat.
    case wechat
    /// `/app` and `/app/`: the built-in demo app.
    case demoApp

    /// nil: no server has the path (the front door answers 404).
    public init?(path: String) {
        switch path {
        case "/.well-known/jwks.json": self = .tokenFlow
        case "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server": self = .platform
        case "/device", "/oauth/device_authorization": self = .device
        case "/app": self = .demoApp
        default:
            guard let area = Self.prefixes.first(where: { path.hasPrefix($0.0) })?.1 else { return nil }
            self = area
        }
    }

    /// The token flow's first: most requests under load are its.
    private static let prefixes: [(String, LiveArea)] = [("/api/", .tokenFlow), ("/auth/", .tokenFlow), ("/_authtui/", .control), ("/oauth/", .platform),
                                                         ("/platform/api/", .platform), ("/session/", .sessions), ("/cgi-bin/", .wechat), ("/app/", .demoApp)]
}
