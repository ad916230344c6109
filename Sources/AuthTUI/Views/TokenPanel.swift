import AuthEngine

/// How a held token stands at the current virtual time.
struct TokenStatus: Equatable {
    enum Condition: Equatable { case none, fresh, expiring, expired, revoked }

    let kind: TokenKind
    let condition: Condition
    /// Share of its life left, 0…1.
    let fraction: Double
    let countdown: Text
    let jti: String?
    /// The token's size on the wire: it grows with its claims.
    let bytes: Int?

    /// A credential turns yellow when less than this share of its life is left.
    static let expiringBelow = 0.2

    init(_ kind: TokenKind, in world: Simulation) {
        self.init(kind, token: kind == .short ? world.client.short : world.client.long, in: world)
    }

    /// `token`: the playground client's, or a live client's.
    init(_ kind: TokenKind, token: HeldToken?, in world: Simulation) {
        self.kind = kind
        guard let token else {
            condition = .none; fraction = 0; countdown = Text(en: "none", zh: "无"); jti = nil; bytes = nil
            return
        }
        jti = token.jti
        bytes = token.raw.utf8.count
        let now = world.clock.now
        let life = max(1, (token.expiresAt - token.issuedAt).milliseconds)
        let left = (token.expiresAt - now).milliseconds
        fraction = min(1, max(0, Double(left) / Double(life)))
        let family = token.claims["fam"]?.stringValue
        if kind == .long, let family, world.server.isRevoked(family: family) {
            condition = .revoked
            countdown = Text(en: "revoked", zh: "已\(.revoke)")
        } else if left <= 0 {
            condition = .expired
            let ago = Countdown.format(Span(milliseconds: -left))
            countdown = Text(en: "expired \(ago) ago", zh: "已过期 \(ago)")
        } else if world.server.isJudgedExpired(jti: token.jti) {
            // `expire` in live mode: its exp lies ahead, but the server refuses it.
            condition = .expired
            countdown = Text(en: "expired (judged)", zh: "已过期（\(.server)判定）")
        } else {
            condition = fraction < Self.expiringBelow ? .expiring : .fresh
            countdown = .verbatim(Countdown.format(Span(milliseconds: left)))
        }
    }

    var style: Style {
        switch condition {
        case .none, .revoked: return Theme.muted
        case .fresh: return Theme.good
        case .expiring: return Theme.warning
        case .expired: return Theme.bad
        }
    }
}

/// The short and the long token: a bar that empties as each ages, and its countdown.
enum TokenPanel {
    static func render(_ state: AppState, in rect: Rect, boxed: Bool, on canvas: inout Canvas) {
        var area = rect
        if boxed {
            let title = state.shownLiveClient.map { Text(en: "Tokens · live client \($0.number) (\($0.user))", zh: "\(.token) · 实时\(.client) \($0.number)（\($0.user)）") }
                ?? Text(en: "Tokens", zh: "\(.token)")
            canvas.box(rect, title: title(state.language),
                       style: state.focus == .tokens ? Theme.focusedBorder : Theme.border)
            area = rect.inner.insetBy(dx: 1, dy: 0)
        }
        let world = state.world
        let l = state.language
        var y = area.y
        for kind in TokenKind.clientTokens where y < area.maxY {
            let status = TokenStatus(kind, token: state.shownToken(kind), in: world)
            let selected = state.selectedToken == kind && boxed
            if boxed {
                line(status, selected: selected, language: l, y: y, area, &canvas)
                y += 1
                if y < area.maxY { bar(status, x: area.x + 2, y: y, width: area.width - 2, &canvas); y += 1 }
            } else {
                // Compact: label, countdown and bar on one row.
                var x = area.x + canvas.put(kindLabel(kind, l), x: area.x, y: y, style: Theme.label, clip: area)
                let countdown = DisplayWidth.pad(status.countdown(l), to: min(22, max(10, area.width / 2 - 6)))
                x += canvas.put(countdown + " ", x: x, y: y, style: status.style.with(bold: true), clip: area)
                bar(status, x: x, y: y, width: area.maxX - x, &canvas)
                y += 1
            }
        }
        guard boxed, y < area.maxY else { return }
        if let client = state.shownLiveClient {
            // Narrow: the port alone tells connections apart on this machine.
            let full = Text(en: "from \(client.peer) · refreshes \(client.refreshes)", zh: "来自 \(client.peer) · \(.refresh) \(client.refreshes) 次")(l)
            let port = client.peer.split(separator: ":").last.map {
                Text(en: "from :\($0) · refreshes \(client.refreshes)", zh: "来自 :\($0) · \(.refresh) \(client.refreshes) 次")(l) } ?? full
            canvas.put(DisplayWidth.of(full) <= area.width ? full : port, x: area.x, y: y, style: Theme.muted, clip: area)
            return
        }
        let attacker = world.attacker.stolenLong != nil
        // How often each token crossed the network: the short one with every call, the long one
        // only to refresh (why it may live longer).
        let sent = Text(en: "sent: short \(world.client.shortTokenSends)× · long \(world.client.longTokenSends)×",
                        zh: "发送次数：短 \(world.client.shortTokenSends)× · 长 \(world.client.longTokenSends)×")(l)
        let refreshes = Text(en: " · refreshes \(world.client.refreshCount)", zh: " · \(.refresh) \(world.client.refreshCount) 次")(l)
        let note = attacker ? Text(en: "⚠ an attacker holds a copy of a long token", zh: "⚠ \(.attacker)持有一份\(.longToken)的副本")(l)
            : sent + (DisplayWidth.of(sent + refreshes) <= area.width ? refreshes : "")
        canvas.put(note, x: area.x, y: y, style: attacker ? Theme.bad : Theme.muted, clip: area)
    }

    /// `short `, `long  ` (`短token `, `长token `): the same width for both, so the countdowns line up.
    static func kindLabel(_ kind: TokenKind, _ language: Language) -> String {
        let labels = [Text(en: "short", zh: "\(.shortToken)"), Text(en: "long", zh: "\(.longToken)")].map { $0(language) }
        let width = labels.map { DisplayWidth.of($0) }.max()! + 1
        return DisplayWidth.pad(labels[kind == .short ? 0 : 1], to: width)
    }

    private static func line(_ status: TokenStatus, selected: Bool, language: Language, y: Int, _ area: Rect, _ canvas: inout Canvas) {
        var x = area.x
        x += canvas.put(selected ? "▸ " : "  ", x: x, y: y, style: Theme.key, clip: area)
        x += canvas.put(kindLabel(status.kind, language), x: x, y: y, style: Theme.emphasis, clip: area)
        x += canvas.put(status.countdown(language), x: x, y: y, style: status.style.with(bold: true), clip: area)
        if let jti = status.jti, let bytes = status.bytes {
            // The size first (it grows with the claims), then the id where there is room.
            let full = "\(bytes) B · jti " + String(jti.prefix(8)), short = "\(bytes) B"
            let label = area.maxX - DisplayWidth.of(full) > x + 1 ? full : short
            let at = area.maxX - DisplayWidth.of(label)
            if at > x + 1 { canvas.put(label, x: at, y: y, style: Theme.muted, clip: area) }
        }
    }

    private static func bar(_ status: TokenStatus, x: Int, y: Int, width: Int, _ canvas: inout Canvas) {
        guard width > 0 else { return }
        let filled = status.condition == .none ? 0 : Int((status.fraction * Double(width)).rounded(.up))
        canvas.put(String(repeating: "█", count: filled), x: x, y: y, style: status.style)
        canvas.put(String(repeating: "░", count: width - filled), x: x + filled, y: y, style: Theme.muted)
    }
}
