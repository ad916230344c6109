/// The platform's API: the authorizing user's data, for a valid, unrevoked access token
/// that carries the scope the route needs. It judges tokens as a real resource server
/// does — with the public key its cached JWKS names (`local`), or by asking the platform
/// (`introspection`) — never by reading the authorization server's memory.
public final class ResourceServer {
    private let authorizationServer: AuthorizationServer
    private let clock: VirtualClock
    private let network: Network
    /// The API's copy of the platform's JWKS.
    public let jwks: JWKSCache
    /// Access tokens the platform judged expired in a live world (jti → real exp), handed
    /// to the API when judged, as a denylist would be: the API does not ask for them.
    private var judgedExpired = JudgedExpiredTokens()

    /// Takes the platform's judgement: these tokens count as expired from now on.
    func judgeExpired(_ tokens: [String: Int64]) { judgedExpired.add(tokens, now: clock.now.seconds) }

    /// Route → scope it needs.
    public static let routes: [String: String] = ["/api/orders": "orders", "/api/profile": "profile", "/api/userinfo": "openid"]
    static let challenge = "Bearer realm=\"platform\""

    init(authorizationServer: AuthorizationServer, clock: VirtualClock, network: Network, log: EventLog) {
        self.authorizationServer = authorizationServer
        self.clock = clock
        self.network = network
        jwks = JWKSCache(owner: .platformAPI, policy: { [unowned authorizationServer] in authorizationServer.policy.jwks },
                         network: network, clock: clock, log: log)
    }

    public func handle(_ request: HTTPRequest, from sender: Party, respond: @escaping (HTTPResponse) -> Void) {
        guard request.routeMethod == "GET", let needed = Self.routes[request.route] else {
            return respond(.noRoute(request, allowed: Self.routes[request.route].map { _ in ["GET"] }))
        }
        guard let token = request.bearerToken else {
            return respond(.error(401, "invalid_request", "no access token", wwwAuthenticate: Self.challenge))
        }
        let answer = { [self] (verdict: Result<JSONObject, Refusal>) in
            switch verdict {
            case .failure(let refusal): respond(refusal.response)
            case .success(let claims): respond(serve(request.route, needing: needed, claims))
            }
        }
        switch authorizationServer.policy.apiValidation {
        case .local: validateLocally(token, then: answer)
        case .introspection: introspect(token, then: answer)
        }
    }

    /// Why a token was refused: the 401 that says so.
    struct Refusal: Error {
        let description: String
        var response: HTTPResponse {
            .error(401, "invalid_token", description,
                   wwwAuthenticate: ResourceServer.challenge + ", error=\"invalid_token\", error_description=\"\(description)\"")
        }
    }

    /// The signature with the key the token's kid names in the cached JWKS (fetched when
    /// stale or when the kid is new to it), then `exp`, `iss` and `typ`. Revocation is not
    /// seen: the token is good until it expires.
    private func validateLocally(_ token: String, then answer: @escaping (Result<JSONObject, Refusal>) -> Void) {
        let jws: CompactJWS
        do throws(JWTError) {
            jws = try CompactJWS(parsing: token)
            // Header rules first: a token must not make the API fetch anything.
            if jws.algorithm?.lowercased() == "none" { throw JWTError.algorithmNone }
            try JWTVerifier.checkHeader(jws.header)
        } catch {
            return answer(.failure(Refusal(description: "The access token is invalid: \(error.code)")))
        }
        jwks.key(for: jws.keyID) { [self] found in
            switch found {
            case .failure(let miss):
                answer(.failure(Refusal(description: "The access token's key is unknown: \(miss)")))
            case .success(let key):
                do throws(JWTError) {
                    let claims = try JWTVerifier(key: key).verify(token, at: clock.now, expecting: JWTExpectations(
                        issuer: authorizationServer.policy.issuer, tokenType: "access")).payload
                    if let jti = claims["jti"]?.stringValue, let exp = judgedExpired.exp(of: jti) { throw JWTError.expired(exp: Instant(seconds: exp)) }
                    answer(.success(claims))
                } catch .expired {
                    answer(.failure(Refusal(description: "The access token expired")))
                } catch {
                    answer(.failure(Refusal(description: "The access token is invalid: \(error.code)")))
                }
            }
        }
    }

    /// RFC 7662: the API authenticates as itself and asks whether the token is active.
    private func introspect(_ token: String, then answer: @escaping (Result<JSONObject, Refusal>) -> Void) {
        let client = authorizationServer.resourceServerClient
        var request = HTTPRequest(method: "POST", path: "/oauth/introspect", body: ["token": .string(token)])
        request.headers["Content-Type"] = "application/x-www-form-urlencoded"
        request.headers["Authorization"] = "Basic " + Base64.encode(Array((client.appID + ":" + client.secret).utf8))
        network.send(request, from: .platformAPI, to: .platform) { response in
            guard response.status == 200, let body = response.body else {
                return answer(.failure(Refusal(description: "The platform's introspection failed (\(response.status))")))
            }
            guard body["active"] == .bool(true) else {
                return answer(.failure(Refusal(description: "The access token is not active (introspection: revoked, expired or unknown)")))
            }
            answer(.success(body))
        }
    }

    private func serve(_ path: String, needing needed: String, _ claims: JSONObject) -> HTTPResponse {
        let scopes = (claims["scope"]?.stringValue ?? "").split(separator: " ").map(String.init)
        guard scopes.contains(needed) else {
            return .error(403, "insufficient_scope", "this route needs scope \(needed)",
                          wwwAuthenticate: Self.challenge + ", error=\"insufficient_scope\", scope=\"\(needed)\"")
        }
        let subject = claims["sub"]?.stringValue ?? ""
        switch path {
        case "/api/userinfo":
            // OpenID Connect UserInfo (Core §5.3): its sub is the ID token's.
            return .ok(["sub": .string(subject), "name": .string(authorizationServer.name(ofSubject: subject))])
        case "/api/profile":
            return .ok(["sub": claims["sub"] ?? .null, "name": .string(authorizationServer.name(ofSubject: subject))])
        default:
            return .ok(["orders": [["id": "P-2001", "total": "42.00"], ["id": "P-2002", "total": "9.90"]]])
        }
    }
}
