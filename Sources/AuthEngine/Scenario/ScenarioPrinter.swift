/// Writes commands in the scenario language: `ScenarioParser` reads back exactly the
/// command printed (`parse(print(c)) == c`, tested over every verb). Recordings and the
/// playground's transcript lines are written this way.
public enum ScenarioPrinter {
    public static func line(_ command: ScenarioCommand) -> String {
        words(command).joined(separator: " ")
    }

    /// A word as the lexer reads it back: quoted when it is empty or holds a space, a quote,
    /// `#` or a backslash.
    public static func word(_ text: String) -> String {
        let plain = !text.isEmpty && !text.contains { $0 == " " || $0 == "\t" || $0 == "\"" || $0 == "#" || $0 == "\\" || $0 == "\r" }
        if plain { return text }
        return "\"" + text.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"") + "\""
    }

    static func words(_ command: ScenarioCommand) -> [String] {
        switch command {
        case .config(let setting): return ["config"] + config(setting)
        case .addUser(let username, let password, let name, let roles):
            return ["user", word(username), word(password)] + profile(name, roles)
        case .login(let username, let password): return ["login", word(username), word(password)]
        case .logout: return ["logout"]
        case .request(let method, let path): return ["request", method, word(path)]
        case .burst(let count, let method, let path): return ["burst", String(count), method, word(path)]
        case .traffic(let every, let method, let path): return ["traffic", "every", every.description, method, word(path)]
        case .trafficOff: return ["traffic", "off"]
        case .advance(let span): return ["advance", span.description]
        case .wait(let span): return ["wait", span.description]
        case .expire(let kind): return ["expire", kind.rawValue]
        case .revokeLong: return ["revoke", "long"]
        case .profile(let username, let name, let roles): return ["profile", word(username)] + profile(name, roles)
        case .tamperShort(let name, let roles): return ["tamper", "short"] + profile(name, roles)
        case .failNextRefresh(let fault): return ["fail", "next", "refresh", fault.rawValue]
        case .stealLong: return ["steal", "long"]
        case .stealShort: return ["steal", "short"]
        case .attackerRefresh: return ["attacker", "refresh"]
        case .attackerRequest(let method, let path): return ["attacker", "request", method, word(path)]
        case .attackerForge(let forgery): return ["attacker", "forge", forgery.rawValue]
        case .attackerSprayKids(let count, let every):
            return ["attacker", "spray_kids", String(count)] + (every == .seconds(1) ? [] : ["every=" + every.description])
        case .oauth(let step): return ["oauth"] + oauth(step)
        case .device(let step): return ["device"] + device(step)
        case .wechat(let step): return ["wechat"] + wechat(step)
        case .mode(let mode): return ["mode", mode.rawValue]
        case .sessions(let setting): return ["sessions"] + sessions(setting)
        case .reset: return ["reset"]
        case .expect(let expectation): return ["expect"] + expect(expectation)
        }
    }

    private static func onOff(_ on: Bool) -> String { on ? "on" : "off" }

    private static func profile(_ name: String?, _ roles: [String]?) -> [String] {
        var words: [String] = []
        if let name { words.append(word("name=" + name)) }
        if let roles { words.append(word("roles=" + roles.joined(separator: ","))) }
        return words
    }

    private static func config(_ setting: ConfigSetting) -> [String] {
        switch setting {
        case .shortTTL(let s): return [ConfigKey.shortTTL.rawValue, s.description]
        case .longTTL(let s): return [ConfigKey.longTTL.rawValue, s.description]
        case .absoluteLifetime(let s): return [ConfigKey.absoluteLifetime.rawValue, s?.description ?? "off"]
        case .refreshPolicy(let p): return [ConfigKey.refreshPolicy.rawValue, p.rawValue]
        case .renewWindow(let percent): return [ConfigKey.renewWindow.rawValue, "\(percent)%"]
        case .reuseGrace(let s): return [ConfigKey.reuseGrace.rawValue, s.description]
        case .singleFlight(let on): return [ConfigKey.singleFlight.rawValue, onOff(on)]
        case .proactiveRefresh(let s): return [ConfigKey.proactiveRefresh.rawValue, s?.description ?? "off"]
        case .latency(let s): return [ConfigKey.latency.rawValue, s.description]
        case .timeout(let s): return [ConfigKey.timeout.rawValue, s.description]
        case .leeway(let s): return [ConfigKey.leeway.rawValue, s.description]
        case .algorithm(let a): return [ConfigKey.alg.rawValue, a.keyword]
        case .clientSkew(let s): return [ConfigKey.clientSkew.rawValue, s.description]
        case .logCapacity(let n): return [ConfigKey.logCapacity.rawValue, String(n)]
        case .seed(let n): return [ConfigKey.seed.rawValue, String(n)]
        case .start(let t): return [ConfigKey.start.rawValue, t.iso8601]
        case .oauthCodeTTL(let s): return [ConfigKey.oauthCodeTTL.rawValue, s.description]
        case .oauthAccessTTL(let s): return [ConfigKey.oauthAccessTTL.rawValue, s.description]
        case .oauthRefreshTTL(let s): return [ConfigKey.oauthRefreshTTL.rawValue, s.description]
        case .oauthRefreshPolicy(let p): return [ConfigKey.oauthRefreshPolicy.rawValue, p.rawValue]
        case .oauthAlgorithm(let a): return [ConfigKey.oauthAlg.rawValue, a.keyword]
        case .apiValidation(let v): return [ConfigKey.apiValidation.rawValue, v.rawValue]
        case .jwksCacheAge(let s): return [ConfigKey.jwksCacheAge.rawValue, s.description]
        case .jwksCooldown(let s): return [ConfigKey.jwksCooldown.rawValue, s.description]
        case .wechatMargin(let s): return [ConfigKey.wechatMargin.rawValue, s.description]
        case .wechatAutoRefresh(let on): return [ConfigKey.wechatAutoRefresh.rawValue, onOff(on)]
        }
    }

    private static func credential(_ key: String, _ value: OAuthFlow.Credential) -> [String] {
        switch value {
        case .last: return []
        case .none: return [key + "=none"]
        case .value(let v): return [word(key + "=" + v)]
        }
    }

    private static func oauth(_ step: OAuthCommand) -> [String] {
        switch step {
        case .register(let name, let uris, let scopes, let pkce):
            return [OAuthVerb.register.rawValue, word(name), word("redirect=" + uris.joined(separator: ",")),
                    word("scopes=" + scopes.joined(separator: ","))] + (pkce ? [] : ["pkce=off"])
        case .authorize(let redirect, let scope, let state):
            var words = [OAuthVerb.authorize.rawValue]
            if let redirect { words.append(word("redirect=" + redirect)) }
            if let scope { words.append(word("scope=" + scope.joined(separator: ","))) }
            if let state { words.append(word("state=" + state)) }
            return words
        case .consent(let approve): return [OAuthVerb.consent.rawValue, approve ? "approve" : "deny"]
        case .exchange(let code, let secret, let redirect, let verifier):
            return [OAuthVerb.exchange.rawValue] + credential("code", code) + credential("secret", secret)
                + (redirect.map { [word("redirect=" + $0)] } ?? []) + credential("verifier", verifier)
        case .call(let method, let path): return [OAuthVerb.call.rawValue, method, word(path)]
        case .refresh: return [OAuthVerb.refresh.rawValue]
        case .expire: return [OAuthVerb.expire.rawValue]
        case .reset: return [OAuthVerb.reset.rawValue]
        case .key(let step): return [OAuthVerb.key.rawValue, step.rawValue]
        case .checkIDToken(let attack): return [OAuthVerb.idToken.rawValue] + (attack.map { [$0.rawValue] } ?? [])
        }
    }

    private static func device(_ step: DeviceCommand) -> [String] {
        switch step {
        case .start(let scope): return [DeviceVerb.start.rawValue] + (scope.map { [word("scope=" + $0.joined(separator: ","))] } ?? [])
        case .poll: return [DeviceVerb.poll.rawValue]
        case .decide(let approve, let username, let code):
            return [approve ? DeviceVerb.approve.rawValue : DeviceVerb.deny.rawValue] + (username.map { [word("as=" + $0)] } ?? []) + (code.map { [word("code=" + $0)] } ?? [])
        }
    }

    private static func wechat(_ step: WeChatCommand) -> [String] {
        switch step {
        case .start: return [WeChatVerb.start.rawValue]
        case .reset: return [WeChatVerb.reset.rawValue]
        case .pushes(let on): return [WeChatVerb.pushes.rawValue, onOff(on)]
        case .pushTicket: return [WeChatVerb.pushTicket.rawValue]
        case .componentToken(let ticket, let secret):
            return [WeChatVerb.componentToken.rawValue] + (ticket.map { [word("ticket=" + $0)] } ?? []) + (secret.map { [word("secret=" + $0)] } ?? [])
        case .preAuthCode: return [WeChatVerb.preauthcode.rawValue]
        case .authURL(let authType, let bizAppID, let categories):
            var words = [WeChatVerb.authURL.rawValue]
            if let authType, !(authType == 3 && bizAppID == nil) { words.append("auth_type=\(authType)") }
            if let bizAppID { words.append(word("biz_appid=" + bizAppID)) }
            if !categories.isEmpty { words.append("category_id_list=" + categories.map(String.init).joined(separator: "|")) }
            return words
        case .authorize(let merchant): return [WeChatVerb.authorize.rawValue, word(merchant)]
        case .unauthorize(let merchant): return [WeChatVerb.unauthorize.rawValue, word(merchant)]
        case .queryAuth(let code): return [WeChatVerb.queryAuth.rawValue] + (code.map { [word("code=" + $0)] } ?? [])
        case .authorizerToken(let merchant): return [WeChatVerb.authorizerToken.rawValue] + (merchant.map { [word($0)] } ?? [])
        case .call(let path): return [WeChatVerb.call.rawValue, word(path)]
        case .staleToken(let merchant): return [WeChatVerb.staleToken.rawValue] + (merchant.map { [word($0)] } ?? [])
        }
    }

    private static func sessions(_ setting: SessionsSetting) -> [String] {
        switch setting {
        case .store(let up): return [SessionsKey.store.rawValue, up ? "up" : "down"]
        case .denylist(let on): return [SessionsKey.denylist.rawValue, onOff(on)]
        case .servers(let n): return [SessionsKey.servers.rawValue, String(n)]
        case .sticky(let on): return [SessionsKey.sticky.rawValue, onOff(on)]
        case .local(let on): return [SessionsKey.local.rawValue, onOff(on)]
        }
    }

    private static func number(_ n: Double) -> String {
        n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
    }

    private static func expect(_ expectation: Expectation) -> [String] {
        switch expectation {
        case .status(let status): return [ExpectKind.status.rawValue, status.map(String.init) ?? "timeout"]
        case .refreshes(let n): return [ExpectKind.refreshes.rawValue, String(n)]
        case .loginRequired: return [ExpectKind.loginRequired.rawValue]
        case .clientState(let state): return [ExpectKind.state.rawValue, state.keyword]
        case .claim(let name, let value): return [ExpectKind.claim.rawValue, word(name), word(value)]
        case .error(let code): return [ExpectKind.error.rawValue, word(code)]
        case .log(let text): return [ExpectKind.log.rawValue, "\"" + text.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"") + "\""]
        case .oauthError(let code): return [ExpectKind.oauthError.rawValue, word(code)]
        case .errcode(let n): return [ExpectKind.errcode.rawValue, String(n)]
        case .sessionCount(let n): return [ExpectKind.sessionCount.rawValue, String(n)]
        case .bytesPerRequest(let design, let op, let n): return [ExpectKind.bytesPerRequest.rawValue, design.rawValue, op.rawValue, number(n)]
        case .storeLookups(let design, let op, let n): return [ExpectKind.storeLookups.rawValue, design.rawValue, op.rawValue, number(n)]
        case .name(let design, let name): return [ExpectKind.name.rawValue, design.rawValue, word(name)]
        case .idToken(let rule): return [ExpectKind.idToken.rawValue] + (rule.map { ["rejected", $0] } ?? ["valid"])
        case .jwksFetches(let op, let n): return [ExpectKind.jwksFetches.rawValue, op.rawValue, String(n)]
        }
    }
}

extension String {
    /// Every occurrence of `target` replaced (without Foundation).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
