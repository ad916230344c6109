import Testing
@testable import AuthEngine

/// A parser run over `text` as if it were the file `file`.
private func parseScript(_ text: String, file: String) -> Result<Scenario, ScenarioErrors> { ScenarioParser.parse(text, file: file) }

/// Every diagnostic for `text`, as printed (empty when it parses).
private func diagnostics(_ text: String, file: String) -> [String] {
    guard case .failure(let e) = parseScript(text, file: file) else { return [] }
    return e.diagnostics.map(\.description)
}

@Suite struct ScenarioParserTests {
    func parse(_ text: String) -> Result<Scenario, ScenarioErrors> { parseScript(text, file: "t.authtui") }
    func errors(_ text: String) -> [String] { diagnostics(text, file: "t.authtui") }

    @Test func parsesEveryVerb() throws {
        let text = """
        # comment
        config short_ttl 1h30m   # trailing comment
        config refresh_policy rotate
        config single_flight off
        config proactive_refresh off
        config client_skew -2s
        config renew_window 25%
        user carol pw name=Carol roles=user,admin
        login alice wonderland
        logout
        request GET /api/profile
        burst 5 GET /api/orders
        traffic every 10s GET /api/profile
        traffic off
        advance 7d
        expire short
        revoke long
        profile alice name=李雷 roles=a,b
        tamper short roles=admin
        fail next refresh drop
        steal long
        attacker refresh
        expect status timeout
        expect claim roles a,b
        expect log "a \\"quoted\\" # not a comment"
        """
        let scenario = try parse(text).get()
        #expect(scenario.steps.count == 24)
        #expect(scenario.steps[0].command == .config(.shortTTL(.minutes(90))))
        #expect(scenario.steps[0].line == 2)
        #expect(scenario.steps[4].command == .config(.clientSkew(.seconds(-2))))
        #expect(scenario.steps[11].command == .traffic(every: .seconds(10), method: "GET", path: "/api/profile"))
        #expect(scenario.steps[16].command == .profile(username: "alice", name: "李雷", roles: ["a", "b"]))
        #expect(scenario.steps[21].command == .expect(.status(nil)))
        #expect(scenario.steps[23].command == .expect(.log("a \"quoted\" # not a comment")))
    }

    @Test func reportsEachErrorWithLineAndColumn() {
        #expect(errors("login alice") == ["t.authtui:1:12: error: expected a password"])
        #expect(errors("advance 15x") == ["t.authtui:1:9: error: '15x' is not a duration (write 250ms, 30s, 15m, 2h, 7d or 1h30m)"])
        #expect(errors("  reqest GET /x") == ["t.authtui:1:3: error: unknown command 'reqest' (did you mean 'request'?)"])
        #expect(errors("request get /x") == ["t.authtui:1:9: error: 'get' is not an HTTP method (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS)"])
        #expect(errors("request GET api") == ["t.authtui:1:13: error: a path starts with '/', found 'api'"])
        #expect(errors("burst 0 GET /x") == ["t.authtui:1:7: error: the number of requests must be between 1 and 1000, not 0"])
        #expect(errors("config refresh_policy rotating") == ["t.authtui:1:23: error: expected a refresh policy (reuse, rotate, sliding), found 'rotating' (did you mean 'rotate'?)"])
        #expect(errors("expect log \"unterminated") == ["t.authtui:1:12: error: unterminated quoted text"])
        #expect(errors("logout now") == ["t.authtui:1:8: error: unexpected 'now' at the end of the line"])
        #expect(errors("advance -5s") == ["t.authtui:1:9: error: the time to advance cannot be negative"])
        #expect(errors("expect status 99") == ["t.authtui:1:15: error: the status must be between 100 and 599, not 99"])
        #expect(errors("fail next refresh 404") == ["t.authtui:1:19: error: expected the fault (500, drop), found '404'"])
    }

    @Test func collectsEveryErrorInTheFile() {
        let e = errors("login alice wonderland\nbogus\nrequest GET /ok\nexpect state happy\n")
        #expect(e.count == 2)
        #expect(e[0].hasPrefix("t.authtui:2:1: error: unknown command 'bogus'"))
        #expect(e[1].hasPrefix("t.authtui:4:14: error: expected a client state"))
    }

    @Test func seedAndStartMustComeBeforeTheFirstAction() {
        #expect(errors("config seed 7\nlogin alice wonderland\nconfig short_ttl 1m").isEmpty)
        #expect(errors("login alice wonderland\nconfig seed 7") == ["t.authtui:2:8: error: 'config seed' must come before the first action (login, request, advance…)"])
    }

    @Test func blankAndCommentLinesAreSkipped() throws {
        #expect(try parse("\n   \n# only comments\n\t# more\n").get().steps.isEmpty)
        #expect(try parse("login alice wonderland\r\n").get().steps.count == 1)
    }
}

@Suite struct OAuthParserTests {
    func parse(_ text: String) -> Result<Scenario, ScenarioErrors> { parseScript(text, file: "o.authtui") }
    func errors(_ text: String) -> [String] { diagnostics(text, file: "o.authtui") }

    @Test func parsesTheOAuthVerbs() throws {
        let steps = try parse("""
        config oauth_refresh_policy reuse
        config oauth_code_ttl 5m
        oauth register Shop redirect=https://a.example/cb,https://a.example/cb2 scopes=profile pkce=off
        oauth authorize redirect=https://evil.example/x scope=profile,orders state=S
        oauth consent deny
        oauth exchange code=last secret=none verifier=V redirect=https://a.example/cb
        oauth call GET /api/orders
        oauth refresh
        expect oauth_error invalid_grant
        """).get().steps.map(\.command)
        #expect(steps[0] == .config(.oauthRefreshPolicy(.reuse)))
        #expect(steps[2] == .oauth(.register(name: "Shop", redirectURIs: ["https://a.example/cb", "https://a.example/cb2"], scopes: ["profile"], pkce: false)))
        #expect(steps[3] == .oauth(.authorize(redirect: "https://evil.example/x", scope: ["profile", "orders"], state: "S")))
        #expect(steps[4] == .oauth(.consent(approve: false)))
        #expect(steps[5] == .oauth(.exchange(code: .last, secret: .none, redirect: "https://a.example/cb", verifier: .value("V"))))
        #expect(steps[8] == .expect(.oauthError("invalid_grant")))
    }

    @Test func reportsOAuthMistakesWhereTheyAre() {
        #expect(errors("oauth regster X") == ["o.authtui:1:7: error: expected an oauth step (register, authorize, consent, exchange, call, refresh, expire, reset, key, id_token), found 'regster' (did you mean 'register'?)"])
        #expect(errors("oauth register X scopes=a") == ["o.authtui:1:18: error: oauth register needs redirect=URI"])
        #expect(errors("oauth register X redirect=/cb scopes=a") == ["o.authtui:1:18: error: redirect URI '/cb' must be absolute (https://host/path)"])
        #expect(errors("oauth authorize scop=a") == ["o.authtui:1:17: error: unknown option 'scop=' (expected redirect=, scope=, state=) (did you mean 'scope'?)"])
        #expect(errors("oauth exchange secret=a secret=b") == ["o.authtui:1:25: error: 'secret=' is given twice"])
        // Keys, ID tokens and the kid sprayer.
        #expect(errors("config oauth_alg hs256") == ["o.authtui:1:18: error: expected the platform's algorithm (it publishes its keys: no hs256) (rs256, es256, eddsa), found 'hs256' (did you mean 'rs256'?)"])
        #expect(errors("oauth key rotate") == ["o.authtui:1:11: error: expected a key rotation step (publish, sign, retire), found 'rotate'"])
        #expect(errors("expect id_token rejected nonse") == ["o.authtui:1:26: error: expected the rule that fails first (signature, iss, aud, exp, iat, nonce, at_hash), found 'nonse' (did you mean 'nonce'?)"])
        #expect(errors("attacker spray_kids 0") == ["o.authtui:1:21: error: how many tokens with invented kids must be between 1 and 1000, not 0"])
        #expect(errors("attacker spray_kids 5 every=0s") == ["o.authtui:1:23: error: every= takes a duration from 1ms to 1h, found '0s'"])
        #expect(errors("oauth consent maybe") == ["o.authtui:1:15: error: expected approve or deny (approve, deny), found 'maybe'"])
        #expect(errors("oauth register X redirect=https://a.example/cb scopes=a pkce=yes") == ["o.authtui:1:18: error: pkce= takes on or off"])
    }

    @Test func oauthStepsOutOfOrderFailTheRun() throws {
        let scenario = try parse("oauth authorize\noauth consent approve\noauth refresh").get()
        var problems: [String] = []
        let summary = ScenarioRunner(scenario: scenario) { if case .problem(_, let m) = $0 { problems.append(m) } }.run()
        #expect(summary.failed == 3)
        #expect(problems == ["no app is registered yet (use 'oauth register' first)", "no consent page is open (use 'oauth authorize' first)", "the app holds no refresh token yet"])
    }
}

@Suite struct ComparisonParserTests {
    @Test func parsesTheComparisonVerbs() throws {
        let steps = try parseScript("""
        mode both
        sessions store down
        sessions denylist on
        sessions servers 4
        sessions sticky on
        sessions local off
        expect session_count 2
        expect bytes_per_request jwt >= 250
        expect store_lookups session = 1
        expect name session 李雷
        """, file: "c").get().steps.map(\.command)
        #expect(steps == [.mode(.both), .sessions(.store(up: false)), .sessions(.denylist(true)), .sessions(.servers(4)),
                          .sessions(.sticky(true)), .sessions(.local(false)), .expect(.sessionCount(2)),
                          .expect(.bytesPerRequest(.jwt, .greaterOrEqual, 250)), .expect(.storeLookups(.session, .equal, 1)),
                          .expect(.name(.session, "李雷"))])
        #expect(diagnostics("mode hybrid", file: "c") == ["c:1:6: error: expected a mode (jwt, session, both), found 'hybrid'"])
        #expect(diagnostics("expect bytes_per_request jwt ~ 3", file: "c") == ["c:1:30: error: expected a comparison (<, <=, =, >=, >), found '~'"])
        #expect(diagnostics("sessions servers 0", file: "c") == ["c:1:18: error: the number of servers must be between 1 and 64, not 0"])
    }
}

@Suite struct WeChatParserTests {
    @Test func parsesTheWeChatVerbs() throws {
        let steps = try parseScript("""
        config wechat_margin 500s
        wechat pushes off
        wechat push_ticket
        wechat component_token ticket=stale secret=bad
        wechat preauthcode
        wechat auth_url auth_type=2 category_id_list=1|15
        wechat auth_url biz_appid=wxbiz
        wechat authorize wxm1
        wechat unauthorize wxm1
        wechat query_auth code=last
        wechat authorizer_token
        wechat call /cgi-bin/user/info
        wechat stale_token wxm1
        expect errcode 61023
        """, file: "w").get().steps.map(\.command)
        #expect(steps == [.config(.wechatMargin(.seconds(500))), .wechat(.pushes(false)), .wechat(.pushTicket),
                          .wechat(.componentToken(ticket: "stale", secret: "bad")), .wechat(.preAuthCode),
                          .wechat(.authURL(authType: 2, bizAppID: nil, categoryIDs: [1, 15])), .wechat(.authURL(authType: nil, bizAppID: "wxbiz", categoryIDs: [])),
                          .wechat(.authorize(merchant: "wxm1")), .wechat(.unauthorize(merchant: "wxm1")),
                          .wechat(.queryAuth(code: nil)), .wechat(.authorizerToken(merchant: nil)),
                          .wechat(.call(path: "/cgi-bin/user/info")), .wechat(.staleToken(merchant: "wxm1")), .expect(.errcode(61023))])
    }

    @Test func reportsWeChatMistakes() {
        #expect(diagnostics("wechat auth_url auth_type=4", file: "w") == ["w:1:17: error: auth_type is 1 (official accounts), 2 (mini programs) or 3 (both)"])
        #expect(diagnostics("wechat auth_url auth_type=1 biz_appid=x", file: "w") == ["w:1:17: error: auth_type and biz_appid are exclusive"])
        #expect(diagnostics("wechat authorize", file: "w") == ["w:1:17: error: expected the merchant's appid"])
        #expect(diagnostics("wechat call user/info", file: "w") == ["w:1:13: error: a path starts with '/', found 'user/info'"])
    }
}
