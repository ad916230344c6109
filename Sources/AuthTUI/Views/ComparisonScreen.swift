import AuthEngine

/// Tab 4: the same actions against both designs, side by side, with the numbers.
enum ComparisonScreen {
    static func isJWT(_ party: Party) -> Bool { party == .client || party == .server || party.name.hasPrefix("jwt-app") }
    static func isSession(_ party: Party) -> Bool { party.name.hasPrefix("session-") }

    /// The log entries that belong to one design.
    static func entries(_ world: Simulation, jwt: Bool) -> [LogEntry] {
        world.log.entries.filter { entry in
            switch entry.event {
            case .request(_, let from, let to, _), .response(_, let from, let to, _, _, _):
                return jwt ? isJWT(from) || isJWT(to) : isSession(from) || isSession(to)
            case .storeCommand(_, _, let command, _):
                // The denylist is the JWT design's state; sessions are the other's.
                return command.contains(jwt ? " deny:" : " sess:")
            case .interceptor, .tokenIssued, .tokenExpired, .familyRevoked, .clientState:
                return jwt
            case .note(let note):
                return jwt != LogScope.isSessionNote(note)
            default:
                return false
            }
        }
    }

    /// The comparison table: (label, JWT value, session value).
    static func rows(_ world: Simulation) -> [(Text, Text, Text)] {
        let number = DesignMeter.format
        let deny = world.store.keys(prefix: "deny:")
        // Per request since the last change of a setting: an average over the whole session
        // would mix the designs before and after it.
        let jwt = world.jwtWindow, session = world.sessionWindow
        let dash = Text.verbatim("—")
        let denyBytes = world.store.bytes(prefix: "deny:")
        let sessionCount = world.sessionCluster.sessionCount, sessionBytes = world.sessionCluster.sessionBytes
        let servers = world.comparison.servers
        let storeNeeded = (world.comparison.localSessions ? Text(en: "no: server memory", zh: "不需要：\(.server)内存") : Text(en: "yes", zh: "需要"))
            + (world.store.isUp ? .empty : Text(en: " — DOWN", zh: "——已宕机"))
        return [
            (Text(en: "bytes sent per request", zh: "每个请求发送的字节"), jwt.requests == 0 ? dash : .verbatim(number(jwt.bytesPerRequest)),
             session.requests == 0 ? dash : .verbatim(number(session.bytesPerRequest))),
            (Text(en: "server-side state", zh: "\(.server)端状态"), deny.isEmpty ? Text(en: "none", zh: "无") : Text(en: "\(deny.count) denylisted (\(denyBytes) B)", zh: "\(deny.count) 个在黑名单（\(denyBytes) B）"),
             Text(en: "\(sessionCount) session(s), \(sessionBytes) B", zh: "\(sessionCount) 个\(.session)，\(sessionBytes) B")),
            (Text(en: "store look-ups per request", zh: "每个请求查询存储的次数"), jwt.requests == 0 ? dash : .verbatim(number(jwt.lookupsPerRequest)),
             session.requests == 0 ? dash : .verbatim(number(session.lookupsPerRequest))),
            (Text(en: "needs the store", zh: "是否需要存储"), world.comparison.denylist ? Text(en: "yes (denylist)", zh: "需要（黑名单）") : Text(en: "no, only the key", zh: "不需要，只要\(.key)"),
             storeNeeded),
            (Text(en: "servers", zh: "\(.server)数量"), .verbatim("\(servers)"),
             world.comparison.sticky ? Text(en: "\(servers), sticky", zh: "\(servers)，粘性") : Text(en: "\(servers), round robin", zh: "\(servers)，轮询")),
        ]
    }

    static func render(_ state: AppState, layout: ScreenLayout, on canvas: inout Canvas) {
        let world = state.world
        let body = Rect(x: 0, y: layout.header.maxY, width: state.width, height: layout.status.y - layout.header.maxY)
        let tableHeight = min(rows(world).count + 3, body.height)
        let (columns, table) = body.splitBottom(tableHeight)
        renderTable(world, language: state.language, in: table, on: &canvas)
        guard columns.height >= 5 else { return }
        let (left, right) = columns.splitLeft(columns.width / 2)
        renderColumn(state, jwt: true, in: left, on: &canvas)
        renderColumn(state, jwt: false, in: right, on: &canvas)
    }

    static func renderColumn(_ state: AppState, jwt: Bool, in rect: Rect, on canvas: inout Canvas) {
        let world = state.world
        let l = state.language
        canvas.box(rect, title: (jwt ? Text(en: "JWT · stateless", zh: "JWT · 无状态") : Text(en: "Sessions in Redis · stateful", zh: "Redis 中的\(.session) · 有状态"))(l), style: Theme.border)
        let area = rect.inner.insetBy(dx: 1, dy: 0)
        let credential: String
        let clientState: ClientState
        if jwt {
            credential = world.client.short.map { "Bearer " + $0.abbreviated + "  (\($0.authorization.utf8.count) B)" } ?? Text(en: "no token", zh: "没有\(.token)")(l)
            clientState = world.client.state
        } else {
            credential = world.sessionClient.sessionID.map { "Cookie sid=" + $0.prefix(10) + "…  (\(("sid=" + $0).utf8.count) B)" } ?? Text(en: "no session", zh: "没有\(.session)")(l)
            clientState = world.sessionClient.state
        }
        canvas.put(credential, x: area.x, y: area.y, style: Theme.emphasis, clip: area)
        canvas.put(ClientStateStory.text(clientState)(l), x: area.x, y: area.y + 1, style: clientState == .loggedIn ? Theme.good : clientState == .loginRequired ? Theme.bad : Theme.muted, clip: area)
        let logArea = Rect(x: area.x, y: area.y + 3, width: area.width, height: max(0, area.height - 3))
        guard !logArea.isEmpty else { return }
        canvas.put(String(repeating: "┄", count: area.width), x: area.x, y: area.y + 2, style: Theme.muted, clip: area)
        for (row, entry) in entries(world, jwt: jwt).suffix(logArea.height).enumerated() {
            var x = logArea.x
            for (text, style) in LogPanel.segments(entry, compact: true, width: logArea.width, language: l) {
                x += canvas.put(text, x: x, y: logArea.y + row, style: style, clip: logArea)
            }
        }
    }

    static func renderTable(_ world: Simulation, language l: Language, in rect: Rect, on canvas: inout Canvas) {
        canvas.box(rect, title: Text(en: "Side by side", zh: "并排对比")(l), style: Theme.border)
        let area = rect.inner.insetBy(dx: 1, dy: 0)
        let rows = rows(world)
        // Room for the longest label where the values leave it (at 80 columns they do).
        let longest = rows.map { DisplayWidth.of($0.0(l)) }.max() ?? 0
        let labelWidth = min(longest + 2, area.width * 2 / 5)
        let valueWidth = max(0, (area.width - labelWidth) / 2)
        canvas.put(DisplayWidth.pad("", to: labelWidth) + DisplayWidth.pad("JWT", to: valueWidth) + Text(en: "sessions", zh: "\(.session)")(l), x: area.x, y: area.y, style: Theme.label, clip: area)
        for (i, row) in rows.enumerated() where i + 1 < area.height {
            let y = area.y + 1 + i
            // One blank cell after each column, so cut text never runs into the next.
            canvas.put(DisplayWidth.pad(row.0(l), to: labelWidth - 1) + " ", x: area.x, y: y, style: Theme.muted, clip: area)
            canvas.put(DisplayWidth.pad(row.1(l), to: valueWidth - 1) + " ", x: area.x + labelWidth, y: y, style: Theme.value, clip: area)
            canvas.put(row.2(l), x: area.x + labelWidth + valueWidth, y: y, style: Theme.value, clip: area)
        }
    }
}
