import ArgumentParser
import AuthEngine
import AuthLive

/// Live mode's WeChat pushes: where they go and how they are sealed.
struct WeChatCallbackOptions: ParsableArguments {
    @Option(help: "Live mode: post WeChat's pushes (component_verify_ticket every 10 minutes, authorization events) to this http:// URL.")
    var wechatCallback: String?

    @Option(help: "The component's message token (signs every push).")
    var wechatToken = "authtui"

    @Option(help: "The component's EncodingAESKey (43 characters): pushes are then encrypted (safe mode).")
    var wechatAESKey: String?

    func validate() throws {
        if let url = wechatCallback, !url.hasPrefix("http://") {
            throw ValidationError("--wechat-callback must be an http:// URL (got '\(TerminalSafe.text(url))')")
        }
        if let key = wechatAESKey, WeChatMessageCrypt(token: wechatToken, encodingAESKey: key, appID: "") == nil {
            throw ValidationError("--wechat-aes-key must be 43 base64 characters (WeChat's EncodingAESKey), got \(key.count)")
        }
        if wechatCallback == nil, wechatAESKey != nil { throw ValidationError("--wechat-aes-key needs --wechat-callback") }
    }

    var callback: WeChatCallback? {
        wechatCallback.map { WeChatCallback(url: $0, token: wechatToken, encodingAESKey: wechatAESKey) }
    }
}
