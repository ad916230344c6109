/// `expect …` lines: each judges what the world reported, passed or failed, with the detail.
extension ScenarioRunner {
    func check(_ expectation: Expectation, _ step: Scenario.Step) -> ExpectationResult {
        let sim = world()
        let passed: Bool
        let detail: String
        switch expectation {
        case .status(let expected):
            if lastOutcomes.isEmpty {
                passed = false
                detail = "no request has been made yet"
            } else {
                passed = lastOutcomes.allSatisfy { $0.status == expected }
                detail = lastOutcomes.map { o in
                    (o.exchange.map { "\($0): " } ?? "the answer was ") + (o.status.map { "\($0)" + (o.error.map { " " + $0 } ?? "") } ?? "timed out")
                }.joined(separator: ", ")
            }
        case .refreshes(let n):
            passed = sim.client.refreshCount == n
            detail = "the client has sent \(sim.client.refreshCount) refresh\(sim.client.refreshCount == 1 ? "" : "es")"
        case .loginRequired:
            passed = sim.client.state == .loginRequired
            detail = "the client is \(sim.client.state.rawValue)"
        case .clientState(let state):
            passed = sim.client.state == state
            detail = "the client is \(sim.client.state.rawValue)"
        case .claim(let name, let value):
            let (token, what) = claimsFromOAuth ? (sim.oauth.app.accessToken, "the app's access token") : (sim.client.short, "the short token")
            if let token {
                let actual = token.claims[name]
                passed = actual?.plainText == value
                detail = actual.map { "\(name) is \($0.plainText)" } ?? "\(what) has no claim \(name)"
            } else {
                passed = false
                detail = claimsFromOAuth ? "the app holds no access token" : "the client holds no short token"
            }
        case .errcode(let n):
            if n == 0 {
                let code = lastWeChatAnswer?.wechatErrcode
                passed = lastWeChatAnswer != nil && code == nil
                detail = lastWeChatAnswer == nil ? "no wechat step has answered yet" : code.map { "the last wechat step answered errcode \($0)" } ?? "the last wechat step succeeded"
            } else {
                let last = simulation.flatMap { $0.wechatStarted ? $0.wechat.lastErrcode : nil }
                passed = last == n
                detail = last.map { "the most recent errcode was \($0)" } ?? "no WeChat errcode so far"
            }
        case .sessionCount(let n):
            let count = sim.sessionCluster.sessionCount
            passed = count == n
            detail = "\(count) live session\(count == 1 ? "" : "s") (\(sim.sessionCluster.sessionBytes) bytes)"
        case .bytesPerRequest(let design, let op, let n), .storeLookups(let design, let op, let n):
            let meter = design == .jwt ? sim.jwtMeter : sim.sessionMeter
            let isBytes: Bool
            if case .bytesPerRequest = expectation { isBytes = true } else { isBytes = false }
            let value = isBytes ? meter.bytesPerRequest : meter.lookupsPerRequest
            passed = meter.requests > 0 && op.holds(value, n)
            detail = meter.requests == 0 ? "no \(design.rawValue) request has reached a server"
                : "\(design.rawValue): \(DesignMeter.format(value)) \(isBytes ? "bytes" : "store look-ups") per request over \(meter.requests) requests"
        case .name(let design, let name):
            let last = lastNames[design]
            passed = last == name
            detail = last.map { "the \(design.rawValue) side last answered name \($0)" } ?? "no successful \(design.rawValue) GET /api/profile yet"
        case .idToken(let rule):
            let checks = sim.oauth.app.idTokenChecks
            let failed = IDTokenValidation.firstFailure(checks)
            passed = !checks.isEmpty && failed?.rule == rule
            detail = checks.isEmpty ? "the app has not checked an ID token"
                : failed.map { "\(sim.oauth.app.idTokenCheckSubject?.description ?? "the ID token") failed \($0.rule): \($0.detail)" } ?? "every check passed"
        case .jwksFetches(let op, let n):
            let fetches = sim.oauth.resourceServer.jwks.fetches
            passed = op.holds(Double(fetches), Double(n))
            detail = "the API fetched the JWKS \(fetches) time\(fetches == 1 ? "" : "s")"
        case .oauthError(let code):
            let last = sim.oauth.lastError
            passed = last == code
            detail = last.map { "the most recent OAuth error was \($0)" } ?? "no OAuth error so far"

        case .error(let code):
            let last = sim.network.lastErrorCode
            passed = last == code
            detail = last.map { "the most recent error was \($0)" } ?? "no server has returned an error"
        case .log(let text):
            // Texts the script names are watched as entries stream (the ring may drop them);
            // a line typed or recorded later is looked for in the entries the log still holds.
            passed = seenLogTexts.contains(text) || sim.log.entries.contains { LogFormatter.line($0).contains(text) }
            detail = passed ? "found" : "no log entry so far contains \"\(text)\""
        }
        if passed { summary.passed += 1 } else { summary.failed += 1 }
        let result = ExpectationResult(line: step.line, source: step.source, passed: passed, detail: detail)
        emit(.expectation(result))
        return result
    }
}
