/// What a scenario run reports, in order, to whoever prints it.
public enum ScenarioOutput: Sendable {
    /// A script line about to run.
    case command(line: Int, source: String)
    case log(LogEntry)
    case expectation(ExpectationResult)
    /// An action that could not be carried out (e.g. `expire short` with no short token).
    case problem(line: Int, message: String)
}

public struct ExpectationResult: Hashable, Sendable {
    public let line: Int
    public let source: String
    public let passed: Bool
    /// What was found, for a failure (and for a pass, where useful).
    public let detail: String
}

/// What one command did: the playground words its status line from this, and a
/// recording writes its `expect` lines from it.
public struct StepReport: Sendable {
    /// Why the command could not be carried out (or did not finish); nil when it was.
    public var problem: String? { problemKind?.description }
    /// The same, as a value the playground words in its reader's language.
    public var problemKind: StepProblem?
    /// The requests this command sent, as they ended (login, request, burst; JWT side first).
    public var outcomes: [RequestOutcome] = []
    /// The JWT and session sides of `outcomes` (tab 4 compares them).
    public var jwtOutcomes: [RequestOutcome] = []
    public var sessionOutcomes: [RequestOutcome] = []
    /// The final answer of an `oauth`, `wechat` or `attacker` step.
    public var answer: HTTPResponse?
    /// The result of an `expect` line.
    public var expectation: ExpectationResult?
    public init() {}
}

public struct ScenarioSummary: Hashable, Sendable {
    public var passed = 0
    public var failed = 0
    public init() {}
    public static func + (a: ScenarioSummary, b: ScenarioSummary) -> ScenarioSummary {
        var s = a; s.passed += b.passed; s.failed += b.failed; return s
    }
}

/// Runs a parsed scenario against a fresh simulation.
///
/// Each action runs to completion in virtual time: `request` and `burst` wait until every
/// request they sent has settled (after refreshes and retries), `login`, `logout` and
/// `attacker refresh` until their answer arrives. `advance` and `expire` jump the clock,
/// firing everything scheduled on the way (background traffic, expiries).
public final class ScenarioRunner {
    public let scenario: Scenario
    public private(set) var simulation: Simulation?
    var config = SimulationConfig()
    let emit: (ScenarioOutput) -> Void
    var lastOutcomes: [RequestOutcome] = []
    /// `expect claim` reads the OAuth access token after an `oauth` step, else the client's short token.
    var claimsFromOAuth = false
    private var lastUsername: String?
    var wechatMargin = WeChatPolicy().refreshMargin
    var wechatAutoRefresh = true
    /// The final answer of the last `wechat` step (`expect errcode 0` checks it succeeded).
    var lastWeChatAnswer: HTTPResponse?
    var lastNames: [Design: String] = [:]
    private var watchedLogTexts: [String]
    var seenLogTexts = Set<String>()
    public internal(set) var summary = ScenarioSummary()
    private var lastProblem: StepProblem?
    var currentLine = 0

    /// A runner with no script, for commands given one at a time (the playground's keys).
    public convenience init(config: SimulationConfig = SimulationConfig(), emit: @escaping (ScenarioOutput) -> Void) {
        self.init(scenario: Scenario(file: "", steps: []), baseConfig: config, emit: emit)
    }

    /// The settings so far (`config` lines included): what `reset` builds the next world from.
    public var currentConfig: SimulationConfig { config }

    /// Every setting a `config` line can change once actions have begun, as it is now: the
    /// lines that put them back (a presenter's restart undoes the script's later `config`s).
    public var changeableSettings: [ConfigSetting] {
        [.shortTTL(config.policy.shortLifetime), .longTTL(config.policy.longLifetime), .absoluteLifetime(config.policy.absoluteLifetime),
         .refreshPolicy(config.policy.refreshPolicy), .renewWindow(percent: Int((config.policy.renewWindow * 100).rounded())),
         .reuseGrace(config.policy.reuseGrace), .singleFlight(config.client.singleFlight), .proactiveRefresh(config.client.proactiveRefresh),
         .latency(config.latency), .timeout(config.client.timeout), .leeway(config.policy.leeway), .clientSkew(config.client.clockSkew),
         .logCapacity(config.logCapacity), .oauthCodeTTL(config.oauth.codeLifetime), .oauthAccessTTL(config.oauth.accessLifetime),
         .oauthRefreshTTL(config.oauth.refreshLifetime), .oauthRefreshPolicy(config.oauth.refreshPolicy),
         .wechatMargin(wechatMargin), .wechatAutoRefresh(wechatAutoRefresh), .algorithm(config.policy.algorithm),
         .oauthAlgorithm(config.oauth.algorithm), .apiValidation(config.oauth.apiValidation),
         .jwksCacheAge(config.oauth.jwks.maxAge), .jwksCooldown(config.oauth.jwks.cooldown)]
    }

    public init(scenario: Scenario, baseConfig: SimulationConfig = SimulationConfig(), emit: @escaping (ScenarioOutput) -> Void) {
        self.scenario = scenario
        self.config = baseConfig
        self.emit = emit
        var texts: [String] = []
        for step in scenario.steps {
            if case .expect(.log(let text)) = step.command, !texts.contains(text) { texts.append(text) }
        }
        watchedLogTexts = texts
    }

    @discardableResult
    public func run() -> ScenarioSummary {
        for step in scenario.steps {
            if isHalted { break }
            perform(step)
        }
        return summary
    }

    /// Runs one step of the script.
    @discardableResult
    public func perform(_ step: Scenario.Step) -> StepReport {
        emit(.command(line: step.line, source: step.source))
        var report = StepReport()
        switch step.command {
        case .config(let setting):
            currentLine = step.line
            apply(setting)
        case .expect(let expectation): report.expectation = check(expectation, step)
        default:
            let problemsBefore = summary.failed
            lastProblem = nil
            report = act(step)
            reportHalt(step)
            if summary.failed > problemsBefore { report.problemKind = lastProblem }
        }
        return report
    }

    /// Whether the world's clock has halted (a runaway instant, an exhausted budget):
    /// nothing more can happen in it, and `run()` stops.
    public var isHalted: Bool { simulation?.clock.halt != nil }
    private var haltReported = false

    /// Reports a halt once, naming what repeated.
    private func reportHalt(_ step: Scenario.Step) {
        guard !haltReported, let sim = simulation, let report = Self.haltReport(sim) else { return }
        haltReported = true
        problem(step.line, .clockHalted(report))
    }

    /// Why the world's clock halted, with the log message that repeated most just before.
    public static func haltReport(_ sim: Simulation) -> HaltReport? {
        guard let halt = sim.clock.halt else { return nil }
        var counts: [String: Int] = [:]
        for entry in sim.log.entries.suffix(200) { counts[LogFormatter.message(entry.event), default: 0] += 1 }
        let repeated = counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }
        return HaltReport(halt: halt, repeated: repeated?.key)
    }

    /// Traffic every `every` leaves up to `timeout / every` requests waiting for their
    /// timeouts; more than this is refused (memory would grow without bound).
    public static let maximumPendingRequests: Int64 = 100_000

    static func trafficRefusal(every: Span, timeout: Span) -> StepProblem? {
        let pending = timeout.milliseconds / max(1, every.milliseconds)
        guard pending > maximumPendingRequests else { return nil }
        return .trafficWouldPile(every: every, timeout: timeout, pending: pending)
    }

    /// Runs one command given on its own (a key in the playground): `line` numbers it in the transcript.
    @discardableResult
    public func perform(_ command: ScenarioCommand, line: Int) -> StepReport {
        perform(Scenario.Step(line: line, source: ScenarioPrinter.line(command), command: command))
    }

    /// The world, created on first use so `config` lines before it shape it.
    public func world() -> Simulation {
        if let simulation { return simulation }
        let sim = Simulation(config: config)
        sim.log.observer = { [weak self] entry in self?.observe(entry) }
        simulation = sim
        return sim
    }

    private func observe(_ entry: LogEntry) {
        if !watchedLogTexts.isEmpty {
            let text = LogFormatter.line(entry)
            watchedLogTexts.removeAll { needle in
                guard text.contains(needle) else { return false }
                seenLogTexts.insert(needle)
                return true
            }
        }
        emit(.log(entry))
    }

    // MARK: config

    private func apply(_ setting: ConfigSetting) {
        switch setting {
        case .seed(let n): config.seed = n
        case .start(let t): config.start = t
        case .shortTTL(let s): config.policy.shortLifetime = s
        case .longTTL(let s): config.policy.longLifetime = s
        case .absoluteLifetime(let s): config.policy.absoluteLifetime = s
        case .refreshPolicy(let p): config.policy.refreshPolicy = p
        case .renewWindow(let percent): config.policy.renewWindow = Double(percent) / 100
        case .reuseGrace(let s): config.policy.reuseGrace = s
        case .leeway(let s): config.policy.leeway = s
        case .singleFlight(let on): config.client.singleFlight = on
        case .proactiveRefresh(let s): config.client.proactiveRefresh = s
        case .clientSkew(let s): config.client.clockSkew = s
        case .timeout(let s):
            if let traffic = simulation?.traffic, let refusal = Self.trafficRefusal(every: traffic.every, timeout: s) {
                return problem(currentLine, refusal)
            }
            config.client.timeout = s
        case .latency(let s): config.latency = s
        case .logCapacity(let n): config.logCapacity = n
        case .oauthCodeTTL(let s): config.oauth.codeLifetime = s
        case .oauthAccessTTL(let s): config.oauth.accessLifetime = s
        case .oauthRefreshTTL(let s): config.oauth.refreshLifetime = s
        case .oauthRefreshPolicy(let p): config.oauth.refreshPolicy = p
        case .wechatMargin(let m): wechatMargin = m
        case .wechatAutoRefresh(let on): wechatAutoRefresh = on
        case .algorithm(let a): config.policy.algorithm = a
        case .oauthAlgorithm(let a): config.oauth.algorithm = a
        case .apiValidation(let v): config.oauth.apiValidation = v
        case .jwksCacheAge(let s): config.oauth.jwks.maxAge = s
        case .jwksCooldown(let s): config.oauth.jwks.cooldown = s
        }
        if let sim = simulation, sim.wechatStarted {
            sim.wechat.platform.policy.refreshMargin = wechatMargin
            sim.wechat.component.autoRefresh = wechatAutoRefresh
        }
        guard let sim = simulation else { return }
        sim.server.policy = config.policy
        sim.client.settings = config.client
        sim.network.latency = config.latency
        sim.log.capacity = config.logCapacity
        sim.oauth.authorizationServer.policy = config.oauth
    }

    // MARK: actions

    private func act(_ step: Scenario.Step) -> StepReport {
        var report = StepReport()
        if case .reset = step.command {
            // A live world's clock never runs backwards: the fresh one starts where it is.
            if let old = simulation, old.live { config.start = old.clock.now }
            resetWorld()
            world().log.append(.note(.worldReset))
            return report
        }
        let sim = world()
        switch step.command {
        case .addUser(let username, let password, let name, let roles):
            if sim.server.addUser(username: username, password: password, name: name ?? username.capitalized, roles: roles ?? ["user"]) {
                sim.log.append(.note(.userAdded(username)))
            } else {
                problem(step.line, .userExists(username))
            }
        case .login(let username, let password):
            lastUsername = username
            let (jwt, session, settled) = sim.loginSettled(username: username, password: password)
            report.jwtOutcomes = jwt.map { [$0] } ?? []
            report.sessionOutcomes = session.map { [$0] } ?? []
            report.outcomes = report.jwtOutcomes + report.sessionOutcomes
            if !settled { unsettled(step) }
        case .logout:
            if !sim.logoutSettled() { unsettled(step) }
        case .request(let method, let path):
            sendAndSettle(count: 1, method: method, path: path, step, sim, &report)
        case .burst(let count, let method, let path):
            sendAndSettle(count: count, method: method, path: path, step, sim, &report)
        case .traffic(let every, let method, let path):
            if let refusal = Self.trafficRefusal(every: every, timeout: sim.client.settings.timeout) {
                problem(step.line, refusal)
            } else {
                sim.startTraffic(every: every, method: method, path: path)
            }
        case .trafficOff:
            sim.stopTraffic()
        case .advance where sim.live && !sim.shiftedTime, .wait where sim.live && !sim.shiftedTime:
            problem(step.line, .liveClockFollowsWallTime)
        case .advance(let span):
            do { try sim.jump(by: span) } catch { problem(step.line, .clockLimit(source: step.source)) }
        case .wait(let span):
            do { try sim.wait(span) } catch { problem(step.line, .clockLimit(source: step.source)) }
        case .expire(let kind):
            do { try sim.expire(kind) } catch {
                switch error {
                case .noToken: problem(step.line, .clientHoldsNo(kind, verb: .expire))
                case .noneIssued: problem(step.line, .noneStillValid(kind))
                case .timeLimit: problem(step.line, .clockLimit(source: step.source))
                }
            }
        case .revokeLong:
            if sim.mode == .jwt {
                if !sim.revokeLong() { problem(step.line, .clientHoldsNo(.long, verb: .revoke)) }
            } else {
                let result = sim.forceLogout(username: lastUsername ?? "alice")
                sim.log.append(.note(.forcedLogout(username: lastUsername ?? "alice", jwtFamilyRevoked: sim.mode.drivesJWT ? result.jwt : nil,
                                                   denylist: sim.comparison.denylist, sessionsDeleted: sim.mode.drivesSessions ? result.sessions : nil)))
            }
        case .mode(let mode):
            sim.mode = mode
            sim.log.append(.note(.mode(mode.rawValue)))
        case .sessions(let setting):
            switch setting {
            case .store(let up):
                sim.store.setUp(up)
                sim.startMeterWindow()
            case .denylist(let on): sim.comparison.denylist = on
            case .servers(let n): sim.comparison.servers = n
            case .sticky(let on): sim.comparison.sticky = on
            case .local(let on): sim.comparison.localSessions = on
            }
            if case .store = setting {} else { sim.log.append(.note(.sessionsSetting(String(step.source.dropFirst(9))))) }
        case .profile(let username, let name, let roles):
            if !sim.updateProfile(username: username, name: name, roles: roles) {
                problem(step.line, .noUser(username))
            }
        case .tamperShort(let name, let roles):
            if !sim.tamperShort(name: name, roles: roles) { problem(step.line, .clientHoldsNo(.short, verb: .tamper)) }
        case .failNextRefresh(let fault):
            sim.failNextRefresh(fault)
        case .stealLong:
            if !sim.attacker.steal(from: sim.client) { problem(step.line, .clientHoldsNo(.long, verb: .steal)) }
        case .stealShort:
            if !sim.attacker.stealShort(from: sim.client) { problem(step.line, .clientHoldsNo(.short, verb: .steal)) }
        case .attackerForge(let forgery):
            var answer: HTTPResponse?
            let started = sim.attacker.forge(forgery, now: sim.clock.now, issuer: sim.server.policy.issuer, issuerKey: sim.server.key) { answer = $0 }
            guard started else {
                problem(step.line, forgery == .refreshAsAccess ? .attackerHoldsNoLongToken : .confusionNeedsPublicKey)
                break
            }
            settle(step, sim, method: "GET", path: "/api/admin", &report) { answer }
        case .attackerSprayKids(let count, let every):
            let flow = sim.oauth
            let before = flow.resourceServer.jwks.fetches
            var statuses: [Int]?
            flow.sprayKids(count: count, every: every) { statuses = $0 }
            if !sim.run(until: { statuses != nil }) { unsettled(step) }
            let refused = statuses?.filter { $0 == 401 }.count ?? 0
            let fetches = flow.resourceServer.jwks.fetches - before
            sim.log.append(.note(.kidSpraying(refused: refused, count: count, fetches: fetches, cooldown: flow.authorizationServer.policy.jwks.cooldown)))
        case .attackerRequest(let method, let path):
            var answer: HTTPResponse?
            if sim.attacker.request(method: method, path: path, completion: { answer = $0 }) {
                settle(step, sim, method: method, path: path, &report) { answer }
            } else {
                problem(step.line, .attackerStoleNoShortToken)
            }
        case .attackerRefresh:
            var answer: HTTPResponse?
            if sim.attacker.refresh(completion: { answer = $0 }) {
                if !sim.run(until: { answer != nil }) { unsettled(step) }
                report.answer = answer
                if let answer {
                    lastOutcomes = [RequestOutcome(exchange: nil, method: "POST", path: "/auth/refresh", status: answer.status, error: answer.errorCode, retried: false, body: answer.body)]
                    report.outcomes = lastOutcomes
                }
            } else {
                problem(step.line, .attackerStoleNothing)
            }
        case .oauth(let command):
            claimsFromOAuth = true
            report.answer = oauth(command, step, sim)
            report.outcomes = report.answer == nil ? [] : lastOutcomes
        case .wechat(let command):
            report.answer = wechat(command, step, sim)
        case .device(let command):
            var answer: HTTPResponse?
            let done: (HTTPResponse) -> Void = { answer = $0 }
            let flow = sim.oauth
            var started = true
            switch command {
            case .start(let scope): flow.deviceStart(scope: scope, completion: done)
            case .poll: started = flow.devicePoll(completion: done)
            case .decide(let approve, let username, let code):
                started = flow.deviceDecide(approve: approve, username: username, code: code, completion: done)
            }
            guard started else {
                problem(step.line, .noDeviceCode)
                break
            }
            settle(step, sim, method: "", path: "", &report) { answer }
        case .config, .expect, .reset:
            break
        }
        if case .oauth = step.command {} else if step.command.isAction { claimsFromOAuth = false }
        return report
    }

    /// Runs the clock until a started step's answer arrives, and reports it as the step's outcome.
    func settle(_ step: Scenario.Step, _ sim: Simulation, method: String, path: String, _ report: inout StepReport,
                        answer: () -> HTTPResponse?) {
        if !sim.run(until: { answer() != nil }) { unsettled(step) }
        report.answer = answer()
        if let answer = answer() {
            lastOutcomes = [RequestOutcome(exchange: nil, method: method, path: path, status: answer.status, error: answer.errorCode, retried: false, body: answer.body)]
            report.outcomes = lastOutcomes
        }
    }

    /// A fresh world from the settings so far; what the runner remembers of the old one is dropped.
    private func resetWorld() {
        simulation = nil
        seenLogTexts = []
        watchedLogTexts = scenario.steps.compactMap { if case .expect(.log(let text)) = $0.command { return text }; return nil }
        lastOutcomes = []
        claimsFromOAuth = false
        lastUsername = nil
        lastWeChatAnswer = nil
        lastNames = [:]
    }

    /// Everything a step waits for happens within this much virtual time, or the step fails.
    public static let settleLimit = Span.minutes(10)

    func unsettled(_ step: Scenario.Step) {
        guard !isHalted else { return } // the halt is the problem to report
        problem(step.line, .unfinished(source: step.source, limit: ScenarioRunner.settleLimit))
    }

    /// An `oauth` step that cannot start: a problem on the line being run.
    func refuse(_ problem: StepProblem) -> HTTPResponse? {
        self.problem(currentLine, problem)
        return nil
    }

    /// An action impossible in the current state is a failed step: a script must not pass by accident.
    func problem(_ line: Int, _ problem: StepProblem) {
        summary.failed += 1
        lastProblem = problem
        emit(.problem(line: line, message: problem.description))
    }

    func sendAndSettle(count: Int, method: String, path: String, _ step: Scenario.Step, _ sim: Simulation, _ report: inout StepReport) {
        let (jwt, sessions) = sim.sendSettled(count: count, method: method, path: path)
        let expected = count * ((sim.mode.drivesJWT ? 1 : 0) + (sim.mode.drivesSessions ? 1 : 0))
        if jwt.count + sessions.count < expected { unsettled(step) }
        lastOutcomes = jwt + sessions
        report.outcomes = lastOutcomes
        report.jwtOutcomes = jwt
        report.sessionOutcomes = sessions
        for (design, outcomes) in [(Design.jwt, jwt), (.session, sessions)] {
            if let name = outcomes.last(where: { $0.path == "/api/profile" && $0.status == 200 })?.body?["name"]?.stringValue {
                lastNames[design] = name
            }
        }
    }
}
