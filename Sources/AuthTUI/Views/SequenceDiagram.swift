import AuthEngine
import AuthLive

/// A sequence diagram drawn from the log: one vertical lane per group of parties, and an
/// arrow for every request and response between them, the newest highlighted.
struct SequenceDiagram: Sendable {
    /// One arrow, from a logged request or response.
    struct Arrow: Sendable {
        let from: Int
        let to: Int
        let label: Text
        let style: Style
        let sequence: Int
    }

    let title: Text
    let lanes: [Text]
    /// Which lane a party stands in (nil: not part of this diagram).
    let lane: @Sendable (Party) -> Int?
    /// The label of a request's arrow.
    let requestLabel: @Sendable (HTTPRequest) -> Text
    /// The label of a response's arrow.
    let responseLabel: @Sendable (HTTPResponse, String) -> Text
    /// Shorter lane names, for a lane whose name does not fit its column (empty: none).
    var narrowLanes: [Text] = []
    /// Which lane a real client (`--listen`) stands in for an exchange the gateway routed to
    /// this area, by its route (nil: not this diagram's).
    var peerLane: @Sendable (LiveArea, String) -> Int? = { _, _ in nil }

    /// The arrows of the log, leaving out entries in `hidden` (not shown yet, one `n` at a
    /// time). `live`: the gateway, which says where each real client's exchange went.
    func arrows(_ world: Simulation, live: LiveGateway?, hidden: ClosedRange<Int>? = nil) -> [Arrow] {
        func lane(_ party: Party, _ exchange: ExchangeID, _ route: String) -> Int? {
            guard party.name.hasPrefix("peer ") else { return self.lane(party) }
            return live?.area(ofExchange: exchange).flatMap { peerLane($0, route) }
        }
        return world.log.entries.compactMap { entry -> Arrow? in
            if let hidden, hidden.contains(entry.sequence) { return nil }
            switch entry.event {
            case .request(let id, let from, let to, let request):
                guard let a = lane(from, id, request.route), let b = lane(to, id, request.route) else { return nil }
                return Arrow(from: a, to: b, label: requestLabel(request), style: Theme.value, sequence: entry.sequence)
            case .response(let id, let from, let to, _, let path, let response):
                let route = URLQuery.path(of: path)
                guard let a = lane(from, id, route), let b = lane(to, id, route) else { return nil }
                let style = response.wechatErrcode != nil ? Theme.bad : Theme.status(response.status)
                return Arrow(from: a, to: b, label: responseLabel(response, path), style: style, sequence: entry.sequence)
            default:
                return nil
            }
        }
    }

    /// A labelled divider before the arrow with this log sequence (an attack's start and end).
    struct Mark: Hashable, Sendable {
        let sequence: Int
        let label: Text
    }

    func render(_ world: Simulation, live: LiveGateway?, hidden: ClosedRange<Int>? = nil, marks: [Mark] = [], emptyHint: Text,
                language: Language, in rect: Rect, on canvas: inout Canvas) {
        canvas.box(rect, title: title(language), style: Theme.border)
        let area = rect.inner.insetBy(dx: 1, dy: 0)
        guard area.width >= 20, area.height >= 4, lanes.count >= 2 else { return }
        let step = (area.width - 3) / (lanes.count - 1)
        let columns = lanes.indices.map { area.x + 1 + $0 * step }
        let room = max(4, (area.width - 2) / lanes.count)
        for (i, name) in lanes.enumerated() {
            var title = name(language)
            if DisplayWidth.of(title) > room, i < narrowLanes.count { title = narrowLanes[i](language) }
            title = DisplayWidth.truncate(title, to: room)
            let x = min(max(area.x, columns[i] - DisplayWidth.of(title) / 2), area.maxX - DisplayWidth.of(title))
            canvas.put(title, x: x, y: area.y, style: Theme.emphasis, clip: area)
        }
        let top = area.y + 1
        for row in top..<area.maxY {
            for x in columns { canvas.put("┊", x: x, y: row, style: Theme.muted, clip: area) }
        }
        let all = arrows(world, live: live, hidden: hidden)
        guard let newest = all.last?.sequence, let oldest = all.first?.sequence else {
            canvas.put(emptyHint(language), x: area.x, y: top + 1, style: Theme.muted, clip: area)
            return
        }
        // Arrows (two rows each) with the dividers between them (one row), newest at the bottom.
        enum Item { case arrow(Arrow), divider(String) }
        var items: [Item] = []
        let pending = marks.filter { mark in mark.sequence >= oldest && !(hidden?.contains(mark.sequence) ?? false) }.sorted { $0.sequence < $1.sequence }
        var next = 0
        for arrow in all {
            while next < pending.count, pending[next].sequence <= arrow.sequence { items.append(.divider(pending[next].label(language))); next += 1 }
            items.append(.arrow(arrow))
        }
        if hidden == nil { while next < pending.count { items.append(.divider(pending[next].label(language))); next += 1 } }
        var rows = area.maxY - top
        var shown: [Item] = []
        for item in items.reversed() {
            let height: Int
            if case .arrow = item { height = 2 } else { height = 1 }
            guard rows >= height else { break }
            rows -= height
            shown.insert(item, at: 0)
        }
        var y = top
        for item in shown {
            switch item {
            case .divider(let label):
                let text = "┄ " + label + " "
                canvas.put(text + String(repeating: "┄", count: max(0, area.width - DisplayWidth.of(text))), x: area.x, y: y, style: Theme.warning, clip: area)
                y += 1
            case .arrow(let arrow):
                let current = arrow.sequence == newest
                draw(arrow, language, columns: columns, y: y, style: current ? arrow.style.with(bold: true) : Theme.muted, current: current, area: area, &canvas)
                y += 2
            }
        }
    }

    private func draw(_ arrow: Arrow, _ language: Language, columns: [Int], y: Int, style: Style, current: Bool, area: Rect, _ canvas: inout Canvas) {
        let a = columns[arrow.from], b = columns[arrow.to]
        let label = current ? "▸ " + arrow.label(language) : arrow.label(language)
        guard a != b else {
            canvas.put("↺ " + label, x: a + 1, y: y + 1, style: style, clip: area)
            return
        }
        let left = min(a, b), right = max(a, b)
        // The label sits above the arrow, starting at its left end.
        let labelX = max(area.x, min(left + 1, area.maxX - DisplayWidth.of(label)))
        canvas.put(label, x: labelX, y: y, style: style, clip: area)
        let line = String(repeating: "─", count: max(0, right - left - 1))
        canvas.put(a < b ? line + "▶" : "◀" + line, x: left + (a < b ? 1 : 0), y: y + 1, style: style, clip: area)
    }
}
