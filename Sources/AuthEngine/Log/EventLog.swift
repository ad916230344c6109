import DequeModule

/// Running totals that stay exact however many entries the ring has dropped.
public struct LogTotals: Hashable, Sendable {
    public var entries = 0
    public var requests = 0
    public var responsesByClass = [Int](repeating: 0, count: 6) // index 2 = 2xx … 5 = 5xx
    public var responsesLost = 0
    public var refreshRequests = 0
    public var tokensIssued = 0
    public var familiesRevoked = 0
}

/// A bounded ring buffer of log entries plus running totals, so memory stays
/// flat however long the simulation runs. An observer sees every entry as it is
/// appended (the scenario runner streams its transcript this way).
public final class EventLog {
    private let clock: VirtualClock
    public private(set) var entries: Deque<LogEntry> = []
    public private(set) var totals = LogTotals()
    public var capacity: Int {
        didSet {
            capacity = max(1, capacity)
            trim()
        }
    }
    public var observer: ((LogEntry) -> Void)?

    init(clock: VirtualClock, capacity: Int) {
        self.clock = clock
        self.capacity = max(1, capacity)
    }

    /// Entries dropped from the front of the ring so far.
    public var dropped: Int { totals.entries - entries.count }

    public func append(_ event: LogEvent) {
        totals.entries += 1
        switch event {
        case .request(_, _, _, let request):
            totals.requests += 1
            if request.path == "/auth/refresh" { totals.refreshRequests += 1 }
        case .response(_, _, _, _, _, let response):
            let cls = response.status / 100
            if cls >= 0, cls < totals.responsesByClass.count { totals.responsesByClass[cls] += 1 }
        case .responseLost: totals.responsesLost += 1
        case .tokenIssued: totals.tokensIssued += 1
        case .familyRevoked: totals.familiesRevoked += 1
        default: break
        }
        let entry = LogEntry(sequence: totals.entries, at: clock.now, event: event)
        entries.append(entry)
        trim()
        observer?(entry)
    }

    private func trim() {
        let excess = entries.count - capacity
        if excess > 0 { entries.removeFirst(excess) }
    }
}
