import AuthEngine

/// The request log: newest at the bottom, following the newest unless the user moved
/// the cursor up. Each line: time, direction, method, path, status, interceptor notes.
enum LogPanel {
    typealias Segments = [(String, Style)]

    static func render(_ state: AppState, in rect: Rect, on canvas: inout Canvas) {
        let following = state.logCursor == nil
        // Following the newest, only the rows on screen are looked for; scrolled, all of them.
        let rowsWanted = max(1, rect.height - 2)
        let entries = following
            ? LogScope.tail(state, count: rowsWanted, before: state.hiddenSequences?.lowerBound)
            : LogScope.entries(state)
        let l = state.language
        let scope = state.logAll ? Text(en: " · all flows (* this tab)", zh: " · 所有流程（* 本标签页）") : .empty
        let scrolled = following ? .empty : Text(en: " · ↑ scrolled (End follows)", zh: " · ↑ 已滚动（End 跟随最新）")
        let title = Text(en: "Request log\(scope)\(scrolled)", zh: "请求\(.log)\(scope)\(scrolled)")(l)
        canvas.box(rect, title: title, style: state.focus == .log ? Theme.focusedBorder : Theme.border)
        let area = rect.inner.insetBy(dx: 1, dy: 0)
        guard !area.isEmpty else { return }
        guard !entries.isEmpty else {
            let steps = Keymap.firstSteps(on: state.tab).map { $0.keys[0].label + "  " + $0.label(l) }
            let hint = [Text(en: "Nothing yet.", zh: "还没有记录。")(l), ""] + steps + [Text(en: "?  every key", zh: "?  所有按键")(l)]
            for (row, text) in hint.enumerated() where row < area.height {
                canvas.put(text, x: area.x, y: area.y + row, style: Theme.muted, clip: area)
            }
            return
        }
        var newest = entries.count - 1
        // While tab 2/3 shows an interaction one message per `n`, so does the log.
        if following, let hidden = state.hiddenSequences { newest = max(0, (entries.lastIndex { $0.sequence < hidden.lowerBound } ?? 0)) }
        let rows = area.height
        /// A date line goes above the first entry of each new day (after a jump of days the
        /// order of times would otherwise look wrong).
        func newDay(_ i: Int) -> Bool { i > 0 && entries[i].at.dayNumber != entries[i - 1].at.dayNumber }
        var top: Int
        if let cursor = state.logCursor, let logTop = state.logTop {
            let cursorIndex = index(of: cursor, in: entries), topIndex = index(of: logTop, in: entries)
            top = min(topIndex, max(0, min(cursorIndex, newest - rows + 1)))
        } else {
            // Following: as many of the newest entries as fit with their date lines.
            top = newest
            var used = 1 + (newDay(newest) ? 1 : 0)
            while top > 0, used + 1 + (newDay(top - 1) ? 1 : 0) <= rows {
                top -= 1
                used += 1 + (newDay(top) ? 1 : 0)
            }
        }
        let compact = area.width < 56
        let selectedSequence = state.logCursor ?? entries[newest].sequence
        var row = 0
        var i = top
        while row < rows, i <= newest {
            let entry = entries[i]
            if newDay(i) {
                let text = "── " + entry.at.date + " "
                canvas.put(text + String(repeating: "─", count: max(0, area.width - DisplayWidth.of(text))), x: area.x, y: area.y + row, style: Theme.title, clip: area)
                row += 1
                guard row < rows else { break }
            }
            let selected = state.focus == .log && selectedSequence == entry.sequence
            var x = area.x
            for (text, style) in segments(entry, compact: compact, width: area.width, language: l) {
                x += canvas.put(text, x: x, y: area.y + row, style: selected ? style.with(reverse: true) : style, clip: area)
            }
            if selected, x < area.maxX {
                canvas.put(String(repeating: " ", count: area.maxX - x), x: x, y: area.y + row, style: Theme.selection, clip: area)
            }
            row += 1
            i += 1
        }
    }

    /// The position of the entry with `sequence` (or the first after it) in `entries`.
    static func index(of sequence: Int, in entries: [LogEntry]) -> Int {
        entries.firstIndex { $0.sequence >= sequence } ?? max(0, entries.count - 1)
    }

    /// One entry as coloured pieces. `compact` drops milliseconds and shortens parties, and
    /// leads an exchange with its number (`#4`) — on a response only when its status and
    /// error code still fit in `width` beside it: the code matters more than the number.
    static func segments(_ entry: LogEntry, compact: Bool, width: Int = .max, language l: Language = .en) -> Segments {
        let time = compact ? String(entry.at.timeOfDay.prefix(8)) : entry.at.timeOfDay
        var s: Segments = [(time + " ", Theme.muted)]
        switch entry.event {
        case .request(let id, let from, let to, let request):
            // Narrow: the exchange number leads, so the interceptor's "#4" can be found.
            if compact { s.append(("#\(id.value) ", Theme.muted)) }
            s.append((arrow(from, to), Theme.muted))
            s.append((request.method + " " + request.path, Theme.value))
            if request.bearerToken == nil, request.headers["Cookie"] == nil, request.path.hasPrefix("/api") {
                s.append((Text(en: "  no credential", zh: "  没带凭证")(l), Theme.warning))
            }
            if !compact { s.append(("  #\(id.value)", Theme.muted)) }
        case .response(let id, let from, let to, let method, let path, let response):
            // A WeChat error is an HTTP 200 with an errcode: coloured by the errcode.
            let errcode = response.wechatErrcode
            let style = errcode != nil ? Theme.bad : Theme.status(response.status)
            let code = errcode.map { "errcode \($0)" } ?? response.errorCode
            if compact {
                let number = "#\(id.value) "
                let essential = [time + " ", arrow(from, to), String(response.status), code.map { " " + $0 } ?? ""]
                if essential.reduce(DisplayWidth.of(number), { $0 + DisplayWidth.of($1) }) <= width { s.append((number, Theme.muted)) }
            }
            s.append((arrow(from, to), Theme.muted))
            s.append((String(response.status), style))
            if compact {
                // Narrow: the error code comes before the path, so an edge cuts the path, not the code.
                if let code { s.append((" " + code, style.with(bold: false))) }
                s.append((" " + LogFormatter.withoutQuery(path), Theme.value))
            } else if let code, DisplayWidth.of(time) + 1 + DisplayWidth.of(arrow(from, to)) + DisplayWidth.of(String(response.status))
                        + 1 + DisplayWidth.of(method) + 1 + DisplayWidth.of(LogFormatter.withoutQuery(path)) + 2 + DisplayWidth.of(code) > width {
                // The code would be cut at the panel's edge: it goes before the request, as narrow.
                s.append((" " + code, style.with(bold: false)))
                s.append((" " + method + " " + LogFormatter.withoutQuery(path), Theme.value))
            } else {
                s.append((" " + method + " " + LogFormatter.withoutQuery(path), Theme.value))
                if let code { s.append(("  " + code, style.with(bold: false))) }
            }
            if !compact { s.append(("  #\(id.value)", Theme.muted)) }
        case .responseLost(_, let from, let to, _, let path, _):
            s.append((arrow(from, to), Theme.muted))
            s.append((Text(en: "✗ response lost: \(path)", zh: "✗ 响应丢失：\(path)")(l), Theme.bad))
        case .interceptor(let note):
            let (text, style) = interceptor(note, compact: compact)
            s.append((text(l), style))
        case .tokenIssued(let kind, let jti, _, let to):
            let name = kindName(kind, compact: compact)
            s.append((Text(en: "● \(name) \(jti.prefix(8)) → \(recipient(to))", zh: "● \(name) \(jti.prefix(8)) → \(recipient(to))")(l), to == .attacker ? Theme.bad : Theme.good))
        case .tokenExpired(let kind, let jti):
            let name = kindName(kind, compact: compact)
            s.append((Text(en: "○ \(name) \(jti.prefix(8)) expired", zh: "○ \(name) \(jti.prefix(8)) 已过期")(l), Theme.warning))
        case .familyRevoked(_, let reason):
            let (whole, clause) = RevocationStory.text(reason)
            // Narrow: the reason's first clause ("reuse detected", "logout"), not "revoked: revoked by…".
            let short = RevocationStory.clauseSaysRevoked(reason) ? Text.verbatim("✗ ") + clause : Text(en: "✗ revoked: \(clause)", zh: "✗ 已\(.revoke)：\(clause)")
            s.append(((compact ? short : Text(en: "✗ login revoked: \(whole)", zh: "✗ 登录已\(.revoke)：\(whole)"))(l), Theme.bad))
        case .clockJumped(let from, let to):
            s.append((Text(en: "» clock +\(DurationSyntax.format(to - from))", zh: "» 时钟 +\(DurationSyntax.format(to - from))")(l), Theme.title))
        case .clientState(let state):
            let said = ClientState(rawValue: state).map(ClientStateStory.text) ?? .verbatim(state)
            s.append((Text(en: "client: \(said)", zh: "\(.client)：\(said)")(l), state == ClientState.loginRequired.rawValue ? Theme.bad : Theme.emphasis))
        case .note(let note):
            s.append(("· " + NoteStory.text(note)(l), Theme.muted))
        case .storeCommand(_, let from, let command, let result):
            s.append((short(from) + "→redis ", Theme.muted))
            s.append((command + " ⇒ " + result, result.hasPrefix("ERR") ? Theme.bad : Theme.value))
        }
        return s
    }

    /// `c→s`: client to server; `x`: the attacker; `b`, `app`, `be`, `p`, `api`: browser,
    /// the third party's front and back end, the platform and its API.
    /// Who a token went to: a live client by its port (`live :48352`), others by name.
    static func recipient(_ party: Party) -> String {
        guard party.name.hasPrefix("peer "), let colon = party.name.lastIndex(of: ":") else { return party.name }
        return "live " + party.name[colon...]
    }

    static func arrow(_ from: Party, _ to: Party) -> String {
        short(from) + "→" + short(to) + " "
    }

    static let shortNames: [Party: String] = [
        .client: "c", .server: "s", .attacker: "x", .browser: "b", .app: "app", .appBackend: "be",
        .platform: "p", .platformAPI: "api", .wechat: "wx", .component: "comp", .merchant: "mch", .device: "tv", .phone: "ph",
    ]

    static func short(_ party: Party) -> String {
        if let name = shortNames[party] { return name }
        let n = party.name
        if n.hasPrefix("session-app-") { return String(n.dropFirst(8)) }   // app-2
        if n.hasPrefix("jwt-app-") { return "jwt-" + n.dropFirst(8) }      // jwt-2
        if n == "session-client" { return "sc" }
        if n.hasPrefix("peer ") { return "live" } // a real client (live mode); details show its address
        if n == "session-lb" { return "lb" }
        return String(n.prefix(3))
    }

    /// A token's kind as the log line names it (narrow: `short`, wide: `short token`).
    static func kindName(_ kind: TokenKind, compact: Bool) -> Text {
        switch kind {
        case .short: return compact ? Text(en: "short", zh: "短") : .term(.shortToken)
        case .long: return compact ? Text(en: "long", zh: "长") : .term(.longToken)
        case .access: return compact ? Text(en: "access", zh: "访问") : .term(.accessToken)
        case .refresh: return compact ? Text(en: "refresh", zh: "刷新") : .term(.refreshToken)
        }
    }

    static func interceptor(_ note: InterceptorNote, compact: Bool = false) -> (Text, Style) {
        switch note {
        case .refreshStarted(let request, let proactive):
            if compact {
                return (proactive ? Text(en: "⟳ refresh early: \(request.path)", zh: "⟳ 提前\(.refresh)：\(request.path)")
                                  : Text(en: "⟳ \(request) token_expired: refresh", zh: "⟳ \(request) token_expired：\(.refresh)"), Theme.title)
            }
            return (proactive ? Text(en: "⟳ proactive refresh (before \(request.path))", zh: "⟳ 提前\(.refresh)（在 \(request.path) 之前）")
                              : Text(en: "⟳ refresh (\(request) got token_expired)", zh: "⟳ \(.refresh)（\(request) 收到 token_expired）"), Theme.title)
        case .queued(let request): return (Text(en: "⏸ \(request) queued behind the refresh", zh: "⏸ \(request) 排队等待\(.refresh)"), Theme.warning)
        case .retry(let request): return (Text(en: "↻ retry \(request) with the new token", zh: "↻ 用新\(.token)重试 \(request)"), Theme.title)
        case .refreshSucceeded(let renewed):
            return (renewed ? Text(en: "✓ refreshed: new long token", zh: "✓ 已\(.refresh)：新的\(.longToken)")
                            : Text(en: "✓ refreshed: same long token", zh: "✓ 已\(.refresh)：\(.longToken)不变"), Theme.good)
        case .refreshFailed(let status, let error, let loginRequired, _):
            let cause = status.map { Text.verbatim("\($0) \(error ?? "")") } ?? Text(en: "no response", zh: "没有响应")
            // Narrow: the answer first, so a cut takes the words, not the code ("client: login required" follows).
            if compact { return (Text(en: "✗ \(cause): refresh failed", zh: "✗ \(cause)：\(.refresh)失败"), Theme.bad) }
            return (loginRequired ? Text(en: "✗ refresh failed (\(cause)): login required", zh: "✗ \(.refresh)失败（\(cause)）：需要重新登录")
                                  : Text(en: "✗ refresh failed (\(cause))", zh: "✗ \(.refresh)失败（\(cause)）"), Theme.bad)
        case .noRefreshOnInvalidToken(let request):
            return (Text(en: "✗ \(request): invalid_token, no refresh", zh: "✗ \(request)：invalid_token，不\(.refresh)"), Theme.bad)
        case .retryExhausted(let request): return (Text(en: "✗ \(request) was the retry: giving up", zh: "✗ \(request) 已经是重试：放弃"), Theme.bad)
        case .noToken(let request): return (Text(en: "\(request) went without a token", zh: "\(request) 没带\(.token)就发出了"), Theme.warning)
        case .timedOut(let request): return (Text(en: "✗ \(request): \(request.path) timed out", zh: "✗ \(request)：\(request.path) 超时"), Theme.bad)
        }
    }
}
