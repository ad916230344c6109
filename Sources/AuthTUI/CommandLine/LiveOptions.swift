import ArgumentParser
import AuthEngine
import AuthLive

/// Live mode's options shared by `--listen` and `serve`: who may reach the servers, time,
/// extra OAuth clients, and where WeChat's pushes go and how they are sealed.
struct LiveOptions: ParsableArguments {
    // Declared once, here: a flag the root command and `serve` each declared for
    // itself was taken by the root, so `authtui serve --host 0.0.0.0 --allow-remote` failed.
    @Flag(help: "Live mode: allow listening on an address other machines can reach (--listen HOST:PORT, serve --host).")
    var allowRemote = false

    @Flag(help: "Live mode: allow jumps; tokens are then stamped ahead of real clients' clocks (the header shows the skew).")
    var shiftedTime = false

    @Option(name: .customLong("client"), help: ArgumentHelp("Live mode: register an OAuth client, ID=REDIRECT_URI (public, PKCE) or ID:SECRET=REDIRECT_URI (confidential); repeatable.", valueName: "ID[:SECRET]=URI"))
    var clients: [String] = []

    @Option(help: ArgumentHelp("Live mode: the URL clients reach the servers at, named in pages, redirects, discovery documents and tokens (default: the address listened on; on every address, 0.0.0.0 or ::, this machine's first network address).", valueName: "URL"))
    var publicURL: String?

    @Option(help: "Live mode: post WeChat's pushes (component_verify_ticket every 10 minutes, authorization events) to this http:// URL.")
    var wechatCallback: String?

    @Option(help: "The component's message token (signs every push).")
    var wechatToken = Self.defaultWeChatToken

    @Option(help: "The component's EncodingAESKey (43 characters): pushes are then encrypted (safe mode).")
    var wechatAESKey: String?

    func validate() throws {
        var seen = Set<String>()
        for spec in clients {
            guard let client = Self.client(spec) else {
                throw ValidationError("--client '\(TerminalSafe.text(spec))' is not ID=REDIRECT_URI or ID:SECRET=REDIRECT_URI")
            }
            if let problem = RedirectURIRule.problem(client.redirect) {
                throw ValidationError("--client \(TerminalSafe.text(client.id)): redirect URI \(TerminalSafe.text(client.redirect)) \(problem)")
            }
            // One registration per client_id: a second would silently replace the first (or a
            // documented client everyone's notes rely on).
            if Self.builtInClientIDs.contains(client.id) {
                throw ValidationError("--client \(TerminalSafe.text(client.id)) is a built-in client's id (\(Self.builtInClientIDs.sorted().joined(separator: ", "))): choose another")
            }
            guard seen.insert(client.id).inserted else {
                throw ValidationError("--client \(TerminalSafe.text(client.id)) is given twice: one registration per client_id")
            }
        }
        // WeChat's console takes 3–32 letters or digits as the message token.
        guard (3...32).contains(wechatToken.count), wechatToken.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw ValidationError("--wechat-token must be 3 to 32 letters or digits, as WeChat's console requires")
        }
        if let url = publicURL, let problem = MachineAddress.problem(publicURL: url) {
            throw ValidationError("--public-url \(TerminalSafe.text(url)) \(problem)")
        }
        if let url = wechatCallback, let problem = WeChatCallback.problem(url: url) {
            throw ValidationError("--wechat-callback: \(TerminalSafe.text(problem))")
        }
        if let key = wechatAESKey, WeChatMessageCrypt(token: wechatToken, encodingAESKey: key, appID: "") == nil {
            throw ValidationError("--wechat-aes-key must be 43 base64 characters (WeChat's EncodingAESKey), got \(key.count)")
        }
        if wechatCallback == nil, wechatAESKey != nil { throw ValidationError("--wechat-aes-key needs --wechat-callback") }
    }

    static let defaultWeChatToken = "authtui"

    /// The clients every live platform has (the demo app's, the back end's, the API's own).
    static let builtInClientIDs: Set<String> = [LiveGateway.publicClientID, LiveGateway.confidentialClientID, "platform-api"]

    static func client(_ spec: String) -> LiveClientRegistration? {
        guard let equals = spec.firstIndex(of: "=") else { return nil }
        let credentials = spec[..<equals], redirect = String(spec[spec.index(after: equals)...])
        let parts = credentials.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let id = parts.first, !id.isEmpty, !redirect.isEmpty, parts.count == 1 || !parts[1].isEmpty else { return nil }
        return LiveClientRegistration(id: id, secret: parts.count == 2 ? parts[1] : nil, redirect: redirect)
    }

    var registrations: [LiveClientRegistration] { clients.compactMap(Self.client) }

    /// The live-mode options given, as written (the playground without `--listen` refuses
    /// them rather than ignore them).
    var given: [String] {
        [("--allow-remote", allowRemote), ("--shifted-time", shiftedTime), ("--client", !clients.isEmpty), ("--public-url", publicURL != nil),
         ("--wechat-callback", wechatCallback != nil), ("--wechat-token", wechatToken != Self.defaultWeChatToken), ("--wechat-aes-key", wechatAESKey != nil)]
            .filter(\.1).map(\.0)
    }

    var callback: WeChatCallback? {
        wechatCallback.map { WeChatCallback(url: $0, token: wechatToken, encodingAESKey: wechatAESKey) }
    }
}
