import AuthEngine

/// One log entry in full: parties, every header, the body, and any token in it decoded.
enum DetailsOverlay {
    static func lines(for entry: LogEntry, now: Instant, width: Int, language l: Language = .en) -> [(String, Style)] {
        var out: [(String, Style)] = [(Text(en: "\(entry.at.iso8601)  (log entry \(entry.sequence))", zh: "\(entry.at.iso8601)  （第 \(entry.sequence) 条\(.log)）")(l), Theme.muted)]
        var tokens: [(String, String)] = []
        func section(_ title: Text) { out.append(("", Theme.value)); out.append((title(l), Theme.title)) }
        func headers(_ h: HTTPHeaders) {
            section(Text(en: "Headers", zh: "Headers 头部"))
            if h.fields.isEmpty { out.append((Text(en: "  (none)", zh: "  （无）")(l), Theme.muted)) }
            for field in h.fields { out += wrap("  \(field.name): \(field.value)", width, Theme.value) }
        }
        func body(_ b: JSONObject?) {
            section(Text(en: "Body", zh: "Body 正文"))
            guard let b, !b.isEmpty else { out.append((Text(en: "  (empty)", zh: "  （空）")(l), Theme.muted)); return }
            if let xml = b["xml"]?.stringValue {
                // A WeChat push: the XML, one element a line.
                for line in xmlLines(xml) { out += wrap("  " + line, width, Theme.value) }
                return
            }
            for line in JSONWriter.pretty(.object(b)).split(separator: "\n") { out += wrap("  " + line, width, Theme.value) }
            for key in ["access_token", "refresh_token", "id_token"] {
                if let t = b[key]?.stringValue { tokens.append((key, t)) }
            }
        }
        switch entry.event {
        case .request(let id, let from, let to, let request):
            out.append((Text(en: "\(from.name) → \(to.name)   \(request.method) \(request.path)   exchange #\(id.value)",
                            zh: "\(from.name) → \(to.name)   \(request.method) \(request.path)   交换 #\(id.value)")(l), Theme.emphasis))
            headers(request.headers)
            if let bearer = request.bearerToken { tokens.append(("Authorization: Bearer", bearer)) }
            body(request.body)
        case .response(let id, let from, let to, let method, let path, let response):
            out.append((Text(en: "\(from.name) → \(to.name)   \(response.status) for \(method) \(path)   exchange #\(id.value)",
                            zh: "\(from.name) → \(to.name)   \(response.status)，回应 \(method) \(path)   交换 #\(id.value)")(l), Theme.status(response.status)))
            headers(response.headers)
            body(response.body)
        case .note(let note):
            out += wrap("· " + NoteStory.text(note)(l), width, Theme.value)
        default:
            out += wrap(LogFormatter.message(entry.event), width, Theme.value)
        }
        for (label, token) in tokens {
            section(Text(en: "Token in \(label)", zh: "\(label) 中的\(.token)"))
            guard let jws = try? CompactJWS(parsing: token) else {
                out.append((Text(en: "  not a JWT", zh: "  不是 JWT")(l), Theme.muted))
                continue
            }
            for line in TokenDescription.parts(for: jws, now: now) { out += wrap("  " + tokenLine(line)(l), width, Theme.value) }
        }
        return out
    }

    /// One element a line: a break after `<xml>` and after every closing tag.
    static func xmlLines(_ xml: String) -> [String] {
        var lines: [String] = []
        var line = ""
        var closing = false
        var previous: Character = " "
        for c in xml {
            line.append(c)
            if previous == "<", c == "/" { closing = true }
            if c == ">", closing || line == "<xml>" {
                lines.append(line)
                line = ""
                closing = false
            }
            previous = c
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// Splits `text` into rows of at most `width` cells, breaking after a space where a
    /// row has one (a word is split only when it alone is wider than a row); continuation
    /// rows are indented.
    static func wrap(_ text: String, _ width: Int, _ style: Style) -> [(String, Style)] {
        guard width > 0 else { return [] }
        let indent = min(4, width / 4)
        var rows: [(String, Style)] = []
        var row: [Character] = []
        var used = 0
        var firstRow = true
        for c in text {
            let w = DisplayWidth.of(c)
            if used + w > width {
                // Break after the last space past the indent, carrying the partial word over.
                let floor = firstRow ? 0 : indent
                var carry: [Character] = []
                if let space = row.lastIndex(of: " "), space >= floor, space < row.count - 1 {
                    carry = Array(row[(space + 1)...])
                    row.removeSubrange((space + 1)...)
                }
                rows.append((String(row), style))
                firstRow = false
                row = Array(repeating: " ", count: indent) + carry
                used = indent + carry.reduce(0) { $0 + DisplayWidth.of($1) }
            }
            row.append(c)
            used += w
        }
        rows.append((String(row), style))
        return rows
    }

    /// A line of a token's description in each language (its JSON as it is).
    static func tokenLine(_ line: TokenDescription.Line) -> Text {
        switch line {
        case .section(.header): return Text(en: "\(line.description)", zh: "header 头部：")
        case .section(.payload): return Text(en: "\(line.description)", zh: "payload 载荷：")
        case .section(.times): return Text(en: "\(line.description)", zh: "时间（UTC）：")
        case .time(let claim, let at, let relative):
            let when: String
            switch relative {
            case .now: when = "现在"
            case .farFuture: when = "遥远的将来"
            case .farPast: when = "遥远的过去"
            case .future(let span): when = RelativeTime.words(span) + " 后"
            case .past(let span): when = RelativeTime.words(span) + " 前"
            }
            return Text(en: "\(line.description)", zh: "  \(claim)：\(at.iso8601)（\(when)）")
        case .json, .badTime:
            return .verbatim(line.description)
        }
    }

    static func render(_ state: AppState, sequence: Int, in screen: Rect, on canvas: inout Canvas) {
        // The screen behind is blanked, not left to show through the margins in pieces.
        canvas.fill(screen)
        let rect = screen.insetBy(dx: screen.width >= 60 ? 3 : 0, dy: screen.height >= 16 ? 1 : 0)
        let l = state.language
        canvas.box(rect, title: Text(en: "Details · Esc closes", zh: "详情 · Esc 关闭")(l), style: Theme.focusedBorder)
        let inner = rect.inner.insetBy(dx: 1, dy: 0)
        let entries = state.world.log.entries
        guard let first = entries.first?.sequence, sequence >= first, sequence - first < entries.count else {
            let capacity = state.world.log.capacity
            canvas.put(Text(en: "That entry has left the log (it keeps the newest \(capacity)).", zh: "那条记录已移出\(.log)（\(.log)只保留最新的 \(capacity) 条）。")(l), x: inner.x, y: inner.y, style: Theme.muted, clip: inner)
            return
        }
        let content = lines(for: entries[sequence - first], now: state.world.clock.now, width: inner.width, language: l)
        let offset = min(state.detailsOffset, max(0, content.count - inner.height))
        for (row, line) in content.dropFirst(offset).prefix(inner.height).enumerated() {
            canvas.put(line.0, x: inner.x, y: inner.y + row, style: line.1, clip: inner)
        }
    }
}
