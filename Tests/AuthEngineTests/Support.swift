@testable import AuthEngine

/// Drives a simulation the way the scenario runner does, for tests.
extension Simulation {
    convenience init(_ configure: (inout SimulationConfig) -> Void) {
        var config = SimulationConfig()
        configure(&config)
        self.init(config: config)
    }

    @discardableResult
    func loginAndWait(_ user: String = "alice", _ password: String = "wonderland") -> RequestOutcome? {
        var result: RequestOutcome?
        client.login(username: user, password: password) { result = $0 }
        run(until: { result != nil })
        return result
    }

    /// Sends `count` requests at the same instant and waits until all have settled.
    func requestAndWait(_ method: String = "GET", _ path: String = "/api/profile", count: Int = 1) -> [RequestOutcome] {
        var outcomes: [Int: RequestOutcome] = [:]
        for i in 0..<count { client.send(method: method, path: path) { outcomes[i] = $0 } }
        run(until: { outcomes.count == count })
        return outcomes.keys.sorted().compactMap { outcomes[$0] }
    }

    /// A request the client's interceptor does not touch: sent straight to the server.
    func rawRequest(_ request: HTTPRequest, from party: Party = .client) -> HTTPResponse {
        var response: HTTPResponse?
        network.send(request, from: party, to: .server) { response = $0 }
        run(until: { response != nil })
        return response!
    }

    var logLines: [String] { log.entries.map(LogFormatter.line) }

    func interceptorActions() -> [String] {
        log.entries.compactMap { if case .interceptor(let n) = $0.event { return LogFormatter.interceptorAction(n) }; return nil }
    }
}
