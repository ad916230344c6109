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
    /// Everything `append` changes, in one value: one exclusive access per entry.
    private struct Storage {
        var entries: Deque<LogEntry> = []
        var totals = LogTotals()
        var capacity: Int

        mutating func append(_ event: LogEvent, at time: Instant) -> LogEntry {
            totals.entries += 1
            switch event {
            case .request(_, _, _, let request):
                totals.requests += 1
                if request.route == "/auth/refresh" { totals.refreshRequests += 1 }
            case .response(_, _, _, _, _, let response):
                let cls = response.status / 100
                if cls >= 0, cls < totals.responsesByClass.count { totals.responsesByClass[cls] += 1 }
            case .responseLost: totals.responsesLost += 1
            case .tokenIssued: totals.tokensIssued += 1
            case .familyRevoked: totals.familiesRevoked += 1
            default: break
            }
            let entry = LogEntry(sequence: totals.entries, at: time, event: event)
            if entries.count >= capacity { entries.removeFirst(entries.count - capacity + 1) }
            entries.append(entry)
            return entry
        }

        mutating func trim() {
            let excess = entries.count - capacity
            if excess > 0 { entries.removeFirst(excess) }
        }
    }

    private let clock: VirtualClock
    private var storage: Storage
    public var observer: ((LogEntry) -> Void)?

    init(clock: VirtualClock, capacity: Int) {
        self.clock = clock
        self.storage = Storage(capacity: max(1, capacity))
    }

    public var entries: Deque<LogEntry> { storage.entries }
    public var totals: LogTotals { storage.totals }

    public var capacity: Int {
        get { storage.capacity }
        set {
            storage.capacity = max(1, newValue)
            storage.trim()
        }
    }

    /// Entries dropped from the front of the ring so far.
    public var dropped: Int { storage.totals.entries - storage.entries.count }

    public func append(_ event: LogEvent) {
        let entry = storage.append(event, at: clock.now)
        observer?(entry)
    }
}
