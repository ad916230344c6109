import AuthEngine
import Foundation

/// Where WeChat's pushes go in live mode, and how they are sealed: plain XML, or safe mode
/// (encrypted, signed) when an EncodingAESKey is given.
public struct WeChatCallback: Sendable {
    public let url: String
    public let token: String
    public let encodingAESKey: String?

    public init(url: String, token: String, encodingAESKey: String?) {
        self.url = url
        self.token = token
        self.encodingAESKey = encodingAESKey
    }

    /// Why `url` cannot take pushes (nil: it can).
    public static func problem(url: String) -> String? {
        if case .failure(let failure) = HTTPPost.target(url) { return failure.description }
        return nil
    }
}

/// One push ready to post: the body and the signed query.
public struct WeChatPush: Sendable {
    public let url: String
    public let query: String
    public let body: String
    public let encrypted: Bool
}

/// The WeChat Open Platform over real HTTP: the component API under `/cgi-bin/…` with its
/// JSON bodies and `component_access_token` query, and every push (tickets every 10
/// virtual minutes, authorization events) posted to the callback as WeChat posts it.
extension LiveGateway {
    func wechat(_ request: LiveRequest) -> LiveResponse {
        // A component backend's first call finds the platform there (502 before: the world
        // builds it on first use).
        attachWeChatPushes()
        if !world.wechatStarted { _ = world.wechat }
        // The component API reads its body as JSON whatever Content-Type says (curl -d sends
        // form-encoded; SDKs send text/plain or nothing), and answers a bad one as WeChat does.
        let api = request.path.hasPrefix("/cgi-bin/component/")
        if api, (try? LiveBody.parse(request.body, contentType: "application/json")) == nil {
            return Self.json(200, ["errcode": 47001, "errmsg": "data format error (the body must be a JSON object)"])
        }
        let answer = deliver(request, to: .wechat, bodyType: api ? "application/json" : nil)
        // The merchant's authorization page, in a browser: a form, not JSON.
        guard request.method == "GET", request.path == "/cgi-bin/componentloginpage", wantsHTML(request),
              let body = try? JSONParser.parse(bytes: answer.body).objectValue else { return answer }
        if answer.status == 200, let code = body["pre_auth_code"]?.stringValue {
            return Self.html(200, LivePages.wechatAuthorization(preAuthCode: code, redirect: body["redirect_uri"]?.stringValue ?? "",
                                                               component: world.wechat.platform.componentAppID, language(of: request)))
        }
        let l = language(of: request)
        return Self.html(answer.status, LivePages.refused(l("WeChat cannot open this page", "微信无法打开这个页面"), answer, l))
    }

    /// Starts the WeChat world if a callback waits for its pushes, tapping it before its
    /// first push; a new world (after a reset) is hooked again. Cheap when nothing changed:
    /// the loop calls it on every turn.
    public func attachWeChatPushes() {
        guard let callback = wechatCallback else { return }
        let sim = world
        if sim !== hookedWorld {
            hookedWorld = sim
            sim.wechatWillStart = { [unowned self] flow in self.tap(flow, callback) }
            if sim.wechatStarted { tap(sim.wechat, callback) }
        }
        if !sim.wechatStarted { _ = sim.wechat }
    }

    private func tap(_ flow: WeChatFlow, _ callback: WeChatCallback) {
        let appID = flow.platform.componentAppID
        let crypt = callback.encodingAESKey.flatMap { WeChatMessageCrypt(token: callback.token, encodingAESKey: $0, appID: appID) }
        flow.pushTap = { [unowned self] xml in
            let timestamp = String(self.world.clock.now.seconds)
            let nonce = String(UInt32.random(in: 100_000_000...999_999_999, using: &self.random))
            let push: WeChatPush
            if let crypt {
                let random = (0..<16).map { _ in UInt8.random(in: 0...255, using: &self.random) }
                let sealed = crypt.envelope(xml, timestamp: timestamp, nonce: nonce, random: random)
                push = WeChatPush(url: callback.url, query: URLQuery.encode(sealed.query), body: sealed.body, encrypted: true)
            } else {
                let signature = WeChatMessageCrypt.signature(token: callback.token, [timestamp, nonce])
                push = WeChatPush(url: callback.url, query: URLQuery.encode([("signature", signature), ("timestamp", timestamp), ("nonce", nonce)]),
                                  body: xml, encrypted: false)
            }
            self.pushSender?(push)
        }
    }

    /// What became of a push, written to the log from the world's thread.
    public func notePushResult(_ push: WeChatPush, _ outcome: String) {
        world.log.append(.note(.wechatPush(url: push.url, encrypted: push.encrypted, outcome: outcome)))
    }

    /// The component's credentials, for a real component backend to call the API with
    /// (asking brings the platform up), and the newest ticket, for one without a callback.
    func wechatState() -> JSONObject {
        let platform = world.wechat.platform
        var state: JSONObject = ["component_appid": .string(platform.componentAppID), "component_appsecret": .string(platform.componentSecret)]
        if let ticket = platform.latestTicket, ticket.expiresAt > world.clock.now {
            state["component_verify_ticket"] = .string(ticket.value)
        }
        if let next = platform.nextPushAt { state["next_push"] = .string(next.iso8601) }
        if let callback = wechatCallback { state["callback"] = .string(callback.url); state["encrypted"] = .bool(callback.encodingAESKey != nil) }
        return state
    }
}

/// Posts pushes off the world's thread and reports each result back through the inbox.
public struct WeChatPushDispatcher: Sendable {
    let inbox: WorldInbox

    public init(inbox: WorldInbox) { self.inbox = inbox }

    public func send(_ push: WeChatPush) {
        let inbox = inbox
        // A thread of its own: the POST blocks (up to its timeout), which must not hold one of
        // the few threads the server's tasks run on.
        Thread.detachNewThread {
            let outcome: String
            switch HTTPPost.send(to: push.url, query: push.query, body: push.body, contentType: "text/xml") {
            case .success(let answer): outcome = "\(answer.status) \(answer.body.prefix(40))"
            case .failure(let failure): outcome = "failed: \(failure)"
            }
            inbox.submit { gateway in gateway.notePushResult(push, outcome) }
        }
    }
}
