import AuthEngine

/// The panels that can hold focus.
enum Focus: CaseIterable, Hashable {
    case tokens, claims, log
}

enum Overlay: Hashable {
    case help
    /// Details of the log entry with this sequence number.
    case details(sequence: Int)
}

/// A line for the status bar, coloured by what it reports.
struct StatusMessage: Hashable {
    enum Tone: Hashable { case info, good, bad }
    var text: String
    var tone: Tone = .info
}

/// Stepping through a scenario in front of a class (`--scenario FILE`, key `n`).
final class Presenter {
    /// Receives what the runner reports while a step runs.
    private final class Report {
        var message: StatusMessage?
        func take(_ output: ScenarioOutput) {
            switch output {
            case .expectation(let r):
                message = StatusMessage(text: (r.passed ? "PASS " : "FAIL ") + r.source + (r.passed ? "" : " — " + r.detail),
                                        tone: r.passed ? .good : .bad)
            case .problem(_, let text):
                message = StatusMessage(text: "FAIL " + text, tone: .bad)
            case .command, .log:
                break
            }
        }
    }

    let file: String
    let steps: [Scenario.Step]
    private let runner: ScenarioRunner
    private let report = Report()
    private(set) var next = 0
    /// What the last step reported (an expectation's result or a problem).
    private(set) var lastOutcome: StatusMessage?

    init(scenario: Scenario, config: SimulationConfig) {
        file = scenario.file
        steps = scenario.steps
        runner = ScenarioRunner(scenario: scenario, baseConfig: config) { [report] in report.take($0) }
        // `config` lines before the first action shape the world: run them now.
        while next < steps.count, case .config = steps[next].command {
            runner.perform(steps[next])
            next += 1
        }
    }

    var world: Simulation { runner.world() }
    var isFinished: Bool { next >= steps.count }
    var current: Scenario.Step? { next > 0 ? steps[next - 1] : nil }

    /// Runs the next line; returns what it reported, if anything.
    @discardableResult
    func step() -> StatusMessage? {
        guard next < steps.count else { return nil }
        report.message = nil
        runner.perform(steps[next])
        next += 1
        lastOutcome = report.message
        return lastOutcome
    }
}

/// The playground's model: the simulated world plus everything about the screen.
struct AppState {
    var world: Simulation
    var width: Int
    var height: Int
    var focus: Focus = .log
    /// Which token the claims panel shows.
    var selectedToken: TokenKind = .short
    /// The selected log entry's sequence number; nil follows the newest.
    var logCursor: Int?
    /// The first log entry shown while not following.
    var logTop: Int?
    var claimsOffset = 0
    var detailsOffset = 0
    var overlay: Overlay?
    var status: StatusMessage?
    var presenter: Presenter?
    var profileVariant = 0
    var faultVariant = 0
    var flow = 1
    let oauthWalkthrough = OAuthWalkthrough()
    var shouldQuit = false
    /// Colours on the terminal (off for NO_COLOR or a terminal without them).
    var colors = true

    /// The speeds `+`/`-` step through.
    static let speeds: [Double] = [1, 10, 60, 600, 3600]
    static let trafficInterval = Span.seconds(10)
    static let burstSize = 5

    init(world: Simulation, width: Int, height: Int, presenter: Presenter? = nil) {
        self.world = world
        self.width = width
        self.height = height
        self.presenter = presenter
    }
}
