import Foundation
import Testing
@testable import AuthEngine
@testable import AuthTUI

@Suite struct LanguageChoiceTests {
    @Test func theOptionThenAUTHTUI_LANGThenTheLocale() throws {
        #expect(try Language.choose(option: "zh", environment: ["AUTHTUI_LANG": "en", "LANG": "en_US.UTF-8"]) == .zh)
        #expect(try Language.choose(option: nil, environment: ["AUTHTUI_LANG": "zh", "LANG": "en_US.UTF-8"]) == .zh)
        #expect(try Language.choose(option: nil, environment: ["LANG": "zh_CN.UTF-8"]) == .zh)
        #expect(try Language.choose(option: nil, environment: ["LANG": "zh_TW.UTF-8"]) == .zh)
        // POSIX order: LC_ALL, then LC_MESSAGES, then LANG; an empty one does not count.
        #expect(try Language.choose(option: nil, environment: ["LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"]) == .en)
        #expect(try Language.choose(option: nil, environment: ["LC_ALL": "", "LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US"]) == .zh)
        #expect(try Language.choose(option: nil, environment: ["LANG": "fr_FR.UTF-8"]) == .en)
        #expect(try Language.choose(option: nil, environment: ["LANG": "C.UTF-8"]) == .en)
        #expect(try Language.choose(option: nil, environment: [:]) == .en)
        #expect(try Language.choose(option: "ZH_cn.utf8", environment: [:]) == .zh)
    }

    @Test func aLanguageItDoesNotSpeakIsAnErrorThatSaysWhere() {
        #expect(throws: LanguageError.self) { try Language.choose(option: "fr", environment: [:]) }
        #expect(throws: LanguageError.self) { try Language.choose(option: nil, environment: ["AUTHTUI_LANG": "klingon", "LANG": "zh_CN"]) }
        let error = LanguageError(source: "AUTHTUI_LANG", value: "fr")
        #expect(error.description == "AUTHTUI_LANG 'fr' is not a language the playground speaks: use zh (中文) or en (English)")
    }

    @Test func theCommandLineRefusesAnUnknownLanguage() throws {
        #expect(throws: (any Error).self) { try AuthTUICommand.parse(["--lang", "fr"]).validate() }
        #expect(try AuthTUICommand.parse(["--lang", "zh"]).language() == .zh)
    }

    @Test func backtickCyclesTheLanguageAndEverythingFollows() {
        var state = makeState(width: 80, height: 24)
        state.type("l")
        #expect(state.screen.contains("logged in as alice"))
        state.type("`")
        #expect(state.language == .zh)
        // The message already said re-renders in the new language, history too.
        #expect(state.screen.contains("已以 alice 登录"))
        #expect(state.screen.lines.last?.contains("` English") == true)
        state.type("`")
        #expect(state.language == .en)
        #expect(state.screen.lines.last?.contains("` 中文") == true)
    }
}

@Suite struct LineBreakTests {
    @Test func chineseBreaksBetweenCharactersAndEveryRowFits() {
        let text = "两边都已登录：JWT 一侧持有签名的短token和长token，会话一侧持有不透明的 cookie。"
        for width in 6...40 {
            let rows = LineBreak.wrap(text, width: width)
            #expect(rows.allSatisfy { DisplayWidth.of($0) <= width }, "\(width): \(rows)")
            // Nothing lost: the rows put back together are the text (breaks drop only spaces).
            #expect(rows.joined().filter { $0 != " " } == text.filter { $0 != " " })
        }
        #expect(LineBreak.wrap("这是一段没有空格的中文文字", width: 10) == ["这是一段没", "有空格的中", "文文字"])
    }

    @Test func closingPunctuationNeverStartsARowAndOpeningNeverEndsOne() {
        for width in 6...30 { // narrower, "过），" cannot help starting a row with punctuation
            for row in LineBreak.wrap("按 l 登录，r 发送请求（按 x 跳过），再看看。最后一行：完成！", width: width) {
                #expect(!(row.first.map { LineBreak.isClosing($0.unicodeScalars.first!) } ?? false), "\(width): \(row)")
                #expect(!(row.last.map { LineBreak.isOpening($0.unicodeScalars.first!) } ?? false), "\(width): \(row)")
            }
        }
    }

    @Test func glossaryTermsStayOnOneRow() {
        // 12 cells: "密钥用来证明" + "第三方平台" would split the term at a character boundary.
        let rows = LineBreak.wrap("密钥用来证明第三方平台的身份", width: 14)
        #expect(rows == ["密钥用来证明", "第三方平台的身", "份"])
        #expect(LineBreak.wrap("跳到短token过期", width: 8) == ["跳到", "短token", "过期"])
    }

    @Test func englishStillBreaksAtSpacesOnly() {
        #expect(LineBreak.wrap("one two three four", width: 9) == ["one two", "three", "four"])
        #expect(LineBreak.wrap("401 token_expired → refresh", width: 20) == ["401 token_expired →", "refresh"])
    }
}

/// Every message has both texts: the static catalog (keys, tabs, groups, settings,
/// glossary), and every status a key can say on every tab, each language in its own script.
@Suite struct CatalogTests {
    static func han(_ s: String) -> Bool { s.unicodeScalars.contains { LineBreak.isCJK($0) } }

    /// Words that are Chinese in an English message on purpose: user data and the
    /// language key's own names.
    static let chineseInEnglish = ["中文", "李雷"]

    static func englishIsEnglish(_ text: Text) -> Bool {
        var en = text.en
        for allowed in chineseInEnglish { en = en.replacingOccurrences(of: allowed, with: "") }
        return !han(en)
    }

    /// Three English words in a row is English prose (not a path, a code or a name).
    static func hasEnglishProse(_ s: String) -> Bool {
        s.firstMatch(of: /\b[A-Za-z]{2,}\s[a-z]{2,}\s[a-z]{2,}\b/) != nil
    }

    @Test func theStaticCatalogHasBothTexts() {
        var texts: [(String, Text)] = []
        for binding in Keymap.bindings {
            texts.append(("key \(binding.keys)", binding.label))
            if let footer = binding.footer { texts.append(("footer \(binding.keys)", footer)) }
        }
        for group in KeyBinding.Group.allCases { texts.append(("group \(group)", group.title)) }
        for tab in Tab.allCases { texts += [("tab \(tab)", tab.title), ("tab \(tab)", tab.shortName), ("tab \(tab)", tab.description)] }
        for setting in LiveSetting.allCases { texts.append(("setting \(setting)", setting.label)) }
        for term in Term.allCases { texts.append(("term \(term)", .term(term))) }
        for attack in OAuthAttack.allCases {
            let story = attack.story(codeLifetime: .minutes(10))
            texts += [("attack \(attack)", story.attempt), ("attack \(attack)", story.rule)]
        }
        for forgery in TokenForgery.allCases { texts.append(("forgery \(forgery)", ForgeryStory.attempt(forgery))) }
        for fault in DeviceFault.allCases { texts.append(("device fault \(fault)", fault.title)) }
        let verbatim: Set<String> = ["OAuth", "GET /api/profile"]
        for (key, text) in texts {
            #expect(!text.en.isEmpty && !text.zh.isEmpty, "\(key)")
            #expect(Self.englishIsEnglish(text), "\(key): Chinese in the English text: \(text.en)")
            #expect(Self.han(text.zh) || verbatim.contains(text.zh), "\(key): no Chinese in the Chinese text: \(text.zh)")
        }
    }

    /// Every key on every tab, pressed in Chinese: each status it leaves says something in
    /// Chinese wherever its English says something in English, and uses the glossary's words.
    @Test(arguments: Tab.allCases)
    func everyStatusAKeyLeavesIsInBothLanguages(_ tab: Tab) {
        var state = makeState(width: 100, height: 30)
        state.language = .zh
        state.type(String(tab.rawValue))
        let skipped: Set<AppAction> = [.quit, .toggleRecording, .exportSession, .cycleLanguage]
        for binding in Keymap.bindings(for: tab) where !skipped.contains(binding.action) {
            guard case .character = binding.keys[0] else { continue }
            state.press(binding.keys[0])
            if state.overlay != nil { state.press(.escape) }
        }
        // Twice round, so keys act on a flow that has moved on (logged in, authorized…).
        for binding in Keymap.bindings(for: tab) where !skipped.contains(binding.action) && binding.tabs.contains(tab) {
            guard case .character = binding.keys[0] else { continue }
            state.press(binding.keys[0])
        }
        let said = state.narration.map(\.message.text)
        #expect(said.count > 5)
        let distinctive: [Term] = [.shortToken, .longToken, .interceptor, .authorizationCode, .thirdPartyPlatform, .accessToken, .refreshToken]
        for text in said {
            #expect(Self.englishIsEnglish(text), "Chinese in English: \(text.en)")
            // The interpreter's own diagnostics are English in both (scripts' language).
            let zh = text.zh.replacingOccurrences(of: #"无法执行：.*"#, with: "", options: .regularExpression)
            if Self.hasEnglishProse(text.en.replacingOccurrences(of: #"^.*→"#, with: "", options: .regularExpression)) {
                #expect(Self.han(zh), "left in English: \(text.zh)")
            }
            for term in distinctive where text.en.contains(term.en) && !text.en.contains("→ ") {
                #expect(text.zh.contains(term.zh), "'\(term.en)' is '\(term.zh)' in the glossary: \(text.zh)")
            }
        }
    }
}

/// Every `·` note the shipped scenarios log has its Chinese, worded from the same values,
/// and its English is the transcript's line.
/// Every problem a step can report reads in both languages: the English is the
/// transcript's, the Chinese is Chinese, and neither is the other.
@Suite struct ProblemCatalogTests {
    /// One of each case. The switch has no default: a new kind of problem does not compile
    /// here until it has a sample (and so a test of its Chinese).
    static let samples: [StepProblem] = {
        let at = Instant(milliseconds: 1_796_000_000_000)
        let all: [StepProblem] = [
            .clientHoldsNo(.short, verb: .expire), .clientHoldsNo(.long, verb: .tamper), .noneStillValid(.short),
            .userExists("bob"), .noUser("mallory"), .liveClockFollowsWallTime, .attackerHoldsNoLongToken,
            .attackerStoleNoShortToken, .attackerStoleNothing, .confusionNeedsPublicKey, .noDeviceCode, .noPreAuthCode,
            .noAuthorizationLink, .notAuthorized(appID: "wx1234"), .noAuthorizer, .noAppRegistered, .noConsentPage,
            .appHoldsNoRefreshToken, .appHoldsNoAccessToken, .unfinished(source: "login", limit: .seconds(600)),
            .halted(HaltReport(halt: .runaway(at: at), repeated: "client → server GET /api/profile")),
            .halted(HaltReport(halt: .budgetExhausted(events: 5000), repeated: nil)),
            .clockHalted(HaltReport(halt: .budgetExhausted(events: 5000), repeated: "client → server GET /api/orders")),
            .clockLimit(source: "advance 9000y"), .trafficWouldPile(every: Span(milliseconds: 1), timeout: .seconds(600), pending: 600_000),
            .keyRing(.noMoreKeys(.rs256, count: 3)), .keyRing(.nothingNewToSign(kid: "abcdefghijkl")), .keyRing(.nothingToRetire),
            .noIDToken,
        ]
        for problem in all {
            switch problem {
            case .clientHoldsNo, .noneStillValid, .userExists, .noUser, .liveClockFollowsWallTime, .attackerHoldsNoLongToken,
                 .attackerStoleNoShortToken, .attackerStoleNothing, .confusionNeedsPublicKey, .noDeviceCode, .noPreAuthCode,
                 .noAuthorizationLink, .notAuthorized, .noAuthorizer, .noAppRegistered, .noConsentPage, .appHoldsNoRefreshToken,
                 .appHoldsNoAccessToken, .unfinished, .clockHalted, .halted, .clockLimit, .trafficWouldPile, .keyRing, .noIDToken:
                break
            }
        }
        return all
    }()

    @Test(arguments: samples)
    func aProblemReadsInBothLanguages(_ problem: StepProblem) {
        let text = ProblemStory.text(problem)
        #expect(text.en == problem.description)
        #expect(CatalogTests.englishIsEnglish(text), "\(text.en)")
        #expect(CatalogTests.han(text.zh), "\(text.zh)")
        // No English sentence left inside the Chinese, except what stays as it is: the
        // log's own line quoted, a script command to type.
        var prose = text.zh.replacingOccurrences(of: "oauth key publish", with: "")
        if case .halted(let report) = problem, let line = report.repeated { prose = prose.replacingOccurrences(of: line, with: "") }
        if case .clockHalted(let report) = problem, let line = report.repeated { prose = prose.replacingOccurrences(of: line, with: "") }
        #expect(!CatalogTests.hasEnglishProse(prose), "\(text.zh)")
        for term: Term in [.shortToken, .longToken, .authorizationCode, .thirdPartyPlatform, .accessToken, .refreshToken, .idToken, .signature]
        where text.en.contains(term.en) {
            #expect(text.zh.contains(term.zh), "'\(term.en)' is '\(term.zh)' in the glossary: \(text.zh)")
        }
    }

    /// Run into by a key, a problem whose way out is another key names that key (in the
    /// keymap's words: `keysAreNamedWhereTheyWork`), in both languages, and no script verb;
    /// run into by a script line, the script's words.
    @Test(arguments: samples)
    func aKeyThatRunsIntoAProblemNamesTheKeyOut(_ problem: StepProblem) throws {
        for tab in Tab.allCases {
            guard let keyed = ProblemStory.remedyByKey(problem, on: tab) else { continue }
            #expect(ProblemStory.text(problem, keysOn: tab) == keyed)
            #expect(!keyed.en.contains("'") && !keyed.en.contains("config ") && !keyed.en.contains("oauth key"), "\(keyed.en)")
            #expect(CatalogTests.englishIsEnglish(keyed), "\(keyed.en)")
            #expect(CatalogTests.han(keyed.zh), "\(keyed.zh)")
            #expect(!CatalogTests.hasEnglishProse(keyed.zh.replacingOccurrences(of: "--shifted-time", with: "")), "\(keyed.zh)")
        }
        #expect(ProblemStory.text(problem).en == problem.description)
    }

    /// The words for a key are the keymap's: the key on this tab, or the tab that has it.
    @Test func keysAreNamedWhereTheyWork() {
        #expect(Keymap.press([.steal], on: .tokens) == .verbatim("s"))
        #expect(Keymap.press([.expire(.short), .expire(.long)], on: .tokens) == .verbatim("x or X"))
        #expect(Keymap.press([.expire(.short), .expire(.long)], on: .oauth) == Text(en: "x or X on tab 1", zh: "标签页 1 的 x 或 X"))
        #expect(Keymap.press([.oauthKey(.publish)], on: .oauth) == .verbatim("P"))
        #expect(Keymap.press([.showSettings], on: .device) == .verbatim(","))
        #expect(Keymap.press([.deviceNext], on: .device) == .verbatim("n"))
        for binding in Keymap.bindings {
            for tab in Tab.allCases where binding.applies(to: tab) && Keymap.action(for: binding.keys[0], tab: tab) == binding.action {
                #expect(Keymap.press([binding.action], on: tab) == .verbatim(binding.keys[0].label), "\(binding.action) on \(tab)")
            }
        }
    }

    @Test func keysThatRunIntoProblemsSayWhichKeyComesFirst() {
        // Eight kinds of problem have a key for a way out on some tab.
        #expect(Self.samples.filter { problem in Tab.allCases.contains { ProblemStory.remedyByKey(problem, on: $0) != nil } }.count == 8)
        var state = makeState(width: 80, height: 24)
        state.type("S") // the attacker replays a long token it never stole
        #expect(state.status?.text.en == "the attacker has stolen nothing yet (press s to steal the long token first)")
        #expect(state.status?.text.zh == "攻击者还什么都没偷到（先按 s 偷走长token）")
        state.type("2")
        state.type("S") // the platform's newest key already signs
        #expect(state.status?.text.en.hasSuffix("already signs: publish a new one first (P)") == true, "\(state.status?.text.en ?? "")")
        #expect(state.screen.contains("publish a new one first (P)"), "\(state.screen.text)")
        state.type("x") // the app's access token runs out before it has one
        #expect(state.status?.text.en == "the app holds no access token yet (press n until the code is exchanged)")
    }

    @Test func aClockThatHaltsWhileRunningSaysSoInChinese() {
        var state = makeState(width: 100, height: 30)
        state.language = .zh
        let clock = state.world.clock
        // A timer that reschedules itself with no delay: the instant never moves on.
        func spin() { _ = clock.schedule(at: clock.now) { spin() } }
        spin()
        clock.isPaused = false
        update(&state, .tick(seconds: 0.1))
        #expect(clock.halt != nil)
        let status = state.status.map { $0.text(.zh) } ?? ""
        #expect(status.hasPrefix("失控："), "\(status)")
        #expect(status.hasSuffix("：按 Z 重置"), "\(status)")
    }
}

/// The verifier's rules and the ID-token signature's failures have their Chinese.
@Suite struct RuleCatalogTests {
    /// One of each case; the switch has no default, so a new rule must be added here.
    static let errors: [JWTError] = {
        let at = Instant(milliseconds: 1_796_000_000_000)
        let all: [JWTError] = [
            .wrongSegmentCount(2), .invalidBase64(segment: .payload), .invalidJSON(segment: .header, reason: "x"),
            .notAnObject(segment: .payload), .missingAlgorithm, .algorithmNone, .algorithmMismatch(header: "HS256", key: "RS256"),
            .unknownKeyID("k9"), .missingKeyID, .badSignature, .invalidHeader(name: "kid", expected: "a string"),
            .unknownCritical(["exp"]), .embeddedKey(name: "jku"), .expired(exp: at), .notYetValid(nbf: at),
            .issuedInFuture(iat: at), .invalidClaim(name: "exp"), .timeOutOfRange(name: "iat"),
            .wrongIssuer(expected: "a", actual: "b"), .wrongAudience(expected: "a", actual: nil), .wrongType(expected: "at+jwt", actual: "id"),
        ]
        for error in all {
            switch error {
            case .wrongSegmentCount, .invalidBase64, .invalidJSON, .notAnObject, .missingAlgorithm, .algorithmNone, .algorithmMismatch,
                 .unknownKeyID, .missingKeyID, .badSignature, .invalidHeader, .unknownCritical, .embeddedKey, .expired, .notYetValid,
                 .issuedInFuture, .invalidClaim, .timeOutOfRange, .wrongIssuer, .wrongAudience, .wrongType:
                break
            }
        }
        return all
    }()

    @Test(arguments: errors)
    func everyVerifierRuleHasItsChinese(_ error: JWTError) {
        let zh = JWTRule.zh(code: error.code)
        #expect(zh.map(CatalogTests.han) == true, "\(error.code)")
    }

    @Test(arguments: [
        SignatureFailure.notCompact, .rejected(.badSignature), .rejected(.algorithmMismatch(header: "HS256", key: "RS256")),
        .noKey(.unknownKID("0123456789ab", fetchedAt: Instant(milliseconds: 1_796_000_000_000), retryIn: .seconds(30))),
        .noKey(.unknownKID(nil, fetchedAt: nil, retryIn: nil)), .noKey(.fetchFailed(status: 503)),
    ])
    func aSignatureFailureReadsInChinese(_ failure: SignatureFailure) {
        let check = IDTokenCheck(rule: "signature", passed: false, finding: .signatureRefused(failure))
        let zh = check.detailInChinese
        #expect(zh.hasPrefix("签名无法验证："), "\(zh)")
        #expect(!CatalogTests.hasEnglishProse(zh), "\(zh)")
    }

    @Test func aForgeryIsRefusedByANamedRuleInChinese() {
        let named = ForgeryStory.rule(.error(401, "invalid_token", "The access token is invalid (alg_none): \"alg\": \"none\" is never accepted"))
        #expect(named.en == "\"alg\": \"none\" is never accepted")
        #expect(named.zh == JWTRule.zh(code: "alg_none"))
        for code in ["token_expired", "token_missing"] {
            let unnamed = ForgeryStory.rule(.error(401, code, "The access token expired"))
            #expect(CatalogTests.han(unnamed.zh), "\(code): \(unnamed.zh)")
        }
    }

    /// Every finding an ID-token rule can report reads in Chinese, values kept; the English
    /// is the engine's (the transcripts' oracle).
    @Test(arguments: [
        IDTokenFinding.missing, .verifies(keyID: "0123456789ab", algorithm: .rs256), .signatureRefused(.rejected(.badSignature)),
        .issuerIsThePlatform, .issuer("https://evil.test", expected: "http://127.0.0.1:8080"), .issuer(nil, expected: "http://x"),
        .audienceNamesThisApp, .audiences(["other-app"], expected: "authtui-demo"), .audiences([], expected: "authtui-demo"),
        .validUntil(Instant(milliseconds: 1_796_000_000_000)), .expired(at: Instant(milliseconds: 1_796_000_000_000), ago: .seconds(90)),
        .issuedAgo(.seconds(3)), .issuedInTheFuture, .issuedTooLongAgo(.minutes(11), limit: IDTokenValidation.issuedWithin),
        .nonceIsThisSessions, .nonceReplayed, .noNonceSentNoneBack, .nonceUnasked, .bindsTheAccessToken, .accessTokenSwapped,
    ])
    func everyIDTokenFindingReadsInChinese(_ finding: IDTokenFinding) {
        #expect(CatalogTests.han(finding.zh), "\(finding.zh)")
        #expect(!CatalogTests.hasEnglishProse(finding.zh), "\(finding.zh)")
        for value in ["0123456789ab", "evil.test", "other-app", "00:53:20.000", "1m30s", "11m"] where finding.description.contains(value) {
            #expect(finding.zh.contains(value), "\(value) kept in \(finding.zh)")
        }
    }

    @Test func theEnglishFindingsAreTheEnginesOwn() {
        #expect(IDTokenFinding.verifies(keyID: "0123456789ab", algorithm: .es256).description == "verifies with JWKS key 0123456789ab (ES256)")
        #expect(IDTokenFinding.audiences([], expected: "app").description == "is missing, not this app (app)")
        #expect(IDTokenFinding.issuedTooLongAgo(.minutes(11), limit: .minutes(10)).description == "issued 11m ago, over 10m")
        // A hostile token's claim cannot drive the terminal, in either language.
        #expect(!IDTokenCheck(rule: "iss", passed: false, finding: .issuer("\u{1b}[2J", expected: "x")).detail.contains("\u{1b}"))
        #expect(!IDTokenCheck(rule: "iss", passed: false, finding: .issuer("\u{1b}[2J", expected: "x")).detailInChinese.contains("\u{1b}"))
    }

    @Test func aKidMissingFromTheCopyIsSaidWithItsTimeAndCooldown() {
        let failure = SignatureFailure.noKey(.unknownKID("0123456789ab", fetchedAt: Instant(milliseconds: 1_796_000_000_000), retryIn: .seconds(30)))
        let check = IDTokenCheck(rule: "signature", passed: false, finding: .signatureRefused(failure))
        #expect(check.detailInChinese == "签名无法验证：kid 01234567… 不在 00:53:20.000 取得的 JWKS 里；冷却中，30s 内不再重新获取")
        #expect(check.detail == "no key: kid 01234567… is not in the JWKS fetched at 00:53:20.000; no refetch for 30s (cooldown)")
    }
}

@Suite struct NoteCatalogTests {
    @Test func everyNoteTheScenariosLogIsInBothLanguages() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scenarios").standardized
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".authtui") }.sorted()
        #expect(files.count > 30)
        var kinds = Set<String>()
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            guard case .success(let scenario) = ScenarioParser.parse(text, file: file) else { Issue.record("\(file) does not parse"); continue }
            _ = ScenarioRunner(scenario: scenario) { output in
                guard case .log(let entry) = output, case .note(let note) = entry.event else { return }
                kinds.insert(Mirror(reflecting: note).children.first?.label ?? note.description)
                let said = NoteStory.text(note)
                #expect(said.en == note.description)
                #expect(LogFormatter.message(entry.event) == "· " + note.description)
                #expect(CatalogTests.han(said.zh), "\(file): \(said.zh)")
                #expect(!CatalogTests.hasEnglishProse(said.zh.replacingOccurrences(of: #"https?://\S+"#, with: "", options: .regularExpression)),
                        "\(file): English left in \(said.zh)")
            }.run()
        }
        // The scenarios exercise most kinds of note; the rest are live-mode or rare faults.
        #expect(kinds.count >= 36, "\(kinds.count): \(kinds.sorted())")
    }
}

@Suite struct DetailsLanguageTests {
    /// A response's tokens decoded in the details overlay: labels and relative times in the
    /// reader's language, the JSON as it is; the English is what `authtui decode` prints.
    @Test func aDecodedTokenInBothLanguages() throws {
        var state = makeState()
        state.type("l")
        let entry = try #require(state.world.log.entries.last { if case .response(_, _, _, _, "/auth/login", _) = $0.event { return true }; return false })
        let now = state.world.clock.now
        let en = DetailsOverlay.lines(for: entry, now: now, width: 100, language: .en).map(\.0)
        let zh = DetailsOverlay.lines(for: entry, now: now, width: 100, language: .zh).map(\.0)
        #expect(en.contains("Token in access_token") && en.contains { $0.contains("times (UTC):") })
        #expect(en.contains { $0.contains("exp: 2026-01-01T09:15:00") && $0.contains("(in 14m59s)") })
        #expect(zh.contains("access_token 中的令牌") && zh.contains { $0.contains("时间（UTC）：") })
        #expect(zh.contains { $0.contains("exp：2026-01-01T09:15:00") && $0.contains("（14m59s 后）") })
        // The JSON lines are the same bytes in both.
        #expect(en.filter { $0.contains("\"alg\"") } == zh.filter { $0.contains("\"alg\"") })
    }
}
