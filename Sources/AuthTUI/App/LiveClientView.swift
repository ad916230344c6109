import AuthEngine
import AuthLive

extension AppState {
    /// The live client the panels follow, if one is chosen and still known.
    var shownLiveClient: LiveClient? {
        guard let number = liveClientNumber else { return nil }
        return live?.clients.first { $0.number == number }
    }

    /// The token the panels show: the chosen live client's, else the playground client's.
    func shownToken(_ kind: TokenKind) -> HeldToken? {
        if let client = shownLiveClient { return kind == .short ? client.short : client.long }
        return kind == .short ? world.client.short : world.client.long
    }

    /// `o`: the playground's client, then each live client in turn.
    mutating func showNextClient() {
        let clients = live?.clients ?? []
        guard !clients.isEmpty else {
            status = StatusMessage(text: liveURL == nil
                ? "o follows live clients: start with --listen PORT and point a real client at it"
                : "no live client has logged in yet: POST \(liveURL!)/auth/login")
            return
        }
        let next = clients.first { $0.number > (liveClientNumber ?? 0) }
        liveClientNumber = next?.number
        status = StatusMessage(text: next.map { "the panels show live client \($0.number) (\($0.user), last from \($0.peer)); o: the next" }
            ?? "the panels show the playground's own client again")
    }
}

extension AppState {
    /// How far the virtual clock is from wall time in live mode (a pause puts it behind,
    /// a jump with --shifted-time ahead); nil when not live.
    var liveSkew: Span? {
        guard let epoch = liveEpoch else { return nil }
        let wall = epoch.milliseconds + Int64((realElapsed * 1000).rounded())
        return Span(milliseconds: world.clock.now.milliseconds - wall)
    }
}
