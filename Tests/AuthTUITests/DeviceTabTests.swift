import Testing
@testable import AuthEngine
@testable import AuthTUI

/// Tab 5: the device authorization grant, walked with n and broken with its fault keys.
@Suite struct DeviceTabTests {
    func walk(_ state: inout AppState, until done: (AppState) -> Bool) {
        for _ in 0..<40 where !done(state) { state.type("n") }
    }

    @Test func nWalksStartPollApproveAndTokensWithNarration() throws {
        var state = makeState(width: 120, height: 40)
        state.type("5")
        #expect(state.tab == .device)
        walk(&state) { DeviceStage.of($0.oauthFlow, now: $0.world.clock.now) == .waiting && $0.reveal == nil }
        let grant = try #require(DeviceStage.grant(state.oauthFlow))
        #expect(state.screen.contains("user code \(grant.displayCode)"))
        walk(&state) { DeviceStage.grant($0.oauthFlow)?.redeemed == true && $0.reveal == nil }
        let labels = DeviceScreen.diagram.arrows(state.world, live: state.live).map(\.label.en)
        for label in ["① POST device_authorization", "② poll /oauth/token", "400 authorization_pending", "③ open /device + code", "approved", "200 tokens"] {
            #expect(labels.contains(label), "\(label) in \(labels)")
        }
        #expect(DeviceScreen.narration(state)?.en.hasPrefix("② The poll after approval gets the tokens") == true)
    }

    @Test func faultsEndWithTheirErrorAndTheLogKeepsItWholeAt80x24() {
        var state = makeState(width: 80, height: 24)
        state.type("5")
        // The walkthrough's first refusal too.
        state.type("nnnn")
        #expect(state.screen.contains("p→tv 400 authorization_pending"), "cut in the log: \(state.screen.text)")
        for (key, code) in [("I", "slow_down"), ("D", "expired_token"), ("d", "access_denied")] {
            state.type(key)
            #expect(state.status?.text.en.contains("→ \(code)") == true, "\(key): \(state.status?.text.en ?? "")")
            let log = state.screen.lines.map { $0.split(separator: "│").last.map(String.init) ?? "" }
            #expect(log.contains { $0.contains(" " + code + " ") || $0.hasSuffix(code) }, "\(code) not whole: \(state.screen.text)")
        }
        #expect(state.marks[.device]?.count == 6)
    }
}

/// An empty log suggests the keys of the tab it is on, worded as the keymap words them.
@Suite struct EmptyLogHintTests {
    @Test func theHintNamesKeysThatWorkOnThatTab() {
        for tab in Tab.allCases {
            let steps = Keymap.firstSteps(on: tab)
            #expect(!steps.isEmpty, "\(tab)")
            for step in steps {
                #expect(Keymap.action(for: step.keys[0], tab: tab) == step.action, "\(tab): \(step.keys[0].label)")
            }
        }
        for (key, tab, line) in [("5", Tab.device, "n  next message of the flow"), ("2", .oauth, "n  next message of the flow"),
                                 ("1", .tokens, "l  log in as alice")] {
            var state = makeState(width: 80, height: 24)
            state.type(key)
            #expect(state.tab == tab)
            #expect(state.screen.contains(line), "\(state.screen.text)")
            #expect(!(tab != .tokens && state.screen.contains("l  log in as alice")), "tab \(tab) offers tab 1's key")
        }
    }
}
