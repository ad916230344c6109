/// The platform's API: the authorizing user's data, for a valid, unrevoked access token
/// that carries the scope the route needs.
public final class ResourceServer {
    private let authorizationServer: AuthorizationServer
    private let clock: VirtualClock

    /// Route → scope it needs.
    public static let routes: [String: String] = ["/api/orders": "orders", "/api/profile": "profile", "/api/userinfo": "openid"]

    init(authorizationServer: AuthorizationServer, clock: VirtualClock) {
        self.authorizationServer = authorizationServer
        self.clock = clock
    }

    public func handle(_ request: HTTPRequest, from sender: Party) -> HTTPResponse {
        guard request.method == "GET", let needed = Self.routes[request.path] else {
            return .error(404, "not_found", "no route \(request.method) \(request.path)")
        }
        let challenge = "Bearer realm=\"platform\""
        guard let token = request.bearerToken else {
            return .error(401, "invalid_request", "no access token", wwwAuthenticate: challenge)
        }
        let claims: JSONObject
        do {
            claims = try JWTVerifier(key: authorizationServer.key).verify(token, at: clock.now,
                expecting: JWTExpectations(issuer: authorizationServer.policy.issuer, tokenType: "access")).payload
        } catch .expired {
            return .error(401, "invalid_token", "The access token expired", wwwAuthenticate: challenge + ", error=\"invalid_token\", error_description=\"The access token expired\"")
        } catch {
            return .error(401, "invalid_token", "The access token is invalid: \(error.code)", wwwAuthenticate: challenge + ", error=\"invalid_token\"")
        }
        if let jti = claims["jti"]?.stringValue, authorizationServer.revokedAccessJTIs.contains(jti) {
            return .error(401, "invalid_token", "The access token was revoked", wwwAuthenticate: challenge + ", error=\"invalid_token\", error_description=\"The access token was revoked\"")
        }
        let scopes = (claims["scope"]?.stringValue ?? "").split(separator: " ").map(String.init)
        guard scopes.contains(needed) else {
            return .error(403, "insufficient_scope", "this route needs scope \(needed)",
                          wwwAuthenticate: challenge + ", error=\"insufficient_scope\", scope=\"\(needed)\"")
        }
        switch request.path {
        case "/api/userinfo":
            // OpenID Connect UserInfo (Core §5.3): its sub is the ID token's.
            let subject = claims["sub"]?.stringValue ?? ""
            return .ok(["sub": .string(subject), "name": .string(authorizationServer.name(ofSubject: subject))])
        case "/api/profile":
            let subject = claims["sub"]?.stringValue ?? ""
            return .ok(["sub": claims["sub"] ?? .null, "name": .string(authorizationServer.name(ofSubject: subject))])
        default:
            return .ok(["orders": [["id": "P-2001", "total": "42.00"], ["id": "P-2002", "total": "9.90"]]])
        }
    }
}
