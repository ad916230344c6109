import AuthEngine

/// Tabs 2 and 3 show an interaction one message per `n`: the command runs to its end
/// at once (as in `authtui run`), and the diagram reveals its arrows one at a time.
extension AppState {
    /// Runs `commands` and hides all but the first of the arrows they drew.
    mutating func runStepByStep(_ commands: [ScenarioCommand], diagram: SequenceDiagram) -> [StepReport] {
        let before = world.log.totals.entries
        let reports = run(commands)
        let end = world.log.totals.entries
        let new = diagram.arrows(world, live: live).map(\.sequence).filter { $0 > before && $0 <= end }
        reveal = new.count > 1 ? Reveal(shownThrough: new[0], end: end) : nil
        return reports
    }

    /// Shows the next hidden arrow; false when nothing is hidden.
    mutating func revealNext(diagram: SequenceDiagram) -> Bool {
        guard let current = reveal else { return false }
        let hidden = diagram.arrows(world, live: live).map(\.sequence).filter { $0 > current.shownThrough && $0 <= current.end }
        guard let next = hidden.first else {
            reveal = nil
            return false
        }
        reveal = hidden.count > 1 ? Reveal(shownThrough: next, end: current.end) : nil
        return true
    }

    /// The log entries the diagram must not show yet.
    var hiddenSequences: ClosedRange<Int>? {
        guard let reveal, reveal.end > reveal.shownThrough else { return nil }
        return (reveal.shownThrough + 1)...reveal.end
    }
}
