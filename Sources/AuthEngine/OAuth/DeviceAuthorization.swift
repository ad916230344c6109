/// The device authorization grant (RFC 8628): a TV or CLI without a browser gets a
/// `device_code` to poll with and a short `user_code` the user types on a phone.
public struct DeviceGrant: Sendable, Equatable {
    public enum Decision: Sendable, Equatable { case approved(username: String, at: Instant), denied }

    public let deviceCode: String
    /// 8 characters from `BCDFGHJKLMNPQRSTVWXZ` (no vowels, no look-alikes), shown `XXXX-XXXX`.
    public let userCode: String
    public let clientID: String
    public let scope: [String]
    public let expiresAt: Instant
    /// How long the device must wait between polls; `slow_down` adds 5 s for good (§3.5).
    public internal(set) var interval: Span
    public internal(set) var lastPoll: Instant?
    public internal(set) var decision: Decision?
    public internal(set) var redeemed = false

    /// `BCDF-GHJK`.
    public var displayCode: String { String(userCode.prefix(4)) + "-" + String(userCode.suffix(4)) }

    /// RFC 8628 §6.1: twenty consonants, about 2^34.6 codes of eight.
    public static let alphabet = Array("BCDFGHJKLMNPQRSTVWXZ")

    /// What a typed code normalises to: dashes and spaces dropped, upper case.
    public static func normalise(_ typed: String) -> String {
        String(typed.uppercased().filter { $0 != "-" && $0 != " " })
    }
}

/// The device grant's rules on the platform.
public struct DevicePolicy: Sendable {
    public var codeLifetime: Span = .minutes(10)
    public var interval: Span = .seconds(5)
    public init() {}
}

extension AuthorizationServer {
    public static let deviceGrantType = "urn:ietf:params:oauth:grant-type:device_code"

    /// `POST /oauth/device_authorization`: a device_code, a user_code and where to type it.
    func deviceAuthorization(_ request: HTTPRequest) -> HTTPResponse {
        let client: ClientRegistration
        switch authenticateClient(request) {
        case .success(let authenticated): client = authenticated
        case .failure(let failure): return failure.response
        }
        let scope = (request.body?["scope"]?.stringValue ?? client.scopes.joined(separator: " ")).split(separator: " ").map(String.init)
        guard !scope.isEmpty, scope.allSatisfy(client.scopes.contains) else {
            return Self.tokenError(400, "invalid_scope", "\(client.name) may ask for \(client.scopes.joined(separator: " ")) only")
        }
        let userCode = String((0..<8).map { _ in DeviceGrant.alphabet[Int(random.next() % UInt64(DeviceGrant.alphabet.count))] })
        let grant = DeviceGrant(deviceCode: "dc_" + random.hex(20), userCode: userCode, clientID: client.appID, scope: scope,
                                expiresAt: clock.now + devicePolicy.codeLifetime, interval: devicePolicy.interval)
        deviceGrants[grant.deviceCode] = grant
        let verification = policy.issuer + "/device"
        log.append(.note(.userCodeIssued(code: grant.displayCode, client: client.name, lifetime: devicePolicy.codeLifetime, interval: devicePolicy.interval)))
        var response = HTTPResponse.ok([
            "device_code": .string(grant.deviceCode), "user_code": .string(grant.displayCode),
            "verification_uri": .string(verification), "verification_uri_complete": .string(verification + "?user_code=" + grant.displayCode),
            "expires_in": .int(devicePolicy.codeLifetime.seconds), "interval": .int(devicePolicy.interval.seconds),
        ])
        response.headers["Cache-Control"] = "no-store"
        return response
    }

    /// `GET /device?user_code=…`: the page where the user confirms what the code is for.
    func devicePage(_ query: [(String, String)]) -> HTTPResponse {
        guard let typed = query.value("user_code") else {
            return .ok(["page": "device", "user_code": ""])
        }
        guard let grant = deviceGrant(userCode: typed) else {
            return .refused(400, "invalid_user_code", .noDeviceWaiting(code: typed))
        }
        return .ok(["page": "device", "user_code": .string(grant.displayCode), "app": .string(clients[grant.clientID]?.name ?? grant.clientID),
                    "scopes": .array(grant.scope.map { .string($0) })])
    }

    /// `POST /device`: the user approves or denies, signed in as one of the platform's users.
    func deviceDecision(_ form: JSONObject) -> HTTPResponse {
        guard let typed = form["user_code"]?.stringValue, let grant = deviceGrant(userCode: typed) else {
            return .refused(400, "invalid_user_code", .noDeviceWaiting(code: nil))
        }
        guard grant.decision == nil else { return .refused(400, "invalid_request", .codeAlreadyAnswered) }
        let approve = form["decision"]?.stringValue == "approve"
        let account = account(named: form["username"]?.stringValue)
        deviceGrants[grant.deviceCode]?.decision = approve ? .approved(username: account.username, at: clock.now) : .denied
        log.append(.note(.deviceDecision(username: account.username, approved: approve, code: grant.displayCode)))
        return .ok(["result": .string(approve ? "approved: the device will get its tokens at its next poll" : "denied")])
    }

    /// The token endpoint for `grant_type=urn:ietf:params:oauth:grant-type:device_code` (§3.4–3.5).
    func deviceToken(_ form: JSONObject, _ client: ClientRegistration) -> HTTPResponse {
        guard let code = form["device_code"]?.stringValue else { return Self.tokenError(400, "invalid_request", "device_code is required") }
        guard var grant = deviceGrants[code], grant.clientID == client.appID else {
            return Self.tokenError(400, "invalid_grant", "unknown device_code")
        }
        guard clock.now < grant.expiresAt else { return Self.tokenError(400, "expired_token", "the device code expired at \(grant.expiresAt.iso8601): start again") }
        guard !grant.redeemed else { return Self.tokenError(400, "invalid_grant", "the device code was already used") }
        defer { deviceGrants[code] = grant }
        if let last = grant.lastPoll, clock.now - last < grant.interval {
            grant.lastPoll = clock.now
            grant.interval = grant.interval + .seconds(5)
            return Self.tokenError(400, "slow_down", "polled sooner than every \(grant.interval - .seconds(5)): wait \(grant.interval) from now on")
        }
        grant.lastPoll = clock.now
        switch grant.decision {
        case nil: return Self.tokenError(400, "authorization_pending", "the user has not answered yet")
        case .denied?: return Self.tokenError(400, "access_denied", "the user denied the device")
        case .approved(let username, let at)?:
            grant.redeemed = true
            return issueTokens(client: client, subject: signIn(username, at: client.appID), scope: grant.scope, authTime: at, nonce: nil).response
        }
    }

    func deviceGrant(userCode typed: String) -> DeviceGrant? {
        let wanted = DeviceGrant.normalise(typed)
        return deviceGrants.values.first { $0.userCode == wanted && clock.now < $0.expiresAt }
    }
}
