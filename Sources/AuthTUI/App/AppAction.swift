import AuthEngine

/// Everything a key can ask for. `update` carries these out.
enum AppAction: Hashable {
    // The token flow
    case login, logout
    case request(method: String, path: String)
    case burst
    case toggleTraffic
    case expire(TokenKind)
    case revokeLong
    case changeProfile
    case steal, attackerReplay
    case failNextRefresh
    case cyclePolicy, toggleSingleFlight
    // The clock
    case togglePause, faster, slower
    case jump(Span)
    // Moving around
    case focusNext, focusPrevious
    case scroll(Int), scrollPage(Int), scrollToEnd, scrollToStart
    case openDetails, close
    case showFlow(Int)
    case toggleHelp
    case nextScenarioStep
    case quit
}
