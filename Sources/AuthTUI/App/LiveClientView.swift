import AuthEngine
import AuthLive

extension AppState {
    /// The live client the panels follow: the one `o` chose, if still known; until `o`
    /// chooses, the newest live client while the playground's own client holds no tokens
    /// (whose tokens someone pointing curl or an app at `--listen` wants to watch).
    var shownLiveClient: LiveClient? {
        if let number = liveClientNumber { return live?.clients.first { $0.number == number } }
        guard !liveClientChosen, world.client.long == nil, world.client.short == nil else { return nil }
        return live?.clients.max { $0.number < $1.number }
    }

    /// The token the panels show: the chosen live client's, else the playground client's.
    func shownToken(_ kind: TokenKind) -> HeldToken? {
        if let client = shownLiveClient { return kind == .short ? client.short : client.long }
        return kind == .short ? world.client.short : world.client.long
    }

    /// The live OAuth client tab 2 follows: the one `o` chose, if still known; until `o`
    /// chooses, the newest one while the simulated app holds no access token (a class signing
    /// in through `/app/` in browsers watches its own tokens).
    var shownLiveOAuthClient: LiveOAuthClient? {
        if let number = liveOAuthClientNumber { return live?.oauthClients.first { $0.number == number } }
        guard !liveOAuthClientChosen, oauthFlow.app.accessToken == nil else { return nil }
        return live?.oauthClients.max { $0.number < $1.number }
    }

    /// `o` in tab 2: each live OAuth client in turn (from the one shown), then the simulated app.
    mutating func showNextOAuthClient() {
        cycle(live?.oauthClients ?? [], number: \.number, chosen: \.liveOAuthClientNumber,
              from: shownLiveOAuthClient?.number, choosing: \.liveOAuthClientChosen,
              none: liveURL.map {
                  StatusMessage(en: "no live OAuth client has exchanged a code yet: try \($0)/app/ in a browser",
                                zh: "还没有实时 OAuth \(.client)兑换过\(.authorizationCode)：在浏览器里打开 \($0)/app/ 试试") }
                  ?? StatusMessage(en: "o follows live OAuth clients: start with --listen PORT and point a real client at it",
                                   zh: "o 跟随实时 OAuth \(.client)：用 --listen PORT 启动，再把真实的\(.client)指向它"),
              shown: { StatusMessage(en: "the credentials show live OAuth client \($0.number) (\($0.clientID), last from \($0.peer)); o: the next",
                                     zh: "凭证面板显示实时 OAuth \(.client) \($0.number)（\($0.clientID)，最近来自 \($0.peer)）；o：下一个") },
              back: StatusMessage(en: "the credentials show the simulated app again", zh: "凭证面板重新显示模拟的\(.app)"))
    }

    /// The live device tab 5 follows: the one `o` chose, if still known; until `o` chooses,
    /// the newest one while the simulated TV has asked for no code (a class watching a real
    /// device's code count down while phones approve it).
    var shownLiveDevice: LiveDevice? {
        if let number = liveDeviceNumber { return live?.devices.first { $0.number == number } }
        guard !liveDeviceChosen, oauthFlow.device.code == nil else { return nil }
        return live?.devices.max { $0.number < $1.number }
    }

    /// The device grant tab 5's panel and header show: the live device's when one is shown,
    /// else the simulated TV's.
    var shownDeviceGrant: DeviceGrant? {
        guard let device = shownLiveDevice else { return DeviceStage.grant(oauthFlow) }
        return oauthFlow.authorizationServer.deviceGrants[device.deviceCode]
    }

    /// `o` in tab 5: each live device in turn (from the one shown), then the simulated TV.
    mutating func showNextDevice() {
        cycle(live?.devices ?? [], number: \.number, chosen: \.liveDeviceNumber,
              from: shownLiveDevice?.number, choosing: \.liveDeviceChosen,
              none: liveURL.map {
                  StatusMessage(en: "no live device has asked for a code yet: POST \($0)/oauth/device_authorization",
                                zh: "还没有实时设备申请过码：POST \($0)/oauth/device_authorization") }
                  ?? StatusMessage(en: "o follows live devices: start with --listen PORT and point a real device client at it",
                                   zh: "o 跟随实时设备：用 --listen PORT 启动，再把真实的设备\(.client)指向它"),
              shown: { StatusMessage(en: "the codes panel shows live device \($0.number) (\($0.clientID), last from \($0.peer)); o: the next",
                                     zh: "设备码面板显示实时设备 \($0.number)（\($0.clientID)，最近来自 \($0.peer)）；o：下一个") },
              back: StatusMessage(en: "the codes panel shows the simulated TV again", zh: "设备码面板重新显示模拟的电视"))
    }

    /// What tab 3's credentials follow: the live component backends, when chosen and known.
    var shownLiveComponent: LiveComponent? { liveComponentShown ? live?.liveComponent : nil }

    /// `o` in tab 3: the simulated component, or what WeChat issued to live backends.
    mutating func toggleLiveComponent() {
        guard let component = live?.liveComponent else {
            liveComponentShown = false
            status = liveURL.map {
                StatusMessage(en: "no live component backend has called WeChat yet: POST \($0)/cgi-bin/component/api_component_token",
                              zh: "还没有实时的\(.thirdPartyPlatform)后端调用过微信：POST \($0)/cgi-bin/component/api_component_token") }
                ?? StatusMessage(en: "o follows live component backends: start with --listen PORT --wechat-callback URL",
                                 zh: "o 跟随实时的\(.thirdPartyPlatform)后端：用 --listen PORT --wechat-callback URL 启动")
            return
        }
        liveComponentShown.toggle()
        status = liveComponentShown
            ? StatusMessage(en: "the credentials show what WeChat issued to live component backends (last from \(component.peer)); o: the simulated component",
                            zh: "凭证面板显示微信签发给实时\(.thirdPartyPlatform)后端的凭证（最近来自 \(component.peer)）；o：模拟的\(.thirdPartyPlatform)")
            : StatusMessage(en: "the credentials show the simulated component again", zh: "凭证面板重新显示模拟的\(.thirdPartyPlatform)")
    }

    /// `o`: the playground's client, then each live client in turn (from the one shown).
    mutating func showNextClient() {
        cycle(live?.clients ?? [], number: \.number, chosen: \.liveClientNumber,
              from: shownLiveClient?.number, choosing: \.liveClientChosen,
              none: liveURL.map {
                  StatusMessage(en: "no live client has logged in yet: POST \($0)/auth/login", zh: "还没有实时\(.client)登录：POST \($0)/auth/login") }
                  ?? StatusMessage(en: "o follows live clients: start with --listen PORT and point a real client at it",
                                   zh: "o 跟随实时\(.client)：用 --listen PORT 启动，再把真实的\(.client)指向它"),
              shown: { StatusMessage(en: "the panels show live client \($0.number) (\($0.user), last from \($0.peer)); o: the next",
                                     zh: "面板显示实时\(.client) \($0.number)（\($0.user)，最近来自 \($0.peer)）；o：下一个") },
              back: StatusMessage(en: "the panels show the playground's own client again", zh: "面板重新显示演练场自己的\(.client)"))
    }

    /// Moves `chosen` to the next of `clients` (numbered oldest first) after `from`, the one
    /// shown now, past the last back to none (the simulated side); sets `choosing` (the
    /// panels no longer follow the newest by themselves) and says which they now show.
    private mutating func cycle<Client>(_ clients: [Client], number: KeyPath<Client, Int>, chosen: WritableKeyPath<AppState, Int?>,
                                        from current: Int?, choosing: WritableKeyPath<AppState, Bool>,
                                        none: StatusMessage, shown: (Client) -> StatusMessage, back: StatusMessage) {
        guard !clients.isEmpty else {
            status = none
            return
        }
        self[keyPath: choosing] = true
        let next = clients.first { $0[keyPath: number] > (current ?? 0) }
        self[keyPath: chosen] = next?[keyPath: number]
        status = next.map(shown) ?? back
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
