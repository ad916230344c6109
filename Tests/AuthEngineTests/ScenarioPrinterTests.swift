import Foundation
import Testing
@testable import AuthEngine

@Suite struct ScenarioPrinterTests {
    /// At least one command for every verb, every config key, every expect kind and every
    /// oauth/wechat/sessions step, with quoting, options and edge values.
    static let samples: [ScenarioCommand] = [
        .config(.shortTTL(.minutes(15))), .config(.longTTL(.days(7) + .hours(2))), .config(.refreshPolicy(.sliding)),
        .config(.absoluteLifetime(.days(30))), .config(.absoluteLifetime(nil)),
        .config(.renewWindow(percent: 20)), .config(.reuseGrace(.zero)), .config(.singleFlight(false)),
        .config(.proactiveRefresh(nil)), .config(.proactiveRefresh(.seconds(30))), .config(.latency(.milliseconds(40))),
        .config(.timeout(.seconds(10))), .config(.leeway(.seconds(5))), .config(.clientSkew(-.seconds(90))),
        .config(.logCapacity(500)), .config(.seed(18_446_744_073_709_551_615)), .config(.start(Instant(iso8601: "2026-03-01T08:30:00.250Z")!)),
        .config(.oauthCodeTTL(.minutes(10))), .config(.oauthAccessTTL(.minutes(10))), .config(.oauthRefreshTTL(.days(30))),
        .config(.oauthRefreshPolicy(.reuse)), .config(.wechatMargin(.seconds(200))), .config(.wechatAutoRefresh(true)), .config(.algorithm(.rs256)), .config(.algorithm(.edDSA)),
        .config(.oauthAlgorithm(.es256)), .config(.apiValidation(.introspection)), .config(.apiValidation(.local)),
        .config(.jwksCacheAge(.minutes(10))), .config(.jwksCooldown(.zero)),
        .oauth(.key(.publish)), .oauth(.key(.sign)), .oauth(.key(.retire)), .oauth(.checkIDToken(nil)), .oauth(.checkIDToken(.otherApp)),
        .attackerSprayKids(count: 60, every: .seconds(1)), .attackerSprayKids(count: 3, every: .milliseconds(250)),
        .expect(.idToken(failedRule: nil)), .expect(.idToken(failedRule: "at_hash")), .expect(.jwksFetches(.lessOrEqual, 3)),
        .addUser(username: "carol", password: "pa ss#word", name: "Carol \"C\" Smith", roles: ["user", "admin"]),
        .addUser(username: "dave", password: "x", name: nil, roles: nil), .addUser(username: "erin", password: "y", name: nil, roles: []),
        .login(username: "alice", password: "wonderland"), .logout,
        .request(method: "GET", path: "/api/profile"), .burst(count: 5, method: "POST", path: "/api/orders"),
        .traffic(every: .seconds(10), method: "GET", path: "/api/profile"), .trafficOff,
        .advance(.hours(1) + .minutes(30)), .advance(.zero), .wait(.milliseconds(12_345)),
        .expire(.short), .expire(.long), .revokeLong,
        .profile(username: "alice", name: "Zoë 🔑", roles: nil), .profile(username: "alice", name: nil, roles: ["user"]),
        .tamperShort(name: "李雷", roles: ["admin"]), .failNextRefresh(.serverError), .failNextRefresh(.drop),
        .stealLong, .attackerRefresh, .stealShort, .attackerRequest(method: "GET", path: "/api/orders"),
        .oauth(.register(name: "Analytics", redirectURIs: ["https://a.example/cb", "https://a.example/cb2"], scopes: ["profile", "orders"], pkce: true)),
        .oauth(.register(name: "Legacy App", redirectURIs: ["https://l.example/cb"], scopes: ["profile"], pkce: false)),
        .oauth(.authorize(redirect: nil, scope: nil, state: nil)),
        .oauth(.authorize(redirect: "https://evil.example/steal", scope: ["profile", "admin"], state: "forged-by-attacker")),
        .oauth(.consent(approve: true)), .oauth(.consent(approve: false)),
        .oauth(.exchange(code: .last, secret: .last, redirect: nil, verifier: .last)),
        .oauth(.exchange(code: .value("abc"), secret: .none, redirect: "https://a.example/other", verifier: .none)),
        .oauth(.call(method: "GET", path: "/api/orders")), .oauth(.refresh), .oauth(.expire), .oauth(.reset),
        .attackerForge(.algNone), .attackerForge(.refreshAsAccess), .device(.start(scope: nil)), .device(.start(scope: ["openid", "profile"])), .device(.poll), .device(.decide(approve: true, username: "bob", code: "BCDF-GHJK")), .device(.decide(approve: false, username: nil, code: nil)), .wechat(.start), .wechat(.reset), .wechat(.pushes(false)), .wechat(.pushTicket),
        .wechat(.componentToken(ticket: nil, secret: nil)), .wechat(.componentToken(ticket: "stale", secret: "not-the-appsecret")),
        .wechat(.preAuthCode), .wechat(.authURL(authType: 3, bizAppID: nil, categoryIDs: [])),
        .wechat(.authURL(authType: 1, bizAppID: nil, categoryIDs: [1, 15])), .wechat(.authURL(authType: nil, bizAppID: "wxbiz", categoryIDs: [])),
        .wechat(.authorize(merchant: "wxmerchant0001")), .wechat(.unauthorize(merchant: "wxmerchant0001")),
        .wechat(.queryAuth(code: nil)), .wechat(.queryAuth(code: "queryauthcode@@@x")),
        .wechat(.authorizerToken(merchant: nil)), .wechat(.authorizerToken(merchant: "wxm")),
        .wechat(.call(path: "/cgi-bin/user/info")), .wechat(.staleToken(merchant: nil)), .wechat(.staleToken(merchant: "wxm")),
        .mode(.jwt), .mode(.session), .mode(.both),
        .sessions(.store(up: false)), .sessions(.store(up: true)), .sessions(.denylist(true)), .sessions(.servers(3)),
        .sessions(.sticky(true)), .sessions(.local(false)),
        .reset,
        .expect(.status(200)), .expect(.status(nil)), .expect(.refreshes(2)), .expect(.loginRequired),
        .expect(.clientState(.loggedOut)), .expect(.clientState(.loggedIn)), .expect(.clientState(.loginRequired)),
        .expect(.claim(name: "name", value: "Zoë 🔑")), .expect(.error("token_expired")),
        .expect(.log("refresh \"started\" \\ here")), .expect(.oauthError("invalid_grant")), .expect(.errcode(61005)),
        .expect(.sessionCount(1)), .expect(.bytesPerRequest(.jwt, .greater, 150)), .expect(.bytesPerRequest(.session, .lessOrEqual, 42.5)),
        .expect(.storeLookups(.session, .equal, 1)), .expect(.storeLookups(.jwt, .less, 0.25)), .expect(.name(.session, "李雷")),
    ]

    static func parseOne(_ line: String) throws -> ScenarioCommand {
        let scenario = try ScenarioParser.parse(line, file: "p").get()
        guard scenario.steps.count == 1 else { throw CancellationError() }
        return scenario.steps[0].command
    }

    @Test(arguments: samples)
    func printedCommandsParseBackToThemselves(_ command: ScenarioCommand) throws {
        let line = ScenarioPrinter.line(command)
        #expect(try Self.parseOne(line) == command, "\(line)")
    }

    @Test func theSamplesCoverEveryKeyword() {
        let lines = Self.samples.map(ScenarioPrinter.line)
        let words = lines.map { $0.split(separator: " ").map(String.init) }
        for verb in ScenarioVerb.allCases { #expect(words.contains { $0[0] == verb.rawValue }, "verb \(verb)") }
        for key in ConfigKey.allCases { #expect(words.contains { $0[0] == "config" && $0[1] == key.rawValue }, "config \(key)") }
        for kind in ExpectKind.allCases { #expect(words.contains { $0[0] == "expect" && $0[1] == kind.rawValue }, "expect \(kind)") }
        for verb in OAuthVerb.allCases { #expect(words.contains { $0[0] == "oauth" && $0[1] == verb.rawValue }, "oauth \(verb)") }
        for verb in WeChatVerb.allCases { #expect(words.contains { $0[0] == "wechat" && $0[1] == verb.rawValue }, "wechat \(verb)") }
        for verb in DeviceVerb.allCases { #expect(words.contains { $0[0] == "device" && $0[1] == verb.rawValue }, "device \(verb)") }
        for key in SessionsKey.allCases { #expect(words.contains { $0[0] == "sessions" && $0[1] == key.rawValue }, "sessions \(key)") }
    }

    @Test func everyLineOfTheShippedScriptsRoundTrips() throws {
        var count = 0
        for url in ScenarioRunnerTests.shippedScripts {
            let scenario = try ScenarioParser.parse(String(contentsOf: url, encoding: .utf8), file: url.lastPathComponent).get()
            for step in scenario.steps {
                let line = ScenarioPrinter.line(step.command)
                #expect(try Self.parseOne(line) == step.command, "\(url.lastPathComponent):\(step.line): \(line)")
                count += 1
            }
        }
        #expect(count > 300)
    }

    @Test func wordsNeedingQuotesAreQuoted() {
        #expect(ScenarioPrinter.word("plain") == "plain")
        #expect(ScenarioPrinter.word("") == "\"\"")
        #expect(ScenarioPrinter.word("a b") == "\"a b\"")
        #expect(ScenarioPrinter.word("a#b") == "\"a#b\"")
        #expect(ScenarioPrinter.word("say \"hi\"") == "\"say \\\"hi\\\"\"")
    }
}
