/// A key-value store with Redis semantics on the virtual clock: `SET key value EX ttl`,
/// `GET`, `DEL`, `EXPIRE`, keys that vanish at their TTL, and a switch to take it down.
/// Every command is logged like a Redis `MONITOR` line, with the party that sent it.
public final class SessionStore {
    public let name: String
    public private(set) var isUp = true
    /// Bounded like a Redis with `maxmemory` (the oldest keys go first); a key past its TTL
    /// reads as gone at once and is swept now and then.
    private var values = RecentRecords<String, (value: String, expiresAt: Instant?)>()
    private var writes = 0
    private let clock: VirtualClock
    private let log: EventLog
    /// Commands served since the start, by command name.
    public private(set) var commandCounts: [String: Int] = [:]

    public enum Failure: Error, Equatable { case unavailable }

    init(name: String, clock: VirtualClock, log: EventLog) {
        self.name = name
        self.clock = clock
        self.log = log
    }

    public func setUp(_ up: Bool) {
        guard up != isUp else { return }
        isUp = up
        log.append(.note(.storeState(name: name, up: up)))
    }

    /// The entry under `key` if its TTL has not run out (an expired one is dropped).
    private func alive(_ key: String) -> (value: String, expiresAt: Instant?)? {
        guard let entry = values[key] else { return nil }
        if let at = entry.expiresAt, clock.now >= at {
            values.removeValue(forKey: key)
            return nil
        }
        return entry
    }

    /// Drops every expired key: memory hygiene every so many writes, not on each command.
    private func sweepExpired() {
        let now = clock.now
        values.removeAll { _, entry in entry.expiresAt.map { now >= $0 } ?? false }
    }

    private func record(_ command: String, _ result: String, from party: Party) throws(Failure) {
        commandCounts[String(command.prefix { $0 != " " }), default: 0] += 1
        guard isUp else {
            log.append(.storeCommand(store: name, from: party, command: command, result: "ERR connection refused"))
            throw .unavailable
        }
        log.append(.storeCommand(store: name, from: party, command: command, result: result))
    }

    public func set(_ key: String, _ value: String, ttl: Span?, from party: Party) throws(Failure) {
        if isUp {
            values[key] = (value, ttl.map { clock.now + $0 })
            writes += 1
            if writes % 1024 == 0 { sweepExpired() }
        }
        try record("SET \(key) \(Self.abbreviate(value))" + (ttl.map { " EX \($0.seconds)" } ?? ""), "OK", from: party)
    }

    public func get(_ key: String, from party: Party) throws(Failure) -> String? {
        let value = isUp ? alive(key)?.value : nil
        try record("GET \(key)", value.map { Self.abbreviate($0) } ?? "(nil)", from: party)
        return value
    }

    @discardableResult
    public func delete(_ key: String, from party: Party) throws(Failure) -> Bool {
        let existed = isUp && alive(key) != nil && values.removeValue(forKey: key) != nil
        try record("DEL \(key)", existed ? "(integer) 1" : "(integer) 0", from: party)
        return existed
    }

    public func expire(_ key: String, ttl: Span, from party: Party) throws(Failure) {
        let exists = isUp && alive(key) != nil
        if exists { values[key]?.expiresAt = clock.now + ttl }
        try record("EXPIRE \(key) \(ttl.seconds)", exists ? "(integer) 1" : "(integer) 0", from: party)
    }

    /// Keys alive now (no command is logged: this is the playground looking in).
    public func keys(prefix: String) -> [String] {
        let now = clock.now
        return values.filter { key, entry in key.hasPrefix(prefix) && entry.expiresAt.map { now < $0 } ?? true }.map(\.key).sorted()
    }

    /// Bytes held for keys with this prefix (keys plus values).
    public func bytes(prefix: String) -> Int {
        keys(prefix: prefix).reduce(0) { $0 + $1.utf8.count + (values[$1]?.value.utf8.count ?? 0) }
    }

    public func value(_ key: String) -> String? { values[key].flatMap { e in e.expiresAt.map { clock.now < $0 } ?? true ? e.value : nil } }

    static func abbreviate(_ value: String) -> String {
        value.utf8.count <= 48 ? "'\(value)'" : "'" + String(value.prefix(44)) + "…'"
    }
}
