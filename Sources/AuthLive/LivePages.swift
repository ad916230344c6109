/// The few HTML pages live mode serves to a real browser: the platform's consent page and
/// error page, and the demo app's pages. Everything dynamic is escaped.
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

    static func page(_ title: String, _ body: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
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
    static func consent(ticket: String, app: String, scopes: [String], accounts: [(username: String, name: String)]) -> String {
        let options = accounts.map { "<option value=\"\(escape($0.username))\">\(escape($0.name)) (\(escape($0.username)))</option>" }.joined()
        let scopeList = scopes.map { "<li><code>\(escape($0))</code></li>" }.joined()
        return page("Authorize \(app)", """
        <h1>\(escape(app)) wants to access your platform account</h1>
        <form method="post" action="/oauth/consent">
        <input type="hidden" name="consent_ticket" value="\(escape(ticket))">
        <p><label>Signed in as <select name="username" id="username">\(options)</select></label></p>
        <p>It asks for:</p><ul>\(scopeList)</ul>
        <p><button class="primary" type="submit" name="decision" value="approve" id="approve">Approve</button>
        <button type="submit" name="decision" value="deny" id="deny">Deny</button></p>
        </form>
        <p class="muted">AuthTUI playground platform. Approving sends your browser back to the app with a one-time code; the app's back end exchanges it for tokens.</p>
        """)
    }

    /// WeChat's authorization page: the merchant names the official account it authorizes
    /// the component for; the form posts to the page's confirm endpoint.
    static func wechatAuthorization(preAuthCode: String, redirect: String, component: String) -> String {
        page("WeChat authorization", """
        <h1>Authorize a third-party platform</h1>
        <p>Component <code>\(escape(component))</code> asks to manage an official account on your behalf.</p>
        <form method="post" action="/cgi-bin/componentloginpage/confirm">
        <input type="hidden" name="pre_auth_code" value="\(escape(preAuthCode))">
        <input type="hidden" name="redirect_uri" value="\(escape(redirect))">
        <p><label>Your official account's appid <input name="authorizer_appid" id="authorizer_appid" value="wxmerchant0001"></label></p>
        <p><button class="primary" type="submit" id="confirm">Authorize</button></p>
        </form>
        <p class="muted">AuthTUI playground WeChat. Authorizing pushes an <code>authorized</code> event to the component and sends you back with an <code>auth_code</code>.</p>
        """)
    }

    /// RFC 8628's verification page: type the code, then approve or deny what it asks for.
    static func device(userCode: String, app: String?, scopes: [String], accounts: [(username: String, name: String)]) -> String {
        guard let app else {
            return page("Connect a device", """
            <h1>Connect a device</h1>
            <form method="get" action="/device">
            <p><label>The code on your device's screen <input name="user_code" id="user_code" placeholder="XXXX-XXXX" autocomplete="off"></label></p>
            <p><button class="primary" type="submit" id="next">Next</button></p>
            </form>
            """)
        }
        let options = accounts.map { "<option value=\"\(escape($0.username))\">\(escape($0.name)) (\(escape($0.username)))</option>" }.joined()
        return page("Connect \(app)", """
        <h1>\(escape(app)) with code <code>\(escape(userCode))</code></h1>
        <p>Only approve if this code is on a screen in front of you: a code someone sent you is a phishing attempt (RFC 8628 §5.4).</p>
        <form method="post" action="/device">
        <input type="hidden" name="user_code" value="\(escape(userCode))">
        <p><label>Signed in as <select name="username" id="username">\(options)</select></label></p>
        <p>It asks for: \(scopes.map { "<code>\(escape($0))</code>" }.joined(separator: " "))</p>
        <p><button class="primary" type="submit" name="decision" value="approve" id="approve">Approve</button>
        <button type="submit" name="decision" value="deny" id="deny">Deny</button></p>
        </form>
        """)
    }

    static func error(_ title: String, _ message: String) -> String {
        page(title, "<h1 class=\"error\">\(escape(title))</h1><p>\(escape(message))</p>")
    }
}
