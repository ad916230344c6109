/// Everything that makes one run of the token-lifecycle simulation what it is.
public struct SimulationConfig: Sendable {
    public var start: Instant = .scenarioStart
    public var seed: UInt64 = 1
    public var policy = TokenPolicy()
    public var client = ClientSettings()
    /// One-way network latency for every message.
    public var latency: Span = .milliseconds(40)
    public var logCapacity = 10_000
    public var secret = TokenServer.defaultSecret
    public var users = UserDirectory.standard
    /// The platform's rules in the OAuth authorization-code flow.
    public var oauth = OAuthPolicy()
    /// Stops the clock after this many events (nil: none). The fuzzer bounds a run with it.
    public var eventBudget: Int?
    /// Live mode: the clock follows wall time for real clients, so it never jumps; `expire`
    /// makes the server judge issued tokens expired instead.
    public var live = false
    /// Live mode with jumps allowed (`--shifted-time`): tokens are then stamped with a
    /// time ahead of real clients' clocks, which some of them refuse.
    public var shiftedTime = false

    public init() {}
}
