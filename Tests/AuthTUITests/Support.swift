@testable import AuthEngine
@testable import AuthTUI

/// A playground state at the scenarios' fixed start time, paused, as tests want it.
func makeState(width: Int = 100, height: Int = 30, configure: (inout SimulationConfig) -> Void = { _ in }) -> AppState {
    var config = SimulationConfig()
    configure(&config)
    let state = AppState(config: config, width: width, height: height)
    state.world.clock.isPaused = true
    state.world.clock.speed = 60
    return state
}

extension AppState {
    mutating func press(_ keys: Key...) {
        for key in keys { update(&self, .key(key)) }
    }

    mutating func type(_ text: String) {
        for c in text { update(&self, .key(.character(c))) }
    }

    var screen: Canvas { Screen.render(self) }
}

extension Canvas {
    func contains(_ text: String) -> Bool { lines.contains { $0.contains(text) } }
    func row(containing text: String) -> String? { lines.first { $0.contains(text) } }
}
