import AuthEngine
import AuthLive

/// The panels that can hold focus.
enum Focus: CaseIterable, Hashable {
    case tokens, claims, log
}

enum Overlay: Hashable {
    case help
    /// Details of the log entry with this sequence number.
    case details(sequence: Int)
    /// `h`: every narration message kept, with the virtual time it was said.
    case history
    /// `,`: the settings changed live, each as its `config` line.
    case settings
}

/// A line for the status bar, coloured by what it reports.
struct StatusMessage: Hashable {
    enum Tone: Hashable { case info, good, bad }
    var text: Text
    var tone: Tone = .info
    /// How to begin, not something that happened: once replaced it is gone, not history
    /// (where a later tab would show keys that are not its own).
    var isGuidance = false

    init(text: Text, tone: Tone = .info, isGuidance: Bool = false) {
        self.text = text
        self.tone = tone
        self.isGuidance = isGuidance
    }

    /// A message written in each language.
    init(en: Phrase, zh: Phrase, tone: Tone = .info, isGuidance: Bool = false) {
        self.init(text: Text(en: en, zh: zh), tone: tone, isGuidance: isGuidance)
    }
}

/// A narration message as it was said, at the virtual time it was said.
struct Narration: Hashable {
    let message: StatusMessage
    let at: Instant
}

/// A file the playground asks the runtime to write (update itself touches no files).
struct FileWrite: Hashable {
    let path: String
    let contents: String
}

/// Stepping through a scenario in front of a class (`--scenario FILE`, key `n` on any tab):
/// its lines run through the playground's own session, so they are recorded like keys.
final class Presenter {
    let file: String
    let steps: [Scenario.Step]
    private(set) var next = 0
    /// Where the script's actions begin: the `config` lines before them run at load.
    let firstAction: Int
    /// The settings as the script's first action found them: a step back or a restart puts
    /// them back (as recorded `config` lines) before replaying, undoing later `config` lines.
    private let baseline: [ConfigSetting]
    /// Where each `n` began, to step back.
    private var groupStarts: [Int] = []
    private(set) var passed = 0
    private(set) var failed = 0

    /// Runs the script's leading `config` lines at once: they shape the world.
    init(scenario: Scenario, session: ScenarioSession) {
        file = scenario.file
        steps = scenario.steps
        while next < steps.count, case .config = steps[next].command {
            session.perform(steps[next].command)
            next += 1
        }
        firstAction = next
        baseline = session.runner.changeableSettings
    }

    var isFinished: Bool { next >= steps.count }
    var current: Scenario.Step? { next > 0 ? steps[next - 1] : nil }
    /// The script's opening comments (the lesson's title), shown when it loads.
    var introduction: String { steps.first?.comments.joined(separator: " ") ?? "" }

    /// Runs the next line — an action with the `expect` lines right after it, which check
    /// it — and returns each line with its report.
    func step(_ session: ScenarioSession) -> [(step: Scenario.Step, report: StepReport)] {
        guard next < steps.count else { return [] }
        groupStarts.append(next)
        var ran: [(step: Scenario.Step, report: StepReport)] = []
        repeat {
            let step = steps[next]
            let report = session.perform(step.command)
            if let result = report.expectation { if result.passed { passed += 1 } else { failed += 1 } }
            if report.problem != nil { failed += 1 }
            ran.append((step, report))
            next += 1
        } while next < steps.count && ran[0].step.command.isAction && steps[next].command.isExpectation
        return ran
    }

    /// Undoes the last `n`: a fresh world, and the script replayed up to where it began.
    /// Returns false at the start.
    func back(_ session: ScenarioSession) -> Bool {
        guard let start = groupStarts.popLast() else { return false }
        replay(to: start, session)
        return true
    }

    /// Back to the script's first action, in a fresh world.
    func restart(_ session: ScenarioSession) {
        groupStarts = []
        replay(to: firstAction, session)
    }

    private func replay(to target: Int, _ session: ScenarioSession) {
        let now = session.runner.changeableSettings
        for (setting, current) in zip(baseline, now) where setting != current { session.perform(.config(setting)) }
        session.perform(.reset)
        passed = 0
        failed = 0
        let starts = groupStarts
        next = firstAction
        groupStarts = []
        while next < target { _ = step(session) }
        groupStarts = starts
    }
}

/// Arrows of a tab-2/3 interaction still to be shown one `n` at a time: the diagram
/// hides log entries after `shownThrough` up to `end`.
struct Reveal: Hashable {
    var shownThrough: Int
    let end: Int
}

/// The playground's model: the session (the simulated world and its recording) plus
/// everything about the screen.
struct AppState {
    let session: ScenarioSession
    var width: Int
    var height: Int
    var focus: Focus = .log
    /// Which token the claims panel shows.
    var selectedToken: TokenKind = .short
    /// The selected log entry's sequence number; nil follows the newest.
    var logCursor: Int?
    /// The first log entry shown while not following.
    var logTop: Int?
    /// `*`: every flow's entries in the log, not only the open tab's.
    var logAll = false
    var claimsOffset = 0
    var detailsOffset = 0
    /// The first help line shown (help scrolls when it does not fit).
    var helpOffset = 0
    /// The first line the narration history shows.
    var historyOffset = 0
    /// The settings overlay's selected row.
    var settingsRow = 0
    var overlay: Overlay?
    /// What the last action did. The one it replaces goes to `history` (guidance does not).
    var status: StatusMessage? {
        didSet {
            guard oldValue != status else { return }
            if let oldValue, !oldValue.isGuidance, let statusAt {
                history.append(Narration(message: oldValue, at: statusAt))
                if history.count > AppState.historyLimit { history.removeFirst(history.count - AppState.historyLimit) }
            }
            statusAt = world.clock.now
        }
    }
    /// When the current status was said.
    var statusAt: Instant?
    /// Earlier status messages, oldest first: the narration area shows as many as fit, `h` all.
    var history: [Narration] = []
    static let historyLimit = 200

    /// Everything said so far, the current message last.
    var narration: [Narration] {
        history + (status.map { [Narration(message: $0, at: statusAt ?? world.clock.now)] } ?? [])
    }
    var presenter: Presenter?
    var profileVariant = 0
    /// Which forgery `F` tries next.
    var forgeVariant = 0
    var faultVariant = 0
    var tab: Tab = .tokens
    var reveal: Reveal?
    /// Dividers in tab 2's and 3's diagrams: where each attack or fault began and ended.
    var marks: [Tab: [SequenceDiagram.Mark]] = [:]
    /// Where the recording is written when it stops (nil: not recording).
    var recordingTo: String?
    /// `--record FILE`: where `@` records to.
    var recordPath: String?
    /// `--listen`: where the live servers answer (nil: not live).
    var liveURL: String?
    /// `--listen`: the gateway, read for the live clients it follows (same thread).
    var live: LiveGateway?
    /// Which live client the token and claims panels show (nil: the playground's own, or
    /// the newest live client until `o` chooses).
    var liveClientNumber: Int?
    /// `o` has chosen whose tokens the panels show: they no longer follow the newest live client.
    var liveClientChosen = false
    /// Which live OAuth client tab 2's credentials and claims show (nil: the simulated app).
    var liveOAuthClientNumber: Int?
    /// `o` in tab 2 has chosen: the credentials no longer follow the newest live OAuth client.
    var liveOAuthClientChosen = false
    /// Tab 3's credentials show what WeChat issued to live component backends.
    var liveComponentShown = false
    /// Which live device tab 5's codes panel shows (nil: the simulated TV, or the newest
    /// live device until `o` chooses).
    var liveDeviceNumber: Int?
    /// `o` in tab 5 has chosen: the panel no longer follows the newest live device.
    var liveDeviceChosen = false
    /// Live mode: real seconds since the playground started, and the virtual time it
    /// started at; their difference from the clock is the skew real clients would see.
    var realElapsed = 0.0
    var liveEpoch: Instant?
    /// Files to write, drained by the runtime after each update.
    var pendingWrites: [FileWrite] = []
    var shouldQuit = false
    /// The process's exit status once quit: 0 for `q`, 130 for Ctrl-C, 128 + N for signal N.
    var exitCode: Int32 = 0
    /// Ctrl-L: the runtime clears the terminal and draws every cell.
    var redrawRequested = false
    /// Colours on the terminal (off for NO_COLOR or a terminal without them).
    var colors = true
    /// The language everything a person reads is in (`--lang`, the locale; `` ` `` cycles).
    var language: Language = .en

    /// Where each panel goes now (presenting a script, the narration area is taller).
    var layout: ScreenLayout { ScreenLayout(width: width, height: height, presenting: presenter != nil) }

    /// The world the session acts on (a new one after `reset`).
    var world: Simulation { session.world }

    /// The speeds `+`/`-` step through.
    static let speeds: [Double] = [1, 10, 60, 600, 3600]
    static let trafficInterval = Span.seconds(10)
    static let burstSize = 5
    /// What `u` renames alice to, in turn (CJK and emoji on purpose: they take two cells).
    static let profileVariants: [(name: String, roles: [String])] = [("李雷", ["user", "admin"]), ("Zoë 🔑", ["user"]), ("Alice", ["user"])]

    init(session: ScenarioSession, width: Int, height: Int, presenter: Presenter? = nil) {
        self.session = session
        self.width = width
        self.height = height
        self.presenter = presenter
    }

    /// A session on `config` whose recording starts with `header` (for tests and `authtui`).
    init(config: SimulationConfig, width: Int, height: Int, header: [String] = []) {
        self.init(session: ScenarioSession(config: config, header: header), width: width, height: height)
    }
}
