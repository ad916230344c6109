import Testing
@testable import AuthEngine
@testable import AuthTUI

@Suite struct WeChatTabTests {
    func walk(_ state: inout AppState, to stage: WeChatStage) {
        for _ in 0..<40 where WeChatStage.of(state.world.wechat, now: state.world.clock.now) != stage || state.reveal != nil {
            state.type("n")
        }
    }

    @Test func nWalksTheSixStepsWithNarration() {
        var state = makeState(width: 120, height: 40)
        state.type("3")
        #expect(state.world.wechatStarted)
        // Opening the tab starts the WeChat world: the first push has reached the component.
        #expect(state.world.wechat.component.latestTicket != nil)
        #expect(WeChatScreen.narration(state)?.en.hasPrefix("1 · WeChat pushes component_verify_ticket") == true)
        walk(&state, to: .needsPreAuthCode)
        walk(&state, to: .awaitingMerchant)
        walk(&state, to: .needsQueryAuth)
        walk(&state, to: .authorized)
        #expect(state.world.wechat.component.authorizers["wxmerchant0001"] != nil)
        #expect(state.world.log.entries.contains { if case .note(let t) = $0.event { return t.description.hasPrefix("authorization page (mobile): https://open.weixin.qq.com/wxaopen/safe/bindcomponent?") }; return false })
        let labels = WeChatScreen.diagram.arrows(state.world, live: state.live).map(\.label.en)
        #expect(labels.contains("push component_verify_ticket"))
        #expect(labels.contains("② api_component_token"))
        #expect(labels.contains("③ api_create_preauthcode"))
        #expect(labels.contains("④ componentloginpage"))
        #expect(labels.contains("push authorized"))
        #expect(labels.contains("⑤ api_query_auth"))
    }

    /// The narration gives the margin the component renews with as set (`config wechat_margin`).
    @Test func stepTwoSaysTheMarginAsSet() {
        var state = makeState(width: 120, height: 40)
        _ = state.run(.config(.wechatMargin(.seconds(600))))
        state.type("3")
        walk(&state, to: .needsPreAuthCode)
        #expect(WeChatScreen.narration(state)?.en == "2 · appid + appsecret + the newest ticket → component_access_token (2 h), renewed 600 s early.")
        #expect(WeChatScreen.narration(state)?.zh.hasSuffix("（2 小时），提前 600 秒续期。") == true)
    }

    @Test func faultsShowTheirErrcodes() {
        var state = makeState(width: 120, height: 40)
        state.type("3")
        state.type("T")
        #expect(state.status?.text.en.contains("errcode 61006") == true)
        state.type("W")
        #expect(state.status?.text.en.contains("errcode 40125") == true)
        state.type("E")
        #expect(state.status?.text.en.contains("pre_auth_code_expired") == true)
        state.type("A")
        #expect(state.status?.text.en.contains("errcode 61010") == true)
        state.type("K")
        #expect(state.status?.text.en.hasSuffix("→ ok.") == true)
        #expect(state.world.wechat.lastErrcode == 42001)
        state.type("R")
        #expect(state.status?.text.en.contains("→ ok") == true)
        state.type("P")
        #expect(!state.world.wechat.platform.pushesOn)
        state.type("J")
        #expect(state.status?.text.en.contains("errcode 61005") == true)
        state.type("P")
        state.type("U")
        #expect(state.status?.text.en.contains("errcode 61023") == true)
    }

    @Test func tabThreeAt120x40And80x24() {
        var state = makeState(width: 120, height: 40)
        state.type("3")
        walk(&state, to: .authorized)
        var screen = state.screen
        #expect(screen.lines[0].contains("│ 1 Tokens 2 OAuth 3 WeChat 4 JWT/Sessions 5 Device │"))
        #expect(screen.lines[0].contains("authorized"))
        #expect(screen.row(containing: "Merchant")?.split(separator: "││")[0].contains("WeChat                 3rd party                Merchant") == true)
        #expect(screen.row(containing: "ticket     ")?.contains("11h 59m left") == true)
        #expect(screen.row(containing: "next push")?.contains("in 09:59") == true)
        #expect(screen.row(containing: "component  ")?.contains("1h 59m left") == true)
        #expect(screen.row(containing: "authorizer ")?.contains("2h 00m left") == true) // issued this instant
        #expect(screen.row(containing: "refresh    ")?.contains("no expiry") == true)
        state.type("P")
        #expect(state.screen.row(containing: "next push")?.contains("paused") == true)
        update(&state, .resize(width: 80, height: 24))
        screen = state.screen
        #expect(screen.contains("Credentials"))
        for row in 0..<24 { #expect(DisplayWidth.of(screen.lines[row]) == 80, "row \(row)") }
        update(&state, .resize(width: 50, height: 14))
        #expect(state.screen.contains("ticket"))
    }

    @Test func pushXMLShowsInTheDetailsView() {
        var state = makeState(width: 120, height: 40)
        state.type("3")
        let push = state.world.log.entries.first { if case .request(_, .wechat, .component, _) = $0.event { return true }; return false }!
        state.overlay = .details(sequence: push.sequence)
        let screen = state.screen
        #expect(screen.contains("<InfoType><![CDATA[component_verify_ticket]]></InfoType>"))
        #expect(screen.contains("Content-Type: text/xml"))
    }
}

@Suite struct WeChatSmallTests {
    @Test func at40x12TheDiagramStillShowsTheNewestMessage() {
        var state = makeState(width: 40, height: 12)
        state.type("3n")
        for _ in 0..<4 where state.reveal != nil { state.type("n") }
        let screen = state.screen
        #expect(screen.contains("▸ component_access_token"), "\(screen.text)")
    }

    @Test func aWeChatErrorIsShownWithItsErrcodeNotAsAGreen200() {
        var state = makeState(width: 120, height: 40)
        state.type("3")
        state.type("T") // a stale ticket: HTTP 200 with errcode 61006
        let entry = try! #require(state.world.log.entries.last { if case .response = $0.event { return true }; return false })
        let segments = LogPanel.segments(entry, compact: false)
        #expect(segments.contains { $0.0 == "200" && $0.1 == Theme.bad })
        #expect(segments.contains { $0.0 == "  errcode 61006" })
    }

    /// Z on tab 3 restarts the WeChat flow only: the old timers stop, a fresh platform
    /// pushes its first ticket, the diagram gets a divider, and n walks from step 2 again.
    @Test func zRestartsTheWeChatFlowAndNWalksItAgain() {
        var state = makeState(width: 100, height: 30)
        state.type("l3")
        WeChatTabTests().walk(&state, to: .authorized)
        let oldComponent = state.world.wechat.platform.componentAppID
        let short = state.world.client.short?.jti
        state.type("Z")
        #expect(state.world.wechat.platform.componentAppID != oldComponent)
        #expect(WeChatStage.of(state.world.wechat, now: state.world.clock.now) == .needsComponentToken)
        #expect(state.world.wechat.component.latestTicket != nil)
        #expect(state.world.client.short?.jti == short, "the token flow carries on")
        #expect(state.marks[.wechat]?.map(\.label.en) == ["⟲ restarted: a fresh flow"])
        #expect(state.status?.text.en.contains("n asks for the component token") == true)
        #expect(state.screen.contains("⟲ restarted: a fresh flow"))
        WeChatTabTests().walk(&state, to: .authorized)
        #expect(state.world.wechat.component.authorizers["wxmerchant0001"] != nil)
    }
}
