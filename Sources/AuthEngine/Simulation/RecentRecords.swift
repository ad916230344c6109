import DequeModule

/// How many records of one kind a server keeps before it forgets the oldest.
public enum RecordLimit {
    /// Far above what a lesson, a script or a class makes by hand; a live client flooding an
    /// endpoint meets it, and the world's memory stays bounded.
    public static let standard = 10_000
}

/// What a server keeps per request (a consent in progress, a code, a grant, a session),
/// forgetting the oldest past `limit`, as a real server's store evicts: however fast a live
/// client floods an endpoint, the world holds a bounded number of them. Reads and updates
/// are a dictionary's; only a new key can make an old one go.
public struct RecentRecords<Key: Hashable, Value>: Sequence {
    private var storage: [Key: Value] = [:]
    /// Keys in the order they were first stored; one removed since is skipped in its turn.
    private var order = Deque<Key>()
    public let limit: Int
    /// How many were forgotten to stay within the limit.
    public private(set) var forgotten = 0

    public init(limit: Int = RecordLimit.standard) {
        self.limit = Swift.max(1, limit)
    }

    public subscript(key: Key) -> Value? {
        get { storage[key] }
        set {
            guard let newValue else {
                storage.removeValue(forKey: key)
                return
            }
            if storage.updateValue(newValue, forKey: key) == nil {
                order.append(key)
                evictOldest()
            }
        }
    }

    public subscript(key: Key, default value: @autoclosure () -> Value) -> Value {
        get { storage[key] ?? value() }
        set { self[key] = newValue }
    }

    @discardableResult
    public mutating func removeValue(forKey key: Key) -> Value? { storage.removeValue(forKey: key) }

    public mutating func removeAll() {
        storage.removeAll()
        order.removeAll()
    }

    /// Forgets the records `shouldRemove` picks (what a sweep of expired entries does).
    public mutating func removeAll(where shouldRemove: (Key, Value) -> Bool) {
        storage = storage.filter { !shouldRemove($0.key, $0.value) }
        compact()
    }

    public var count: Int { storage.count }
    public var isEmpty: Bool { storage.isEmpty }
    public var keys: Dictionary<Key, Value>.Keys { storage.keys }
    public var values: Dictionary<Key, Value>.Values { storage.values }
    public func makeIterator() -> Dictionary<Key, Value>.Iterator { storage.makeIterator() }

    private mutating func evictOldest() {
        while storage.count > limit, let oldest = order.popFirst() {
            if storage.removeValue(forKey: oldest) != nil { forgotten += 1 }
        }
        // Keys removed by hand linger in `order` until their turn: drop them now and then.
        if order.count > 2 * limit { compact() }
    }

    /// `order` without keys no longer stored, each key once (at its latest place).
    private mutating func compact() {
        var seen = Set<Key>()
        var kept: [Key] = []
        for key in order.reversed() where storage[key] != nil && seen.insert(key).inserted { kept.append(key) }
        order = Deque(kept.reversed())
    }
}

extension RecentRecords: Sendable where Key: Sendable, Value: Sendable {}
