/// The arrow and page keys: what moves depends on the focused panel (the token row, the
/// claims, the log's cursor, which keeps itself in view).
func scroll(by delta: Int, _ state: inout AppState) {
    switch state.focus {
    case .tokens:
        state.selectedToken = delta < 0 ? .short : .long
        state.claimsOffset = 0
    case .claims:
        state.claimsOffset = max(0, state.claimsOffset + delta)
    case .log:
        // The cursor moves over the entries the log shows (the open tab's, or all with `*`).
        let entries = LogScope.entries(state)
        guard !entries.isEmpty else { return }
        let current = state.logCursor.map { LogPanel.index(of: $0, in: entries) } ?? entries.count - 1
        let target = min(max(current + delta, 0), entries.count - 1)
        if target == entries.count - 1, delta > 0 { state.logCursor = nil; state.logTop = nil; return }
        moveLogCursor(to: entries[target].sequence, &state)
    }
}

func moveLogCursor(to sequence: Int?, _ state: inout AppState) {
    guard let sequence else { return }
    let entries = LogScope.entries(state)
    guard !entries.isEmpty else { return }
    state.logCursor = sequence
    let rows = state.layout.logRows
    let position = LogPanel.index(of: sequence, in: entries)
    var top = state.logTop.map { LogPanel.index(of: $0, in: entries) } ?? max(0, entries.count - rows)
    if position < top { top = position }
    if position >= top + rows { top = position - rows + 1 }
    state.logTop = entries[top].sequence
}
