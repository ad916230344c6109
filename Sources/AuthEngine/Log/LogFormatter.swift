/// Turns structured log entries into the text lines the transcript and the TUI
/// show, and into JSON objects for machine-readable output. Nothing is
/// formatted until something asks for it.
public enum LogFormatter {
    /// `09:00:00.040  server → client  401 GET /api/profile  token_expired …`
    public static func line(_ entry: LogEntry) -> String {
        var bytes = ByteText()
        bytes.reserve(192)
        bytes.appendTimeOfDay(entry.at)
        bytes += "  "
        appendMessage(entry.event, to: &bytes)
        TerminalSafe.escape(&bytes.bytes, from: 0)
        return bytes.string
    }

    /// The same line, as UTF-8 bytes appended to `output` with a newline: how a long
    /// transcript is written without making a String per line.
    public static func appendLine(_ entry: LogEntry, to output: inout [UInt8]) {
        var text = ByteText(bytes: output)
        output = []
        let start = text.bytes.count
        text.appendTimeOfDay(entry.at)
        text += "  "
        appendMessage(entry.event, to: &text)
        TerminalSafe.escape(&text.bytes, from: start)
        text.bytes.append(10)
        output = text.bytes
    }

    /// The line without its time.
    public static func message(_ event: LogEvent) -> String {
        var bytes = ByteText()
        appendMessage(event, to: &bytes)
        TerminalSafe.escape(&bytes.bytes, from: 0)
        return bytes.string
    }

    /// Builds lines as UTF-8 bytes: the transcript formats hundreds of thousands of
    /// them, and appending to a byte array costs far less than appending to a String.
    static func appendMessage(_ event: LogEvent, to text: inout ByteText) {
        switch event {
        case .request(let id, let from, let to, let request):
            text += from.name; text += " → "; text += to.name; text += "  "
            text += request.method; text += " "; text += request.path
            if let token = request.bearerToken {
                text += "  Bearer "
                text.appendAbbreviated(token.utf8[...])
            }
            if let cookie = request.headers["Cookie"] { text += "  Cookie "; text.appendAbbreviated(cookie.utf8[...]) }
            if let body = request.body, !body.isEmpty { text += "  "; appendSummary(body, to: &text) }
            text += "  #"; text.append(id.value)
        case .response(let id, let from, let to, let method, let path, let response):
            text += from.name; text += " → "; text += to.name; text += "  "
            text.append(response.status); text += " "; text += method; text += " "; appendWithoutQuery(path, to: &text)
            if (300..<400).contains(response.status), let location = response.headers["Location"] {
                text += "  → "; appendWithoutQuery(location, to: &text)
            }
            if let errcode = response.wechatErrcode {
                text += "  errcode "; text.append(errcode)
                if let message = response.body?["errmsg"]?.stringValue { text += " ("; text += message; text += ")" }
            } else if let code = response.errorCode {
                text += "  "; text += code
                if let description = response.body?["error_description"]?.stringValue { text += " ("; text += description; text += ")" }
            } else {
                if let cookie = response.headers["Set-Cookie"] { text += "  Set-Cookie "; text.appendAbbreviated(cookie.utf8.prefix { $0 != UInt8(ascii: ";") }) }
                if let body = response.body, !body.isEmpty { text += "  "; appendSummary(body, to: &text) }
            }
            text += "  #"; text.append(id.value)
        case .responseLost(let id, let from, let to, let method, let path, let status):
            text += "\(from.name) ⇢ \(to.name)  \(status) \(method) \(path)  ✗ response lost on the way back  #\(id.value)"
        case .interceptor(let note):
            text += "interceptor  " + interceptor(note)
        case .tokenIssued(let kind, let jti, let exp, let to):
            text += "● \(kind.rawValue) token \(jti) issued to \(to.name), expires \(exp.iso8601)"
        case .tokenExpired(let kind, let jti):
            text += "○ \(kind.rawValue) token \(jti) expired"
        case .familyRevoked(let family, let reason):
            text += "✗ token family \(family) revoked: \(reason)"
        case .clockJumped(let from, let to):
            text += "⏩ clock jumped \(DurationSyntax.format(to - from)) to \(to.iso8601)"
        case .clientState(let state):
            text += "client is now " + state
        case .note(let note):
            text += "· " + note.description
        case .storeCommand(let store, let from, let command, let result):
            text += from.name + " → " + store + "  " + command + "  ⇒ " + result
        }
    }

    public static func interceptor(_ note: InterceptorNote) -> String {
        switch note {
        case .refreshStarted(let request, let proactive):
            return proactive
                ? "⟳ proactive refresh before sending \(request.method) \(request.path): the short token is about to expire"
                : "⟳ refresh: \(request) got 401 token_expired"
        case .queued(let request):
            return "⏸ \(request) queued behind the refresh in flight"
        case .retry(let request):
            return "↻ retry \(request) with the new short token"
        case .refreshSucceeded(let longRenewed):
            return "✓ refresh succeeded: new short token, " + (longRenewed ? "new long token" : "same long token") + ", both stored"
        case .refreshFailed(let status, let error, let loginRequired, let rejected):
            let cause = status.map { "\($0)" + (error.map { " " + $0 } ?? "") } ?? "no response"
            var text = "✗ refresh failed (\(cause))"
            text += loginRequired ? ": tokens dropped, login required" : ": tokens kept, a later 401 will try again"
            if rejected > 0 { text += "; \(rejected) waiting request\(rejected == 1 ? "" : "s") rejected" }
            return text
        case .noRefreshOnInvalidToken(let request):
            return "✗ \(request): 401 invalid_token is not expiry, no refresh"
        case .retryExhausted(let request):
            return "✗ \(request) was already the retry: giving up"
        case .noToken(let request):
            return "\(request) went out without a token (none held)"
        case .timedOut(let request):
            return "✗ \(request): no response from \(request.path) in time"
        }
    }

    /// A path or URL up to its query, with `?…` standing for the query (shown on the request line).
    public static func withoutQuery(_ path: String) -> String {
        var text = ByteText()
        appendWithoutQuery(path, to: &text)
        return text.string
    }

    static func appendWithoutQuery(_ path: String, to text: inout ByteText) {
        if let q = path.utf8.firstIndex(of: UInt8(ascii: "?")) {
            text += String(path[..<q])
            text += "?…"
        } else {
            text += path
        }
    }

    /// `username=alice password=•••` or `access_token=eyJ…Xk1abcde`: scalars only, tokens abbreviated.
    public static func summary(_ body: JSONObject) -> String {
        var text = ByteText()
        appendSummary(body, to: &text)
        return text.string
    }

    static func appendSummary(_ body: JSONObject, to text: inout ByteText) {
        for (i, member) in body.members.enumerated() {
            if i > 0 { text += " " }
            // A WeChat push: say what it is rather than show abbreviated XML.
            if member.key == "xml", case .string(let xml) = member.value {
                text += "xml "
                appendPushSummary(xml, to: &text)
                continue
            }
            text += member.key
            text += "="
            if isSecret(member.key) { text += "•••"; continue }
            switch member.value {
            case .string(let s):
                if s.utf8.count > 24 { text.appendAbbreviated(s.utf8[...]) } else { text += s }
            case .int(let n): text.append(Int(n))
            case .array(let items) where items.allSatisfy({ $0.objectValue == nil && $0.arrayValue == nil }):
                for (j, item) in items.enumerated() {
                    if j > 0 { text += "," }
                    if case .string(let s) = item { text += s } else { text += item.plainText }
                }
            case .array(let items): text += "["; text.append(items.count); text += "]"
            case .object: text += "{…}"
            default: text += member.value.plainText
            }
        }
    }

    /// `InfoType=component_verify_ticket ComponentVerifyTicket=tic…` from a push's XML.
    static func appendPushSummary(_ xml: String, to text: inout ByteText) {
        var first = true
        for name in ["InfoType", "ComponentVerifyTicket", "AuthorizerAppid", "AuthorizationCode"] {
            guard let value = ComponentClient.field(name, in: xml) else { continue }
            if !first { text += " " }
            first = false
            text += name; text += "="
            if value.utf8.count > 24 { text.appendAbbreviated(value.utf8[...]) } else { text += value }
        }
    }

    /// Body fields never shown in a log: `password`, `client_secret`, `component_appsecret`…
    static func isSecret(_ key: String) -> Bool {
        // Byte comparison: `hasSuffix` compares Characters, which costs far more.
        key.utf8.reversed().starts(with: "drowssap".utf8) || key.utf8.reversed().starts(with: "terces".utf8)
    }

    /// One JSON object per entry: `at`, `kind`, and `method`, `path`, `status`, `error` where they apply.
    public static func json(_ entry: LogEntry) -> JSONObject {
        var o = JSONObject()
        o["seq"] = .int(Int64(entry.sequence))
        o["at"] = .string(entry.at.iso8601)
        switch entry.event {
        case .request(let id, let from, let to, let request):
            o["kind"] = "request"; o["exchange"] = .int(Int64(id.value)); o["from"] = .string(from.name); o["to"] = .string(to.name)
            o["method"] = .string(request.method); o["path"] = .string(request.path)
        case .response(let id, let from, let to, let method, let path, let response):
            o["kind"] = "response"; o["exchange"] = .int(Int64(id.value)); o["from"] = .string(from.name); o["to"] = .string(to.name)
            o["method"] = .string(method); o["path"] = .string(path); o["status"] = .int(Int64(response.status))
            if let code = response.errorCode { o["error"] = .string(code) }
        case .responseLost(let id, let from, let to, let method, let path, let status):
            o["kind"] = "response_lost"; o["exchange"] = .int(Int64(id.value)); o["from"] = .string(from.name); o["to"] = .string(to.name)
            o["method"] = .string(method); o["path"] = .string(path); o["status"] = .int(Int64(status))
        case .interceptor(let note):
            o["kind"] = "interceptor"
            o["action"] = .string(interceptorAction(note))
            if let request = note.request {
                if let exchange = request.exchange { o["exchange"] = .int(Int64(exchange.value)) }
                o["method"] = .string(request.method); o["path"] = .string(request.path)
            }
            if case .refreshFailed(let status, let error, _, _) = note {
                if let status { o["status"] = .int(Int64(status)) }
                if let error { o["error"] = .string(error) }
            }
        case .tokenIssued(let kind, let jti, let exp, let to):
            o["kind"] = "token_issued"; o["token"] = .string(kind.rawValue); o["jti"] = .string(jti)
            o["exp"] = .string(exp.iso8601); o["to"] = .string(to.name)
        case .tokenExpired(let kind, let jti):
            o["kind"] = "token_expired"; o["token"] = .string(kind.rawValue); o["jti"] = .string(jti)
        case .familyRevoked(let family, let reason):
            o["kind"] = "family_revoked"; o["family"] = .string(family); o["reason"] = .string(reason.description)
        case .clockJumped(let from, let to):
            o["kind"] = "clock_jump"; o["from"] = .string(from.iso8601); o["to"] = .string(to.iso8601)
        case .clientState(let state):
            o["kind"] = "client_state"; o["state"] = .string(state)
        case .note:
            o["kind"] = "note"
        case .storeCommand(let store, let from, let command, let result):
            o["kind"] = "store"; o["store"] = .string(store); o["from"] = .string(from.name)
            o["command"] = .string(command); o["result"] = .string(result)
        }
        o["text"] = .string(message(entry.event))
        return o
    }

    static func interceptorAction(_ note: InterceptorNote) -> String {
        switch note {
        case .refreshStarted(_, let proactive): return proactive ? "proactive_refresh" : "refresh"
        case .queued: return "queued"
        case .retry: return "retry"
        case .refreshSucceeded: return "refresh_succeeded"
        case .refreshFailed: return "refresh_failed"
        case .noRefreshOnInvalidToken: return "no_refresh_on_invalid_token"
        case .retryExhausted: return "retry_exhausted"
        case .noToken: return "no_token"
        case .timedOut: return "timed_out"
        }
    }
}
