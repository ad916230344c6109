/// A parsed script: its file name and its steps in order.
public struct Scenario: Sendable {
    public struct Step: Hashable, Sendable {
        public let line: Int
        /// The line as written, without its comment, for the transcript.
        public let source: String
        public let command: ScenarioCommand
        /// The `#` comment lines written since the step before: the script's explanation,
        /// which presenter mode shows as narration.
        public let comments: [String]

        public init(line: Int, source: String, command: ScenarioCommand, comments: [String] = []) {
            self.line = line
            self.source = source
            self.command = command
            self.comments = comments
        }
    }

    public let file: String
    public let steps: [Step]
}

/// Parses the scenario language. Every error in the file is collected, each with its
/// line and column, so a user fixes them all in one pass and nothing runs until then.
public enum ScenarioParser {
    public static func parse(_ text: String, file: String) -> Result<Scenario, ScenarioErrors> {
        var steps: [Scenario.Step] = []
        var diagnostics: [ScenarioDiagnostic] = []
        var sawAction = false
        var comments: [String] = []
        for (index, rawLine) in lines(text).enumerated() {
            let lineNumber = index + 1
            do {
                let words: [ScenarioWord]
                do { words = try ScenarioLexer.words(rawLine) } catch {
                    throw ScenarioDiagnostic(file: file, line: lineNumber, column: error.column, message: error.message)
                }
                if words.isEmpty {
                    let trimmed = rawLine.drop { $0 == " " || $0 == "\t" }
                    if trimmed.first == "#" { comments.append(String(trimmed.dropFirst().drop { $0 == " " })) }
                    continue
                }
                var line = LineParser(file: file, line: lineNumber, words: words)
                let command = try line.command()
                if case .config(let setting) = command, setting.mustPrecedeActions, sawAction {
                    throw ScenarioDiagnostic(file: file, line: lineNumber, column: words[1].column,
                                             message: "'config \(words[1].text)' must come before the first action (login, request, advance…)")
                }
                if command == .reset { sawAction = false } else if command.isAction { sawAction = true }
                let source = words.map { $0.quoted ? "\"\($0.text)\"" : $0.text }.joined(separator: " ")
                steps.append(Scenario.Step(line: lineNumber, source: source, command: command, comments: comments))
                comments = []
            } catch let d as ScenarioDiagnostic {
                diagnostics.append(d)
            } catch {
                diagnostics.append(ScenarioDiagnostic(file: file, line: lineNumber, column: 1, message: "\(error)"))
            }
        }
        if !diagnostics.isEmpty { return .failure(ScenarioErrors(diagnostics: diagnostics)) }
        return .success(Scenario(file: file, steps: steps))
    }

    static let methods: Set<String> = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]

    /// The file's lines, ending at LF or CRLF (the CR dropped). Split on Unicode scalars:
    /// to Swift's `Character`, CR LF is one character, so splitting on "\n" would miss it.
    /// A CR left inside a line is a lone CR, which the lexer reports where it stands.
    static func lines(_ text: String) -> [Substring] {
        let scalars = text.unicodeScalars
        var lines: [Substring] = []
        var start = scalars.startIndex
        var i = start
        while i != scalars.endIndex {
            if scalars[i] == "\n" {
                var end = i
                if end > start, scalars[scalars.index(before: end)] == "\r" { end = scalars.index(before: end) }
                lines.append(Substring(scalars[start..<end]))
                start = scalars.index(after: i)
            }
            i = scalars.index(after: i)
        }
        lines.append(Substring(scalars[start...]))
        return lines
    }

    /// Durations that must be at least this long: a token living under a second is born
    /// expired (`exp` is in whole seconds).
    static let minimumLifetime = Span.seconds(1)
    /// Entries the log may keep (about 30 MB); totals stay exact beyond it.
    public static let maximumLogCapacity = 100_000
    /// WeChat's tokens live 2 h: a renewal margin of half that or more renews without end.
    public static let maximumWeChatMargin = Span.hours(1)
}

public struct ScenarioErrors: Error, Sendable {
    public let diagnostics: [ScenarioDiagnostic]
}

/// Reads the words of one line.
private struct LineParser {
    let file: String
    let line: Int
    let words: [ScenarioWord]
    var index = 0

    init(file: String, line: Int, words: [ScenarioWord]) {
        self.file = file
        self.line = line
        self.words = words
    }

    func error(_ message: String, at word: Int? = nil) -> ScenarioDiagnostic {
        let column: Int
        if let w = word ?? (index < words.count ? index : nil), w < words.count {
            column = words[w].column
        } else if let last = words.last {
            column = last.column + last.text.count + (last.quoted ? 2 : 0)
        } else {
            column = 1
        }
        return ScenarioDiagnostic(file: file, line: line, column: column, message: message)
    }

    mutating func next(_ what: String) throws(ScenarioDiagnostic) -> String {
        guard index < words.count else { throw error("expected \(what)") }
        defer { index += 1 }
        return words[index].text
    }

    mutating func keyword(_ options: [String], _ what: String) throws(ScenarioDiagnostic) -> String {
        let at = index
        let word = try next(what)
        guard options.contains(word) else {
            throw error("expected \(what) (\(options.joined(separator: ", "))), found '\(word)'" + suggestion(word, options), at: at)
        }
        return word
    }

    /// One of an enum's keywords.
    mutating func keyword<K: RawRepresentable & CaseIterable>(_ type: K.Type, _ what: String) throws(ScenarioDiagnostic) -> K
    where K.RawValue == String {
        K(rawValue: try keyword(K.allCases.map(\.rawValue), what))!
    }

    mutating func end() throws(ScenarioDiagnostic) {
        if index < words.count { throw error("unexpected '\(words[index].text)' at the end of the line") }
    }

    mutating func duration(_ what: String, allowZero: Bool = false, allowNegative: Bool = false,
                           atLeast minimum: Span? = nil, under maximum: Span? = nil) throws(ScenarioDiagnostic) -> Span {
        let at = index
        let word = try next(what)
        guard let span = DurationSyntax.parse(word) else {
            if word.utf8.prefix(while: { $0 >= 48 && $0 <= 57 }).count > 15 {
                throw error("'\(word)' is longer than \(Span.maximum) (100 years), the longest duration a script may give", at: at)
            }
            throw error("'\(word)' is not a duration (write 250ms, 30s, 15m, 2h, 7d or 1h30m)", at: at)
        }
        if abs(span.milliseconds) > Span.maximum.milliseconds {
            throw error("'\(word)' is longer than \(Span.maximum) (100 years), the longest duration a script may give", at: at)
        }
        if span < .zero, !allowNegative { throw error("\(what) cannot be negative", at: at) }
        if span == .zero, !allowZero { throw error("\(what) must be longer than 0", at: at) }
        if let minimum, span < minimum {
            throw error("\(what) must be at least \(minimum): a token that lives under a second is born expired (exp is in whole seconds)", at: at)
        }
        if let maximum, span >= maximum { throw error("\(what) must be under \(maximum)", at: at) }
        return span
    }

    mutating func integer(_ what: String, in range: ClosedRange<Int>) throws(ScenarioDiagnostic) -> Int {
        let at = index
        let word = try next(what)
        guard let n = Int(word) else { throw error("'\(word)' is not a whole number (\(what))", at: at) }
        guard range.contains(n) else { throw error("\(what) must be between \(range.lowerBound) and \(range.upperBound), not \(n)", at: at) }
        return n
    }

    mutating func onOff(_ what: String) throws(ScenarioDiagnostic) -> Bool {
        try keyword(["on", "off"], what) == "on"
    }

    mutating func method() throws(ScenarioDiagnostic) -> String {
        let at = index
        let word = try next("an HTTP method")
        guard ScenarioParser.methods.contains(word) else {
            throw error("'\(word)' is not an HTTP method (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS)", at: at)
        }
        return word
    }

    mutating func path() throws(ScenarioDiagnostic) -> String {
        let at = index
        let word = try next("a path")
        guard word.hasPrefix("/") else { throw error("a path starts with '/', found '\(word)'", at: at) }
        return word
    }

    /// `name=VALUE roles=a,b` in any order, each at most once.
    mutating func profileFields(allowEmpty: Bool) throws(ScenarioDiagnostic) -> (name: String?, roles: [String]?) {
        var name: String?
        var roles: [String]?
        while index < words.count {
            let at = index
            let word = words[index].text
            if word.hasPrefix("name="), name == nil {
                name = String(word.dropFirst(5))
                guard !name!.isEmpty else { throw error("name= needs a value", at: at) }
            } else if word.hasPrefix("roles="), roles == nil {
                roles = word.dropFirst(6).split(separator: ",", omittingEmptySubsequences: true).map(String.init)
            } else {
                throw error("expected name=VALUE or roles=a,b, found '\(word)'", at: at)
            }
            index += 1
        }
        if !allowEmpty, name == nil, roles == nil { throw error("expected name=VALUE and/or roles=a,b") }
        return (name, roles)
    }

    mutating func command() throws(ScenarioDiagnostic) -> ScenarioCommand {
        let word = try next("a command")
        guard let verb = ScenarioVerb(rawValue: word) else {
            throw error("unknown command '\(word)'" + suggestion(word, ScenarioVerb.allCases.map(\.rawValue)), at: 0)
        }
        let command: ScenarioCommand
        switch verb {
        case .config: command = .config(try configSetting())
        case .user:
            let username = try next("a user name")
            let password = try next("a password")
            let fields = try profileFields(allowEmpty: true)
            command = .addUser(username: username, password: password, name: fields.name, roles: fields.roles)
        case .login: command = .login(username: try next("a user name"), password: try next("a password"))
        case .logout: command = .logout
        case .request: command = .request(method: try method(), path: try path())
        case .burst:
            let count = try integer("the number of requests", in: 1...1000)
            command = .burst(count: count, method: try method(), path: try path())
        case .traffic:
            if try keyword(["every", "off"], "'every' or 'off'") == "off" {
                command = .trafficOff
            } else {
                let every = try duration("the interval")
                command = .traffic(every: every, method: try method(), path: try path())
            }
        case .advance: command = .advance(try duration("the time to advance", allowZero: true))
        case .wait: command = .wait(try duration("the time to wait", allowZero: true))
        case .expire: command = .expire(try keyword(["short", "long"], "which token") == "short" ? .short : .long)
        case .revoke: _ = try keyword(["long"], "what to revoke"); command = .revokeLong
        case .profile:
            let username = try next("a user name")
            let fields = try profileFields(allowEmpty: false)
            command = .profile(username: username, name: fields.name, roles: fields.roles)
        case .tamper:
            _ = try keyword(["short"], "what to tamper with")
            let fields = try profileFields(allowEmpty: false)
            command = .tamperShort(name: fields.name, roles: fields.roles)
        case .fail:
            _ = try keyword(["next"], "'next'")
            _ = try keyword(["refresh"], "'refresh'")
            command = .failNextRefresh(try keyword(Simulation.RefreshFault.self, "the fault"))
        case .steal: command = try keyword(["long", "short"], "which token to steal") == "long" ? .stealLong : .stealShort
        case .attacker:
            switch try keyword(["refresh", "request", "forge", "spray_kids"], "what the attacker does") {
            case "refresh": command = .attackerRefresh
            case "forge": command = .attackerForge(try keyword(TokenForgery.self, "a forgery"))
            case "spray_kids":
                let count = try integer("how many tokens with invented kids", in: 1...1000)
                let at = index
                let o = try options(["every"])
                var every = Span.seconds(1)
                if let text = o["every"] {
                    guard let span = DurationSyntax.parse(text), span.milliseconds > 0, span <= .hours(1) else {
                        throw error("every= takes a duration from 1ms to 1h, found '\(text)'", at: at)
                    }
                    every = span
                }
                command = .attackerSprayKids(count: count, every: every)
            default: command = .attackerRequest(method: try method(), path: try path())
            }
        case .oauth: command = .oauth(try oauthCommand())
        case .device: command = .device(try deviceCommand())
        case .wechat: command = .wechat(try wechatCommand())
        case .mode: command = .mode(try keyword(ComparisonMode.self, "a mode"))
        case .sessions:
            switch try keyword(SessionsKey.self, "a sessions setting") {
            case .store: command = .sessions(.store(up: try keyword(["up", "down"], "up or down") == "up"))
            case .denylist: command = .sessions(.denylist(try onOff("on or off")))
            case .servers: command = .sessions(.servers(try integer("the number of servers", in: 1...64)))
            case .sticky: command = .sessions(.sticky(try onOff("on or off")))
            case .local: command = .sessions(.local(try onOff("on or off")))
            }
        case .reset: command = .reset
        case .expect: command = .expect(try expectation())
        }
        try end()
        return command
    }

    mutating func configSetting() throws(ScenarioDiagnostic) -> ConfigSetting {
        switch try keyword(ConfigKey.self, "a setting") {
        case .shortTTL: return .shortTTL(try duration("short_ttl", atLeast: ScenarioParser.minimumLifetime))
        case .longTTL: return .longTTL(try duration("long_ttl", atLeast: ScenarioParser.minimumLifetime))
        case .absoluteLifetime:
            if index < words.count, words[index].text == "off" { index += 1; return .absoluteLifetime(nil) }
            return .absoluteLifetime(try duration("absolute_lifetime (a duration or off)", atLeast: ScenarioParser.minimumLifetime))
        case .refreshPolicy: return .refreshPolicy(try keyword(RefreshPolicy.self, "a refresh policy"))
        case .renewWindow:
            let at = index
            let word = try next("a percentage like 20%")
            guard word.hasSuffix("%"), let n = Int(word.dropLast()), (1...100).contains(n) else {
                throw error("renew_window is a percentage from 1% to 100%, found '\(word)'", at: at)
            }
            return .renewWindow(percent: n)
        case .reuseGrace: return .reuseGrace(try duration("reuse_grace", allowZero: true))
        case .singleFlight: return .singleFlight(try onOff("on or off"))
        case .proactiveRefresh:
            if index < words.count, words[index].text == "off" { index += 1; return .proactiveRefresh(nil) }
            return .proactiveRefresh(try duration("proactive_refresh (a duration or off)"))
        case .latency: return .latency(try duration("latency", allowZero: true))
        case .timeout: return .timeout(try duration("timeout"))
        case .leeway: return .leeway(try duration("leeway", allowZero: true))
        case .alg:
            let word = try keyword(JWTAlgorithm.allCases.map(\.keyword), "hs256, rs256, es256 or eddsa")
            return .algorithm(JWTAlgorithm.allCases.first { $0.keyword == word }!)
        case .clientSkew: return .clientSkew(try duration("client_skew", allowZero: true, allowNegative: true))
        case .logCapacity: return .logCapacity(try integer("log_capacity", in: 1...ScenarioParser.maximumLogCapacity))
        case .wechatMargin:
            return .wechatMargin(try duration("wechat_margin (WeChat's tokens live 2h; a margin of half that or more renews them without end)",
                                              allowZero: true, under: ScenarioParser.maximumWeChatMargin))
        case .wechatAutoRefresh: return .wechatAutoRefresh(try onOff("on or off"))
        case .oauthCodeTTL: return .oauthCodeTTL(try duration("oauth_code_ttl", atLeast: ScenarioParser.minimumLifetime))
        case .oauthAccessTTL: return .oauthAccessTTL(try duration("oauth_access_ttl", atLeast: ScenarioParser.minimumLifetime))
        case .oauthRefreshTTL: return .oauthRefreshTTL(try duration("oauth_refresh_ttl", atLeast: ScenarioParser.minimumLifetime))
        case .oauthRefreshPolicy:
            return .oauthRefreshPolicy(try keyword(["reuse", "rotate"], "reuse or rotate") == "reuse" ? .reuse : .rotate)
        case .oauthAlg:
            // The platform publishes its keys: a shared secret has no public half to publish.
            let word = try keyword(["rs256", "es256", "eddsa"], "the platform's algorithm (it publishes its keys: no hs256)")
            return .oauthAlgorithm(JWTAlgorithm.allCases.first { $0.keyword == word }!)
        case .apiValidation: return .apiValidation(try keyword(APIValidation.self, "how the API validates tokens"))
        case .jwksCacheAge: return .jwksCacheAge(try duration("jwks_cache_age", allowZero: true))
        case .jwksCooldown: return .jwksCooldown(try duration("jwks_cooldown", allowZero: true))
        case .seed:
            let at = index
            let word = try next("a seed")
            guard let n = UInt64(word) else { throw error("the seed is a whole number from 0, found '\(word)'", at: at) }
            return .seed(n)
        case .start:
            let at = index
            let word = try next("a start time like 2026-01-01T09:00:00Z")
            guard let instant = Instant(iso8601: word) else {
                throw error("'\(word)' is not a UTC time like 2026-01-01T09:00:00Z", at: at)
            }
            return .start(instant)
        }
    }

    mutating func expectation() throws(ScenarioDiagnostic) -> Expectation {
        let kind = try keyword(ExpectKind.self, "what to expect")
        switch kind {
        case .status:
            if index < words.count, words[index].text == "timeout" { index += 1; return .status(nil) }
            return .status(try integer("the status", in: 100...599))
        case .refreshes: return .refreshes(try integer("the number of refreshes", in: 0...Int.max))
        case .loginRequired: return .loginRequired
        case .state:
            let word = try keyword(ClientState.allCases.map(\.keyword), "a client state")
            return .clientState(ClientState.allCases.first { $0.keyword == word }!)
        case .claim: return .claim(name: try next("a claim name"), value: try next("the expected value"))
        case .error: return .error(try next("an error code"))
        case .oauthError: return .oauthError(try next("an OAuth error code (invalid_grant, invalid_client, access_denied…)"))
        case .sessionCount: return .sessionCount(try integer("the number of sessions", in: 0...Int.max))
        case .errcode: return .errcode(try integer("a WeChat errcode (0 for success)", in: 0...99_999))
        case .bytesPerRequest, .storeLookups:
            let design = try keyword(Design.self, "jwt or session")
            let op = try keyword(Comparison.self, "a comparison")
            let at = index
            let word = try next("a number")
            guard let n = Double(word), n.isFinite else { throw error("'\(word)' is not a number", at: at) }
            return kind == .bytesPerRequest ? .bytesPerRequest(design, op, n) : .storeLookups(design, op, n)
        case .name:
            let design = try keyword(Design.self, "jwt or session")
            return .name(design, try next("the expected name"))
        case .idToken:
            if try keyword(["valid", "rejected"], "the verdict") == "valid" { return .idToken(failedRule: nil) }
            return .idToken(failedRule: try keyword(IDTokenValidation.rules, "the rule that fails first"))
        case .jwksFetches:
            let op = try keyword(Comparison.self, "a comparison")
            return .jwksFetches(op, try integer("the number of fetches", in: 0...Int.max))
        case .log:
            let at = index
            let text = try next("the text to look for, in quotes")
            guard !text.isEmpty else { throw error("the text to look for is empty", at: at) }
            return .log(text)
        }
    }
}
extension LineParser {
    /// `KEY=VALUE` options in any order, each at most once, from `allowed`.
    mutating func options(_ allowed: [String]) throws(ScenarioDiagnostic) -> [String: String] {
        var found: [String: String] = [:]
        while index < words.count {
            let at = index
            let word = words[index].text
            guard let eq = word.firstIndex(of: "=") else {
                throw error("expected KEY=VALUE (\(allowed.map { $0 + "=" }.joined(separator: ", "))), found '\(word)'", at: at)
            }
            let key = String(word[..<eq]), value = String(word[word.index(after: eq)...])
            guard allowed.contains(key) else {
                throw error("unknown option '\(key)=' (expected \(allowed.map { $0 + "=" }.joined(separator: ", ")))" + suggestion(key, allowed), at: at)
            }
            guard found[key] == nil else { throw error("'\(key)=' is given twice", at: at) }
            guard !value.isEmpty else { throw error("'\(key)=' needs a value", at: at) }
            found[key] = value
            index += 1
        }
        return found
    }

    func list(_ value: String) -> [String] { value.split(separator: ",").map(String.init) }

    /// `last` (the app's own), `none` (leave it out) or a literal value.
    func credential(_ value: String?) -> OAuthFlow.Credential {
        switch value {
        case nil, "last": return .last
        case "none": return .none
        case let v?: return .value(v)
        }
    }

    mutating func wechatCommand() throws(ScenarioDiagnostic) -> WeChatCommand {
        func optionalAppID() throws(ScenarioDiagnostic) -> String? { index < words.count ? try next("a merchant appid") : nil }
        switch try keyword(WeChatVerb.self, "a wechat step") {
        case .start: return .start
        case .reset: return .reset
        case .pushes: return .pushes(try onOff("on or off"))
        case .pushTicket: return .pushTicket
        case .componentToken:
            let o = try options(["ticket", "secret"])
            return .componentToken(ticket: o["ticket"], secret: o["secret"])
        case .preauthcode: return .preAuthCode
        case .authURL:
            let at = index
            let o = try options(["auth_type", "biz_appid", "category_id_list"])
            if o["auth_type"] != nil, o["biz_appid"] != nil { throw error("auth_type and biz_appid are exclusive", at: at) }
            let categories = (o["category_id_list"] ?? "").split(separator: "|").map { Int($0) }
            guard categories.allSatisfy({ $0 != nil }) else { throw error("category_id_list is numbers joined by | (e.g. 1|15)", at: at) }
            var authType: Int?
            if let t = o["auth_type"] {
                guard let n = Int(t), (1...3).contains(n) else { throw error("auth_type is 1 (official accounts), 2 (mini programs) or 3 (both)", at: at) }
                authType = n
            }
            return .authURL(authType: authType ?? (o["biz_appid"] == nil ? 3 : nil), bizAppID: o["biz_appid"], categoryIDs: categories.compactMap { $0 })
        case .authorize: return .authorize(merchant: try next("the merchant's appid"))
        case .unauthorize: return .unauthorize(merchant: try next("the merchant's appid"))
        case .queryAuth:
            let o = try options(["code"])
            return .queryAuth(code: o["code"] == "last" ? nil : o["code"])
        case .authorizerToken: return .authorizerToken(merchant: try optionalAppID())
        case .call: return .call(path: try path())
        case .staleToken: return .staleToken(merchant: try optionalAppID())
        }
    }

    mutating func deviceCommand() throws(ScenarioDiagnostic) -> DeviceCommand {
        switch try keyword(DeviceVerb.self, "a device step (start, poll, approve or deny)") {
        case .start: return .start(scope: try options(["scope"])["scope"].map(list))
        case .poll: return .poll
        case .approve:
            let o = try options(["as", "code"])
            return .decide(approve: true, username: o["as"], code: o["code"])
        case .deny:
            let o = try options(["as", "code"])
            return .decide(approve: false, username: o["as"], code: o["code"])
        }
    }

    mutating func oauthCommand() throws(ScenarioDiagnostic) -> OAuthCommand {
        switch try keyword(OAuthVerb.self, "an oauth step") {
        case .register:
            let name = try next("the app's name")
            let at = index
            let o = try options(["redirect", "scopes", "pkce"])
            guard let redirect = o["redirect"] else { throw error("oauth register needs redirect=URI", at: at) }
            guard let scopes = o["scopes"] else { throw error("oauth register needs scopes=a,b", at: at) }
            let uris = list(redirect)
            for uri in uris {
                if let problem = RedirectURIRule.problem(uri) { throw error("redirect URI '\(uri)' \(problem)", at: at) }
            }
            guard o["pkce"] == nil || o["pkce"] == "on" || o["pkce"] == "off" else { throw error("pkce= takes on or off", at: at) }
            return .register(name: name, redirectURIs: uris, scopes: list(scopes), pkce: o["pkce"] != "off")
        case .authorize:
            let o = try options(["redirect", "scope", "state"])
            return .authorize(redirect: o["redirect"], scope: o["scope"].map(list), state: o["state"])
        case .consent:
            return .consent(approve: try keyword(["approve", "deny"], "approve or deny") == "approve")
        case .exchange:
            let o = try options(["code", "secret", "redirect", "verifier"])
            return .exchange(code: credential(o["code"]), secret: credential(o["secret"]), redirect: o["redirect"], verifier: credential(o["verifier"]))
        case .call:
            return .call(method: try method(), path: try path())
        case .refresh:
            return .refresh
        case .expire:
            return .expire
        case .reset:
            return .reset
        case .key:
            return .key(try keyword(KeyRotationStep.self, "a key rotation step"))
        case .idToken:
            guard index < words.count else { return .checkIDToken(nil) }
            return .checkIDToken(try keyword(IDTokenAttack.self, "an ID-token attack, or nothing for the app's own"))
        }
    }
}
/// ` (did you mean 'request'?)` when a close match exists.
func suggestion(_ word: String, _ options: [String]) -> String {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
    let lower = word.lowercased()
    guard lower.count >= 2 else { return "" } // one character says too little to guess from
    func sharedPrefix(_ a: String, _ b: String) -> Int { zip(a, b).prefix { $0 == $1 }.count }
    if lower.count >= 3, let prefixed = options.first(where: { sharedPrefix(lower, $0) >= min(4, $0.count, lower.count) }) {
        return " (did you mean '\(prefixed)'?)"
    }
    let w = Array(lower)
    let best = options.map { ($0, distance(w, Array($0))) }.min { $0.1 < $1.1 }
    guard let (option, d) = best, d <= max(1, option.count / 3) else { return "" }
    return " (did you mean '\(option)'?)"
}
