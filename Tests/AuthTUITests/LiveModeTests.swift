import Testing
@testable import AuthEngine
@testable import AuthLive
@testable import AuthTUI

/// A playground as `--listen` makes it: a live world at 1×, its URL in the header, and the
/// gateway real requests go through (what `o` follows).
func livePlayground(width: Int = 100, height: Int = 30, baseURL: String = "http://127.0.0.1:8080") -> (AppState, LiveGateway) {
    var config = SimulationConfig()
    config.live = true
    var state = AppState(config: config, width: width, height: height)
    state.liveURL = baseURL
    state.world.clock.speed = 1
    let gateway = LiveGateway(session: state.session, baseURL: baseURL)
    state.live = gateway
    return (state, gateway)
}

/// `w` in live mode: the replayed exports have no real clients (a replay cannot call
/// them), so their exchanges still in the log go to live.har, at the server's own URL.
@Suite struct LiveExportTests {
    @Test func theExportHasTheRealClientsExchanges() throws {
        var (state, gateway) = livePlayground()
        _ = gateway.handle(LiveRequest(method: "POST", target: "/auth/login", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                       body: Array("username=alice&password=wonderland".utf8), peer: "127.0.0.1:50001"))
        _ = gateway.handle(LiveRequest(method: "GET", target: "/platform/api/profile", peer: "127.0.0.1:50002"))
        state.type("w")
        #expect(state.status?.text.en.hasSuffix("; live.har (2 exchanges in the log, real clients' included)") == true)
        let file = try #require(state.pendingWrites.first { $0.path.hasSuffix("/live.har") })
        let entries = try #require(JSONParser.parse(bytes: Array(file.contents.utf8)).objectValue?["log"]?.objectValue?["entries"]?.arrayValue)
        let urls = entries.compactMap { $0.objectValue?["request"]?.objectValue?["url"]?.stringValue }
        #expect(urls == ["http://127.0.0.1:8080/auth/login", "http://127.0.0.1:8080/platform/api/profile"])
        #expect(entries.first?.objectValue?["_from"] == .string("peer 127.0.0.1:50001"))
        // The body as the client sent it: form-encoded, not re-told as JSON.
        let posted = entries.first?.objectValue?["request"]?.objectValue?["postData"]?.objectValue
        #expect(posted?["mimeType"] == .string("application/x-www-form-urlencoded") && posted?["text"] == .string("username=alice&password=wonderland"))
    }
}

/// The built-in demo app's sign-in as a browser walks it: start, consent page, approve, callback.
func demoAppSignIn(_ gateway: LiveGateway) throws {
    let start = gateway.handle(LiveRequest(method: "GET", target: "/app/start"))
    let page = gateway.handle(LiveRequest(method: "GET", target: try #require(start.header("Location")), headers: [("Accept", "text/html")]))
    let ticket = try #require(page.text.firstMatch(of: /name="consent_ticket" value="([^"]+)"/)?.1)
    let consent = gateway.handle(LiveRequest(method: "POST", target: "/oauth/consent", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                             body: Array("consent_ticket=\(ticket)&decision=approve".utf8)))
    _ = gateway.handle(LiveRequest(method: "GET", target: String(try #require(consent.header("Location")).dropFirst(gateway.baseURL.count))))
}

/// `--listen`: the playground with real clients in its world.
@Suite struct LiveModeTests {

    @Test func aLiveClientsRequestsShowInTheLogAndXMakesItsNextCallFail() throws {
        var (state, gateway) = livePlayground()
        let login = gateway.handle(LiveRequest(method: "POST", target: "/auth/login", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                               body: Array("username=alice&password=wonderland".utf8), peer: "127.0.0.1:48352"))
        let access = try #require(try JSONParser.parse(bytes: login.body).objectValue?["access_token"]?.stringValue)
        #expect(state.screen.contains("live→s POST /auth/login  #1"))
        #expect(state.screen.contains("│ LIVE 127.0.0.1:8080"))
        #expect(HeaderView.tabParts(state).contains { $0.0.en == "│ live client 1 " }, "the header names whose tokens the panels show")
        state.type("x")
        #expect(state.status?.text.en == "every short token issued so far is now expired, live clients' too (clock: wall time): their next call gets 401 token_expired, their refresh a new one")
        let call = gateway.handle(LiveRequest(method: "GET", target: "/api/profile", headers: [("Authorization", "Bearer " + access)], peer: "127.0.0.1:48360"))
        #expect(call.status == 401)
        #expect(state.screen.contains("s→live 401 GET /api/profile  token_expired"))
        #expect(state.screen.contains("● short token 49d825f9 → live :48352"))
    }

    /// The panels follow a live client's login and refreshes (by themselves while the
    /// playground's own client holds nothing; `o` chooses); `x` shows its token judged expired.
    @Test func thePanelsFollowALiveClientsTokensThroughARefresh() throws {
        var (state, gateway) = livePlayground()
        state.live = gateway
        state.type("o")
        #expect(state.status?.text.en == "no live client has logged in yet: POST http://127.0.0.1:8080/auth/login")
        let login = gateway.handle(LiveRequest(method: "POST", target: "/auth/login", headers: [("Content-Type", "application/json")],
                                               body: Array(#"{"username":"bob","password":"builder"}"#.utf8), peer: "127.0.0.1:40001"))
        let body = try #require(try JSONParser.parse(bytes: login.body).objectValue)
        #expect(state.screen.contains("Tokens · live client 1 (Bob)"), "followed without o")
        #expect(state.screen.row(containing: "name")?.contains("Bob") == true, "the claims panel follows too")
        state.type("x")
        #expect(state.screen.row(containing: "short expired (judged)") != nil)
        let refresh = try #require(body["refresh_token"]?.stringValue)
        _ = gateway.handle(LiveRequest(method: "POST", target: "/auth/refresh", headers: [("Content-Type", "application/json")],
                                       body: Array(#"{"refresh_token":"\#(refresh)"}"#.utf8), peer: "127.0.0.1:40002"))
        #expect(gateway.clients.first?.refreshes == 1)
        #expect(state.screen.row(containing: "short 15:00") != nil, "the new short token, fresh")
        #expect(state.screen.contains("from 127.0.0.1:40002 · refreshes 1"))
        state.type("o")
        #expect(state.status?.text.en == "the panels show the playground's own client again")
        #expect(state.screen.contains("╭ Tokens ─"))
        // Chosen: a second live client's login does not take the panels over.
        _ = gateway.handle(LiveRequest(method: "POST", target: "/auth/login", headers: [("Content-Type", "application/json")],
                                       body: Array(#"{"username":"alice","password":"wonderland"}"#.utf8), peer: "127.0.0.1:40003"))
        #expect(state.screen.contains("╭ Tokens ─"))
        state.type("o")
        #expect(state.status?.text.en == "the panels show live client 1 (Bob, last from 127.0.0.1:40002); o: the next")
        state.type("o")
        #expect(state.screen.contains("Tokens · live client 2 (Alice)"))
    }

    /// Until `o` chooses, the newest live client is shown — unless the playground's own
    /// client holds tokens: then those.
    @Test func thePlaygroundsOwnTokensWinOverTheNewestLiveClient() {
        var (state, gateway) = livePlayground()
        for (i, user) in [("bob", "builder"), ("alice", "wonderland")].enumerated() {
            _ = gateway.handle(LiveRequest(method: "POST", target: "/auth/login", headers: [("Content-Type", "application/json")],
                                           body: Array(#"{"username":"\#(user.0)","password":"\#(user.1)"}"#.utf8), peer: "127.0.0.1:4100\(i)"))
        }
        #expect(state.screen.contains("Tokens · live client 2 (Alice)"))
        state.type("o") // from the one shown: past the newest, back to the playground's own
        #expect(state.status?.text.en == "the panels show the playground's own client again")
        var (other, otherGateway) = livePlayground()
        _ = otherGateway.handle(LiveRequest(method: "POST", target: "/auth/login", headers: [("Content-Type", "application/json")],
                                            body: Array(#"{"username":"bob","password":"builder"}"#.utf8), peer: "127.0.0.1:42000"))
        #expect(other.screen.contains("Tokens · live client 1 (Bob)"))
        other.type("l")
        #expect(other.screen.contains("╭ Tokens ─"), "the playground's own login is what the panels show")
        #expect(other.screen.row(containing: "name")?.contains("Alice") == true)
    }

    /// `--shifted-time`: jumps are allowed, and the header says how far ahead of real
    /// clients' clocks the tokens are stamped, warning past 5 minutes; a reset never turns
    /// the clock back.
    @Test func shiftedTimeShowsTheSkewAndAResetKeepsTheClock() {
        var config = SimulationConfig()
        config.live = true
        config.shiftedTime = true
        var state = AppState(config: config, width: 120, height: 30)
        state.liveURL = "http://127.0.0.1:8080"
        state.liveEpoch = state.world.clock.now
        state.world.clock.isPaused = true
        state.type("]")
        #expect(state.screen.lines[0].contains("│ skew +1m │") || state.screen.lines[0].contains("│ skew +1m "))
        #expect(!state.screen.lines[0].contains("⚠"))
        state.type("}")
        #expect(state.screen.lines[0].contains("skew +1h1m ⚠"))
        let before = state.world.clock.now
        state.type("Z")
        #expect(state.world.clock.now == before, "a live reset starts the fresh world where the clock is")
        // Paused, wall time runs on: the clock falls behind.
        update(&state, .tick(seconds: 3660 + 10))
        #expect(state.screen.lines[0].contains("skew −10s"))
    }

    /// A request the front door answered itself (a preflight, a discovery document, a demo-app
    /// page, a path no server has) shows in the tab of the server its path belongs to, by the
    /// gateway's own routing table; in every tab when no server has it.
    @Test func aDoorAnswerShowsInItsServersTab() throws {
        let (state, gateway) = livePlayground()
        let cases: [(method: String, path: String, tabs: Set<Tab>?)] = [
            ("OPTIONS", "/api/profile", [.tokens]), ("GET", "/.well-known/jwks.json", [.tokens]),
            ("OPTIONS", "/device", [.device]), ("OPTIONS", "/oauth/device_authorization", [.device]),
            ("GET", "/.well-known/openid-configuration", [.oauth]), ("OPTIONS", "/oauth/token", [.oauth]), ("GET", "/app/", [.oauth]),
            ("OPTIONS", "/cgi-bin/component/api_component_token", [.wechat]), ("OPTIONS", "/session/api/profile", [.compare]),
            ("GET", "/nowhere", nil), ("GET", "/auth", nil), ("GET", "/.well-known/other", nil), ("GET", "/device/x", nil),
        ]
        for item in cases {
            let before = state.world.log.totals.entries
            _ = gateway.handle(LiveRequest(method: item.method, target: item.path))
            let notes = state.world.log.entries.filter { $0.sequence > before }.filter {
                if case .note(.answeredAtDoor(_, _, item.path, _, _, _, _)) = $0.event { true } else { false }
            }
            let note = try #require(notes.first, "\(item.method) \(item.path) was not answered at the door")
            #expect(LogScope.tabs(of: note, live: gateway) == item.tabs, "\(item.method) \(item.path)")
        }
    }

    @Test func speedAndJumpsAreRefusedWithTheReason() {
        var (state, _) = livePlayground()
        let now = state.world.clock.now
        // The footer does not offer what live mode refuses; a simulated playground's does.
        #expect(!StatusBar.hints(state).contains { $0.1 == "speed" } && StatusBar.hints(state).contains { $0.1 == "pause" })
        #expect(StatusBar.hints(AppState(config: SimulationConfig(), width: 100, height: 30)).contains { $0 == ("+ -", "speed") })
        state.type("]")
        #expect(state.status?.text.en.hasPrefix("in live mode the clock follows wall time") == true)
        state.type("+")
        #expect(state.status?.text.en.hasPrefix("live mode: the clock follows wall time at 1×") == true)
        #expect(state.world.clock.now == now && state.world.clock.speed == 1)
        state.type("x")
        #expect(state.status?.text.en == "no short token issued so far is still valid: log in first (l, or a live client)")
    }
}

@Suite struct LiveOptionsTests {
    @Test func clientsFromTheCommandLineArePublicOrConfidentialAndRegistered() throws {
        #expect(LiveOptions.client("cli=http://127.0.0.1/cb") == LiveClientRegistration(id: "cli", secret: nil, redirect: "http://127.0.0.1/cb"))
        #expect(LiveOptions.client("web:s3:cr=t=https://web.example/cb") == LiveClientRegistration(id: "web", secret: "s3:cr", redirect: "t=https://web.example/cb"))
        #expect(LiveOptions.client("nope") == nil)
        #expect(LiveOptions.client("id:=https://x.example/cb") == nil)
        #expect(throws: (any Error).self) { try LiveOptions.parse(["--client", "a=http://evil.example/cb"]) }
        // One registration per client_id, and not a built-in one's: a second would replace the first silently.
        #expect(throws: (any Error).self) { try LiveOptions.parse(["--client", "a=http://127.0.0.1/cb", "--client", "a:s=http://127.0.0.1/cb2"]) }
        #expect(throws: (any Error).self) { try LiveOptions.parse(["--client", "authtui-demo=http://127.0.0.1/cb"]) }
        _ = try LiveOptions.parse(["--client", "a=http://127.0.0.1/cb", "--client", "b=http://127.0.0.1/cb"])
        // WeChat's message token: 3–32 letters or digits.
        for bad in ["", "ab", "ci-token", String(repeating: "a", count: 33), "令牌令牌"] {
            #expect(throws: (any Error).self, "\(bad)") { try LiveOptions.parse(["--wechat-token", bad]) }
        }
        _ = try LiveOptions.parse(["--wechat-token", "abc123"])
        var config = SimulationConfig()
        config.live = true
        let gateway = LiveGateway(session: ScenarioSession(config: config))
        gateway.extraClients = [LiveClientRegistration(id: "cli", secret: nil, redirect: "http://127.0.0.1/cb")]
        _ = gateway.handle(LiveRequest(method: "GET", target: "/.well-known/oauth-authorization-server"))
        let client = try #require(gateway.session.world.oauth.authorizationServer.clients["cli"])
        #expect(client.isPublic && client.requiresPKCE)
    }
}

@Suite struct LiveDiagramTests {
    /// A real browser's OAuth flow draws in tab 2's diagram: the peer in the user's lane,
    /// the demo app's back end in the third party's.
    @Test func theDemoAppsFlowIsDrawnInTabTwo() throws {
        var (state, gateway) = livePlayground(width: 120, height: 40, baseURL: "http://127.0.0.1:9000")
        state.type("2")
        try demoAppSignIn(gateway)
        let labels = OAuthScreen.diagram.arrows(state.world, live: state.live).map(\.label.en)
        #expect(labels.contains { $0.contains("GET /oauth/authorize") })
        #expect(labels.contains { $0.contains("POST /oauth/token") })
        #expect(labels.contains("200 tokens"))
        #expect(HeaderView.tabParts(state).contains { $0.0.en == "│ live client 1 " })
    }

    /// A reset starts a world whose exchanges are numbered afresh: the playground's own
    /// login, exchange #1 again, is tab 1's, whatever a live device's #1 was before.
    @Test func aResetWorldsExchangesAreNotTakenForLiveOnes() throws {
        var (state, gateway) = livePlayground()
        _ = gateway.handle(LiveRequest(method: "POST", target: "/oauth/device_authorization", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                       body: Array("client_id=authtui-demo".utf8)))
        let first = try #require(state.world.log.entries.first { if case .request = $0.event { true } else { false } })
        #expect(LogScope.tabs(of: first, live: state.live) == [.device])
        state.type("Z")
        state.type("l")
        let login = try #require(state.world.log.entries.first { if case .request(let id, _, _, _) = $0.event { id.value == 1 } else { false } })
        #expect(LogScope.tabs(of: login, live: state.live) == [.tokens, .compare])
    }

    /// Tab 3: a real component backend stands in the third-party platform's lane, a
    /// merchant's browser on the authorization page in the merchant's.
    @Test func aComponentBackendAndAMerchantsBrowserHaveTheirLanes() throws {
        var (state, gateway) = livePlayground()
        state.type("3")
        let run = gateway.handle(LiveRequest(method: "POST", target: "/_authtui/run", body: Array("wechat component_token".utf8)))
        #expect(run.status == 200)
        let sim = gateway.session.world.wechat
        let ticket = try #require(sim.component.latestTicket?.value)
        let token = gateway.handle(LiveRequest(method: "POST", target: "/cgi-bin/component/api_component_token",
                                               body: Array(JSONWriter.compact(.object(["component_appid": .string(sim.platform.componentAppID),
                                                   "component_appsecret": .string(sim.platform.componentSecret), "component_verify_ticket": .string(ticket)])).utf8),
                                               peer: "127.0.0.1:41000"))
        #expect(token.status == 200)
        _ = gateway.handle(LiveRequest(method: "GET", target: "/cgi-bin/componentloginpage?component_appid=" + sim.platform.componentAppID + "&pre_auth_code=x",
                                       headers: [("Accept", "text/html")], peer: "10.0.0.9:5000"))
        let lanes = WeChatScreen.diagram.arrows(state.world, live: state.live).suffix(4).map { "\($0.from)→\($0.to)" }
        #expect(lanes == ["1→0", "0→1", "2→0", "0→2"])
        // `o`: the credentials (and the header) show what WeChat issued to the live backend.
        state.type("o")
        #expect(state.status?.text.en == "the credentials show what WeChat issued to live component backends (last from 127.0.0.1:41000); o: the simulated component")
        #expect(HeaderView.tabParts(state).contains { $0.0.en == "│ live backends " })
        let issued = try #require(JSONParser.parse(bytes: token.body).objectValue?["component_access_token"]?.stringValue)
        #expect(state.live?.liveComponent?.componentToken?.value == issued)
        state.type("o")
        #expect(state.status?.text.en == "the credentials show the simulated component again")
        #expect(!HeaderView.tabParts(state).contains { $0.0.en == "│ live backends " })
    }

    /// A real device and a phone doing the device grant show in tab 5, not tab 2: the device's
    /// calls in the TV's lane, the phone's page in the phone's, its code counting down in the
    /// panel (the simulated TV has none), every exchange in tab 5's log; `o` goes back to
    /// the simulated TV.
    @Test func aLiveDeviceIsTabFives() throws {
        var (state, gateway) = livePlayground(width: 80, height: 24)
        state.type("5")
        let form: [(String, String)] = [("Content-Type", "application/x-www-form-urlencoded")]
        let issued = gateway.handle(LiveRequest(method: "POST", target: "/oauth/device_authorization", headers: form,
                                                body: Array("client_id=authtui-demo&scope=openid%20profile".utf8), peer: "127.0.0.1:40001"))
        let body = try #require(try JSONParser.parse(bytes: issued.body).objectValue)
        let deviceCode = try #require(body["device_code"]?.stringValue), userCode = try #require(body["user_code"]?.stringValue)
        let poll = Array("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&client_id=authtui-demo&device_code=\(deviceCode)".utf8)
        _ = gateway.handle(LiveRequest(method: "POST", target: "/oauth/token", headers: form, body: poll, peer: "127.0.0.1:40002"))
        #expect(state.screen.contains("Device codes · live device 1"))
        #expect(state.screen.contains("user code \(userCode)  10:00 left"))
        #expect(HeaderView.tabParts(state).contains { $0.0.en == "│ waiting for the user " }, "the header says where the shown code stands")
        _ = gateway.handle(LiveRequest(method: "GET", target: "/device?user_code=" + userCode, headers: [("Accept", "text/html")], peer: "10.0.0.7:5000"))
        _ = gateway.handle(LiveRequest(method: "POST", target: "/device", headers: form + [("Accept", "text/html")],
                                       body: Array("user_code=\(userCode)&username=bob&decision=approve".utf8), peer: "10.0.0.7:5001"))
        update(&state, .tick(seconds: 5))
        let tokens = gateway.handle(LiveRequest(method: "POST", target: "/oauth/token", headers: form, body: poll, peer: "127.0.0.1:40003"))
        #expect(tokens.status == 200)
        let arrows = DeviceScreen.diagram.arrows(state.world, live: state.live)
        #expect(arrows.map { "\($0.from)→\($0.to) \($0.label.en)" } == [
            "0→2 ① POST device_authorization", "2→0 codes: \(userCode)", "0→2 ② poll /oauth/token", "2→0 400 authorization_pending",
            "1→2 ③ open /device + code", "2→1 the code's page", "1→2 ③ approve or deny", "2→1 approved",
            "0→2 ② poll /oauth/token", "2→0 200 tokens",
        ])
        #expect(state.screen.contains("user      approved by bob") && state.screen.contains("redeemed"))
        #expect(!state.screen.contains("next poll"), "a redeemed code has no next poll")
        #expect(state.screen.contains("② The poll after approval gets the tokens"))
        // Tab 5's log has every exchange; tab 2's none of them (they are not a code flow).
        let exchanges = state.world.log.entries.filter { if case .request = $0.event { true } else if case .response = $0.event { true } else { false } }
        #expect(exchanges.count == 10 && exchanges.allSatisfy { LogScope.tabs(of: $0, live: state.live) == [.device] })
        #expect(OAuthScreen.diagram.arrows(state.world, live: state.live).isEmpty)
        state.type("o")
        #expect(state.status?.text.en == "the codes panel shows the simulated TV again")
        #expect(state.screen.contains("╭ Device codes ─") && state.screen.contains("user code none"))
        state.type("o")
        #expect(state.status?.text.en == "the codes panel shows live device 1 (authtui-demo, last from 127.0.0.1:40003); o: the next")
    }
}

/// A live recording's header says where it listened, not a speed the live clock never ran at.
@Suite struct LiveRecordingHeaderTests {
    @Test func theHeaderNamesTheAddressAndNoSpeed() throws {
        let live = try #require(try AuthTUICommand.parseAsRoot(["--listen", "8080", "--shifted-time"]) as? AuthTUICommand)
        #expect(live.optionSummary.hasSuffix("--listen 8080 --shifted-time"))
        #expect(!live.optionSummary.contains("--speed"))
        let simulated = try #require(try AuthTUICommand.parseAsRoot(["--speed", "600"]) as? AuthTUICommand)
        #expect(simulated.optionSummary.hasSuffix("--speed 600"))
    }
}

/// Safety: an address other machines can reach needs `--allow-remote`, for the
/// playground's `--listen` as for `serve --host`, and then earns a warning.
@Suite struct LiveReachTests {
    @Test func aRemoteAddressNeedsAllowRemote() throws {
        #expect(throws: (any Error).self) { try AuthTUICommand.parseAsRoot(["--listen", "0.0.0.0:8080"]) }
        #expect(throws: (any Error).self) { try AuthTUICommand.parseAsRoot(["serve", "--host", "0.0.0.0"]) }
        _ = try AuthTUICommand.parseAsRoot(["--listen", "0.0.0.0:8080", "--allow-remote"])
        _ = try AuthTUICommand.parseAsRoot(["serve", "--host", "0.0.0.0", "--allow-remote"])
        _ = try AuthTUICommand.parseAsRoot(["--listen", "127.0.0.1:8080"])
        let v6 = try #require(try AuthTUICommand.parseAsRoot(["--listen", "[::1]:8080"]) as? AuthTUICommand)
        #expect(v6.listenAddress?.host == "::1" && v6.listenAddress?.port == 8080)
        // What cannot be read as an address and a port is refused as such (`[::1` was taken
        // for the host ':' "reachable from other machines").
        for bad in ["[::1", "::1:8080", "[::1]", "[::1]:x", "+80", "127.0.0.1:", "99999", "8080:127.0.0.1:1"] {
            do {
                _ = try AuthTUICommand.parseAsRoot(["--listen", bad])
                Issue.record("--listen \(bad) was accepted")
            } catch {
                #expect(AuthTUICommand.message(for: error).hasSuffix("is not [HOST:]PORT (8080, 127.0.0.1:8080, [::1]:8080, 0 for a free port)"), "\(bad)")
            }
        }
        #expect(throws: (any Error).self) { try AuthTUICommand.parseAsRoot(["serve", "--host", "no such host", "--allow-remote"]) }
        #expect(throws: (any Error).self) { try AuthTUICommand.parseAsRoot(["serve", "--wechat-callback", "http://[::1/cb"]) }
        do {
            _ = try AuthTUICommand.parseAsRoot(["--listen", "0.0.0.0:8080"])
            Issue.record("--listen 0.0.0.0 was accepted without --allow-remote")
        } catch {
            #expect(AuthTUICommand.message(for: error) == "--listen 0.0.0.0 can be reached from other machines: add --allow-remote if that is what you want")
        }
    }

    /// Listening on every address, pages, redirects and tokens name an address other
    /// machines reach (0.0.0.0 sends a class's browsers nowhere); `--public-url` names any
    /// (a tunnel, a name); a live option without `--listen` is refused, not ignored.
    @Test func thePublicURLIsOneOtherMachinesReach() throws {
        let session = ScenarioSession(config: LiveRuntime.liveConfig(SimulationConfig()))
        let everywhere = try LiveRuntime(session: session, host: "0.0.0.0", port: 0)
        defer { everywhere.stop() }
        // (A machine with no network but loopback has nothing better than the bound address.)
        let address = MachineAddress.first() ?? "0.0.0.0"
        #expect(everywhere.url.hasPrefix("http://\(address.contains(":") ? "[\(address)]" : address):") && everywhere.url == everywhere.publicURL
                && everywhere.gateway.baseURL == everywhere.url)
        #expect(MachineAddress.first().map { !Loopback.isLoopback(host: $0) && $0 != "0.0.0.0" } ?? true)
        let named = try LiveRuntime(session: ScenarioSession(config: LiveRuntime.liveConfig(SimulationConfig())), host: "127.0.0.1", port: 0,
                                    publicURL: "https://class.example/")
        defer { named.stop() }
        #expect(named.url.hasPrefix("http://127.0.0.1:") && named.publicURL == "https://class.example" && named.gateway.baseURL == "https://class.example")
        let device = named.gateway.handle(LiveRequest(method: "POST", target: "/oauth/device_authorization", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                                      body: Array("client_id=authtui-demo".utf8)))
        #expect(device.text.contains("\"verification_uri\":\"https://class.example/device\""))
        for (url, problem) in [("ftp://x", "must start with http:// or https://"), ("https://a/b", "must be a scheme, a host and a port only (no path, query or user)"),
                               ("http://a:99999", "has a port that is not 1–65535"), ("http://", "names no host"),
                               ("http://::1:8080", "must write an IPv6 address in brackets ([::1]:8080)")] {
            #expect(MachineAddress.problem(publicURL: url) == problem, "\(url)")
        }
        #expect(MachineAddress.problem(publicURL: "http://[::1]:8080") == nil && MachineAddress.problem(publicURL: "https://class.example") == nil)
        let stray = try #require(try AuthTUICommand.parseAsRoot(["--public-url", "http://x:1"]) as? AuthTUICommand)
        #expect(stray.strayLiveOption == "--public-url is for live mode: add --listen PORT (or run authtui serve)")
        #expect((try AuthTUICommand.parseAsRoot(["--public-url", "http://x:1", "--listen", "0"]) as? AuthTUICommand)?.strayLiveOption == nil)
    }

    @Test func onlyARemoteAddressIsWarnedAbout() {
        #expect(LiveRuntime.reachWarning("127.0.0.1") == nil)
        #expect(LiveRuntime.reachWarning("localhost") == nil)
        #expect(LiveRuntime.reachWarning("::1") == nil)
        #expect(LiveRuntime.reachWarning("0.0.0.0") == "warning: listening on every address (0.0.0.0): other machines can reach the servers (the control API still answers loopback peers only)")
        #expect(LiveRuntime.reachWarning("192.0.2.7") == "warning: listening on 192.0.2.7: other machines can reach the servers (the control API still answers loopback peers only)")
        // A name that only starts like a loopback address resolves where its owner likes.
        #expect(LiveRuntime.reachWarning("127.attacker.test") != nil)
        #expect(throws: (any Error).self) { try AuthTUICommand.parseAsRoot(["serve", "--host", "127.attacker.test"]) }
    }
}

/// Tab 2 follows live OAuth clients (the newest, while the simulated app holds no token;
/// `o` chooses): what the platform issued each one, counting down, and a refresh renews the
/// same client's tokens.
@Suite struct LiveOAuthClientTests {
    @Test func tabTwoShowsALiveClientsCredentialsAndItsRefresh() throws {
        var (state, gateway) = livePlayground()
        state.type("2o")
        #expect(state.status?.text.en.hasPrefix("no live OAuth client has exchanged a code yet") == true)
        // The built-in demo app signs in through a browser: its back end is a live client.
        try demoAppSignIn(gateway)
        let client = try #require(gateway.oauthClients.first)
        #expect(client.number == 1 && client.peer == "demo app" && client.access != nil && client.idToken != nil)
        var screen = state.screen
        #expect(screen.contains("Credentials · live client 1"))
        #expect(screen.row(containing: "\(client.clientID) · demo app")?.contains("client") == true)
        #expect(screen.row(containing: "access ")?.contains("left") == true)
        #expect(screen.contains("Claims · access (live client 1)"))
        // The client refreshes over real HTTP: the same client, new tokens.
        let form = "grant_type=refresh_token&client_id=\(client.clientID)&refresh_token=\(try #require(client.refreshToken))"
        let refreshed = gateway.handle(LiveRequest(method: "POST", target: "/oauth/token", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                                   body: Array(form.utf8)))
        #expect(refreshed.status == 200)
        #expect(gateway.oauthClients.count == 1 && gateway.oauthClients[0].refreshes == 1)
        #expect(gateway.oauthClients[0].access?.jti != client.access?.jti)
        screen = state.screen
        #expect(screen.row(containing: "renewed")?.contains("1×") == true)
        state.language = .zh
        #expect(state.screen.contains("凭证 · 实时客户端 1"))
        state.language = .en
        // o: from the one shown (the only one) back to the simulated app, and it stays chosen.
        state.type("o")
        #expect(state.screen.contains("Credentials") && !state.screen.contains("live client 1"))
        try demoAppSignIn(gateway)
        #expect(gateway.oauthClients.count == 2 && !state.screen.contains("live client 2"))
        // The simulated app's own tokens win over the newest live client's.
        var (other, otherGateway) = livePlayground()
        other.type("2")
        try demoAppSignIn(otherGateway)
        #expect(other.screen.contains("Credentials · live client 1"))
        for _ in 0..<12 where other.oauthFlow.app.accessToken == nil { other.type("n") }
        #expect(other.oauthFlow.app.accessToken != nil && !other.screen.contains("live client 1"))
    }
}

/// Tab 3 follows live component backends with `o`: the tokens WeChat issued them.
@Suite struct LiveComponentTests {
    @Test func tabThreeShowsWhatWeChatIssuedToALiveBackend() throws {
        var (state, gateway) = livePlayground()
        state.type("3o")
        #expect(state.status?.text.en.hasPrefix("no live component backend has called WeChat yet") == true)
        let platform = state.world.wechat.platform
        let ticket = try #require(state.world.wechat.component.latestTicket?.value)
        let json = [("Content-Type", "application/json")]
        let token = gateway.handle(LiveRequest(method: "POST", target: "/cgi-bin/component/api_component_token", headers: json, body: Array("""
            {"component_appid": "\(platform.componentAppID)", "component_appsecret": "\(platform.componentSecret)", "component_verify_ticket": "\(ticket)"}
            """.utf8)))
        let value = try #require(try JSONParser.parse(bytes: token.body).objectValue?["component_access_token"]?.stringValue)
        // A wrong secret is answered with an errcode: it issues nothing.
        _ = gateway.handle(LiveRequest(method: "POST", target: "/cgi-bin/component/api_component_token", headers: json, body: Array("""
            {"component_appid": "\(platform.componentAppID)", "component_appsecret": "wrong", "component_verify_ticket": "\(ticket)"}
            """.utf8)))
        #expect(gateway.liveComponent?.componentToken?.value == value)
        _ = gateway.handle(LiveRequest(method: "POST", target: "/cgi-bin/component/api_create_preauthcode?component_access_token=\(value)", headers: json,
                                       body: Array(#"{"component_appid": "\#(platform.componentAppID)"}"#.utf8)))
        #expect(gateway.liveComponent?.preAuthCode != nil)
        state.type("o")
        let screen = state.screen
        #expect(screen.contains("Credentials · live backends"))
        #expect(screen.row(containing: "component ")?.contains("2h 00m left") == true)
        #expect(screen.row(containing: "pre_auth ")?.contains("10:00 left") == true)
        #expect(screen.row(containing: "authorizer ")?.contains("none") == true)
        state.type("o")
        #expect(!state.screen.contains("live backends"))
    }
}

/// What `--listen` says first fits the two status rows of an 80-column screen, the curl
/// command whole (it is what a person copies), in both languages.
@Suite struct LiveWelcomeTests {
    @Test(arguments: [Language.en, .zh])
    func theWelcomeFitsTwoRowsAt80ColumnsWithTheCommandWhole(_ language: Language) {
        let url = "http://127.0.0.1:65535"
        let text = Welcome.message(presenter: nil, liveURL: url).text(language)
        let rows = LineBreak.wrap(text, width: 80)
        #expect(rows.count <= 2, "\(rows)")
        #expect(rows.joined(separator: " ").contains("curl -d username=alice -d password=wonderland \(url)/auth/login"), "\(rows)")
        var (state, _) = livePlayground(width: 80, height: 24, baseURL: url)
        state.language = language
        state.status = Welcome.message(presenter: nil, liveURL: url)
        #expect(!state.screen.contains("… h"), "\(state.screen.text)")
        #expect(state.screen.contains("\(url)/auth/login"), "\(state.screen.text)")
    }
}
