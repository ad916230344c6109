import AuthEngine

/// The few HTML pages live mode serves to a real browser: the platform's consent page and
/// error page, and the demo app's pages, in the browser's language (`PageLanguage`).
/// Everything dynamic is escaped.
enum LivePages {
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    static func page(_ title: String, _ body: String, _ l: PageLanguage) -> String {
        """
        <!doctype html>
        <html lang="\(l.tag)"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.45;color:#1d2733}
        h1{font-size:1.4rem} code,pre{font-family:ui-monospace,monospace;font-size:.9rem}
        pre{background:#f3f5f8;padding:.8rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
        button,.button{font-size:1rem;padding:.5rem 1.1rem;margin-right:.6rem;border-radius:6px;border:1px solid #456;background:#fff;cursor:pointer;text-decoration:none;color:#123}
        button.primary,.button.primary{background:#1f5fbf;color:#fff;border-color:#1f5fbf}
        .muted{color:#667} .error{color:#a11}
        </style></head>
        <body>
        \(body)
        </body></html>
        """
    }

    /// The platform asks the user to approve or deny; the form posts to `/oauth/consent`.
    static func consent(ticket: String, app: String, scopes: [String], accounts: [(username: String, name: String)], _ l: PageLanguage) -> String {
        let options = accounts.map { "<option value=\"\(escape($0.username))\">\(escape($0.name)) (\(escape($0.username)))</option>" }.joined()
        let scopeList = scopes.map { "<li><code>\(escape($0))</code></li>" }.joined()
        return page(l("Authorize ", "授权 ") + app, """
        <h1>\(escape(app))\(l(" wants to access your platform account", " 想要访问你的\(l.term(.platform))账号"))</h1>
        <form method="post" action="/oauth/consent">
        <input type="hidden" name="consent_ticket" value="\(escape(ticket))">
        <p><label>\(l("Signed in as", "当前登录账号")) <select name="username" id="username">\(options)</select></label></p>
        <p>\(l("It asks for:", "它申请的\(l.term(.scope))："))</p><ul>\(scopeList)</ul>
        <p><button class="primary" type="submit" name="decision" value="approve" id="approve">\(l("Approve", "同意"))</button>
        <button type="submit" name="decision" value="deny" id="deny">\(l("Deny", "拒绝"))</button></p>
        </form>
        <p class="muted">\(l("AuthTUI playground platform. Approving sends your browser back to the app with a one-time code; the app's back end exchanges it for tokens.",
                             "AuthTUI 演练场的\(l.term(.platform))。同意后，浏览器会带着一次性的\(l.term(.authorizationCode))回到\(l.term(.app))；由\(l.term(.app))的后端用它换取\(l.term(.token))。"))</p>
        """, l)
    }

    /// WeChat's authorization page: the merchant names the official account it authorizes
    /// the component for; the form posts to the page's confirm endpoint.
    static func wechatAuthorization(preAuthCode: String, redirect: String, component: String, _ l: PageLanguage) -> String {
        page(l("WeChat authorization", "微信授权"), """
        <h1>\(l("Authorize a third-party platform", "授权给\(l.term(.thirdPartyPlatform))"))</h1>
        <p>\(l("Component <code>\(escape(component))</code> asks to manage an official account on your behalf.",
               "\(l.term(.thirdPartyPlatform)) <code>\(escape(component))</code> 申请代你管理一个公众号。"))</p>
        <form method="post" action="/cgi-bin/componentloginpage/confirm">
        <input type="hidden" name="pre_auth_code" value="\(escape(preAuthCode))">
        <input type="hidden" name="redirect_uri" value="\(escape(redirect))">
        <p><label>\(l("Your official account's appid", "你的公众号 appid")) <input name="authorizer_appid" id="authorizer_appid" value="wxmerchant0001"></label></p>
        <p><button class="primary" type="submit" id="confirm">\(l("Authorize", "授权"))</button></p>
        </form>
        <p class="muted">\(l("AuthTUI playground WeChat. Authorizing pushes an <code>authorized</code> event to the component and sends you back with an <code>auth_code</code>.",
                             "AuthTUI 演练场的微信。授权后，微信向\(l.term(.thirdPartyPlatform))推送 <code>authorized</code> 事件，并带着 <code>auth_code</code> 把你送回去。"))</p>
        """, l)
    }

    /// RFC 8628's verification page: type the code, then approve or deny what it asks for.
    static func device(userCode: String, app: String?, scopes: [String], accounts: [(username: String, name: String)], _ l: PageLanguage) -> String {
        guard let app else {
            return page(l("Connect a device", "连接设备"), """
            <h1>\(l("Connect a device", "连接设备"))</h1>
            <form method="get" action="/device">
            <p><label>\(l("The code on your device's screen", "设备屏幕上显示的\(l.term(.userCode))")) <input name="user_code" id="user_code" placeholder="XXXX-XXXX" autocomplete="off"></label></p>
            <p><button class="primary" type="submit" id="next">\(l("Next", "下一步"))</button></p>
            </form>
            """, l)
        }
        let options = accounts.map { "<option value=\"\(escape($0.username))\">\(escape($0.name)) (\(escape($0.username)))</option>" }.joined()
        return page(l("Connect ", "连接 ") + app, """
        <h1>\(escape(app))\(l(" with code ", "，\(l.term(.userCode)) "))<code>\(escape(userCode))</code></h1>
        <p>\(l("Only approve if this code is on a screen in front of you: a code someone sent you is a phishing attempt (RFC 8628 §5.4).",
               "只有当这个码显示在你面前的屏幕上时才批准：别人发给你的码是钓鱼（RFC 8628 §5.4）。"))</p>
        <form method="post" action="/device">
        <input type="hidden" name="user_code" value="\(escape(userCode))">
        <p><label>\(l("Signed in as", "当前登录账号")) <select name="username" id="username">\(options)</select></label></p>
        <p>\(l("It asks for:", "它申请的\(l.term(.scope))：")) \(scopes.map { "<code>\(escape($0))</code>" }.joined(separator: " "))</p>
        <p><button class="primary" type="submit" name="decision" value="approve" id="approve">\(l("Approve", "同意"))</button>
        <button type="submit" name="decision" value="deny" id="deny">\(l("Deny", "拒绝"))</button></p>
        </form>
        """, l)
    }

    static func error(_ title: String, _ message: String, _ l: PageLanguage) -> String {
        page(title, "<h1 class=\"error\">\(escape(title))</h1><p>\(escape(message))</p>", l)
    }

    /// An error page for a refused answer: why, in the page's language when the engine said
    /// why (its `PageRefusal`), else the answer's own words; then the protocol's error code.
    static func refused(_ title: String, _ answer: LiveResponse, _ l: PageLanguage) -> String {
        let body = (try? JSONParser.parse(bytes: answer.body).objectValue) ?? [:]
        let code = body["error"]?.stringValue ?? body["errcode"].map { "errcode " + $0.plainText }
        let why = answer.refusal.map { l($0.description, $0.zh) }
            ?? body["error_description"]?.stringValue ?? body["errmsg"]?.stringValue ?? l("(no reason given)", "（没有给出原因）")
        let said = code.map { "<p class=\"muted\">\(l("Error code", "错误码")) <code id=\"error-code\">\(escape($0))</code> · HTTP \(answer.status)</p>" } ?? ""
        return page(title, "<h1 class=\"error\">\(escape(title))</h1><p id=\"why\">\(escape(why))</p>\(said)", l)
    }
}
