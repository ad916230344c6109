/// The device grant played on the simulated network: a TV app (a public client) asks for
/// codes and polls; the user's phone opens the verification page and answers.
extension Party {
    public static let device = Party("device")
    public static let phone = Party("phone")
}

extension OAuthFlow {
    public static let deviceClientID = "tv-app"

    /// The TV app's registration, made on first use.
    var deviceClient: ClientRegistration {
        if let client = authorizationServer.clients[Self.deviceClientID] { return client }
        return authorizationServer.register(name: "TV app", redirectURIs: ["http://127.0.0.1/unused"], scopes: ["openid", "profile", "orders"],
                                            requiresPKCE: true, isPublic: true, appID: Self.deviceClientID)
    }

    /// `POST /oauth/device_authorization`: the device gets a device_code and a user_code.
    public func deviceStart(scope: [String]?, completion: @escaping (HTTPResponse) -> Void) {
        var form: JSONObject = ["client_id": .string(deviceClient.appID)]
        if let scope { form["scope"] = .string(scope.joined(separator: " ")) }
        send(HTTPRequest(method: "POST", path: "/oauth/device_authorization", body: form), from: .device) { [unowned self] response in
            device = (response.body?["device_code"]?.stringValue, response.body?["user_code"]?.stringValue)
            completion(response)
        }
    }

    /// One poll of the token endpoint. Returns false before `deviceStart`.
    public func devicePoll(completion: @escaping (HTTPResponse) -> Void) -> Bool {
        guard let code = device.code else { return false }
        let form: JSONObject = ["grant_type": .string(AuthorizationServer.deviceGrantType), "device_code": .string(code), "client_id": .string(deviceClient.appID)]
        send(HTTPRequest(method: "POST", path: "/oauth/token", body: form), from: .device, completion: completion)
        return true
    }

    /// The user types the code on the phone and answers. Returns false before `deviceStart`.
    public func deviceDecide(approve: Bool, username: String?, code typed: String?, completion: @escaping (HTTPResponse) -> Void) -> Bool {
        guard let userCode = typed ?? device.userCode else { return false }
        send(HTTPRequest(method: "GET", path: "/device?" + URLQuery.encode([("user_code", userCode)])), from: .phone) { [unowned self] page in
            guard page.status == 200 else { return completion(page) }
            var form: JSONObject = ["user_code": .string(userCode), "decision": .string(approve ? "approve" : "deny")]
            if let username { form["username"] = .string(username) }
            send(HTTPRequest(method: "POST", path: "/device", body: form), from: .phone, completion: completion)
        }
        return true
    }
}
