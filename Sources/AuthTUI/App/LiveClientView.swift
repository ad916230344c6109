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

    /// The live OAuth client tab 2 follows, if one is chosen and still known.
    var shownLiveOAuthClient: LiveOAuthClient? {
        guard let number = liveOAuthClientNumber else { return nil }
        return live?.oauthClients.first { $0.number == number }
    }

    /// `o` in tab 2: the simulated app, then each live OAuth client in turn.
    mutating func showNextOAuthClient() {
        let clients = live?.oauthClients ?? []
        guard !clients.isEmpty else {
            status = liveURL.map {
                StatusMessage(en: "no live OAuth client has exchanged a code yet: try \($0)/app/ in a browser",
                              zh: "还没有实时 OAuth \(.client)兑换过\(.authorizationCode)：在浏览器里打开 \($0)/app/ 试试") }
                ?? StatusMessage(en: "o follows live OAuth clients: start with --listen PORT and point a real client at it",
                                 zh: "o 跟随实时 OAuth \(.client)：用 --listen PORT 启动，再把真实的\(.client)指向它")
            return
        }
        let next = clients.first { $0.number > (liveOAuthClientNumber ?? 0) }
        liveOAuthClientNumber = next?.number
        status = next.map { StatusMessage(en: "the credentials show live OAuth client \($0.number) (\($0.clientID), last from \($0.peer)); o: the next",
                                          zh: "凭证面板显示实时 OAuth \(.client) \($0.number)（\($0.clientID)，最近来自 \($0.peer)）；o：下一个") }
            ?? StatusMessage(en: "the credentials show the simulated app again", zh: "凭证面板重新显示模拟的\(.app)")
    }

    /// `o`: the playground's client, then each live client in turn.
    mutating func showNextClient() {
        let clients = live?.clients ?? []
        guard !clients.isEmpty else {
            status = liveURL.map {
                StatusMessage(en: "no live client has logged in yet: POST \($0)/auth/login", zh: "还没有实时\(.client)登录：POST \($0)/auth/login") }
                ?? StatusMessage(en: "o follows live clients: start with --listen PORT and point a real client at it",
                                 zh: "o 跟随实时\(.client)：用 --listen PORT 启动，再把真实的\(.client)指向它")
            return
        }
        let next = clients.first { $0.number > (liveClientNumber ?? 0) }
        liveClientNumber = next?.number
        status = next.map { StatusMessage(en: "the panels show live client \($0.number) (\($0.user), last from \($0.peer)); o: the next",
                                          zh: "面板显示实时\(.client) \($0.number)（\($0.user)，最近来自 \($0.peer)）；o：下一个") }
            ?? StatusMessage(en: "the panels show the playground's own client again", zh: "面板重新显示演练场自己的\(.client)")

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
