import HeapModule

/// Identifies a scheduled event so it can be cancelled.
public struct ScheduledEventID: Hashable, Sendable {
    public let sequence: UInt64
}

/// A synchronous discrete-event clock: one `now`, a heap of events ordered by
/// time and then by the order they were scheduled in, and no wall-clock reads.
///
/// `advance(to:)` fires every due event with `now` equal to the event's time;
/// an event may schedule more events, which fire in the same advance if due.
/// `tick(realElapsed:)` is for an interactive front end: it converts real time
/// into virtual time at the current speed.
public final class VirtualClock {
    public private(set) var now: Instant
    /// Virtual seconds per real second while running.
    public var speed: Double
    public var isPaused: Bool

    /// The speeds `+` and `-` step through in the playground.
    public static let speedPresets: [Double] = [1, 10, 60, 600, 3600]

    private struct Entry: Comparable {
        let time: Instant
        let sequence: UInt64
        let action: () -> Void
        static func < (a: Entry, b: Entry) -> Bool {
            a.time != b.time ? a.time < b.time : a.sequence < b.sequence
        }
        static func == (a: Entry, b: Entry) -> Bool { a.sequence == b.sequence }
    }

    private var queue = Heap<Entry>()
    private var cancelled = Set<UInt64>()
    private var nextSequence: UInt64 = 0
    private var fractionalMilliseconds = 0.0

    /// Why the clock stopped for good: a world that would never let time move on, or the
    /// event budget a caller set ran out. Once halted, nothing fires any more.
    public enum Halt: Hashable, Sendable {
        /// More than `runawayLimit` events fired at this one instant.
        case runaway(at: Instant)
        case budgetExhausted(events: Int)
    }

    /// Events one instant may hold before the world counts as running away (a timer that
    /// reschedules itself with no delay, a zero-latency loop).
    public static let runawayLimit = 100_000
    public private(set) var halt: Halt?
    /// Stops the clock after this many events in all (nil: no limit).
    public var eventBudget: Int?
    /// Events fired so far.
    public private(set) var eventsFired = 0
    private var eventsAtCurrentInstant = 0

    public init(start: Instant = .scenarioStart, speed: Double = 1, paused: Bool = false) {
        self.now = start
        self.speed = speed
        self.isPaused = paused
    }

    /// Schedules `action` at `time` (clamped to `now`: the past cannot be scheduled).
    @discardableResult
    public func schedule(at time: Instant, _ action: @escaping () -> Void) -> ScheduledEventID {
        let sequence = nextSequence
        nextSequence += 1
        queue.insert(Entry(time: max(time, now), sequence: sequence, action: action))
        return ScheduledEventID(sequence: sequence)
    }

    @discardableResult
    public func schedule(after delay: Span, _ action: @escaping () -> Void) -> ScheduledEventID {
        schedule(at: now + delay, action)
    }

    public func cancel(_ id: ScheduledEventID) {
        if id.sequence < nextSequence { cancelled.insert(id.sequence) }
    }

    /// The time of the next event that will fire, if any.
    public var nextEventTime: Instant? {
        guard halt == nil else { return nil }
        dropCancelledHead()
        return queue.min?.time
    }

    /// Fires every event due at or before `target`, in order, then sets `now = target`.
    /// A target in the past is ignored: virtual time never runs backwards. A runaway
    /// instant or an exhausted budget halts the clock where it is.
    public func advance(to target: Instant) {
        while let time = nextEventTime, time <= target {
            if time == now, eventsFired > 0 {
                eventsAtCurrentInstant += 1
                if eventsAtCurrentInstant > Self.runawayLimit { halt = .runaway(at: time); return }
            } else {
                eventsAtCurrentInstant = 1
            }
            if let budget = eventBudget, eventsFired >= budget { halt = .budgetExhausted(events: eventsFired); return }
            let entry = queue.removeMin()
            now = entry.time
            eventsFired += 1
            entry.action()
        }
        if target > now, halt == nil { now = target }
    }

    public func advance(by span: Span) { advance(to: now + span) }

    /// Fires the next pending event only (stepping one message at a time).
    /// Returns false when nothing is scheduled.
    @discardableResult
    public func step() -> Bool {
        guard let time = nextEventTime else { return false }
        advance(to: time)
        return true
    }

    /// Converts real elapsed time into virtual time at the current speed and advances.
    /// Sub-millisecond remainders carry over so slow speeds still move smoothly.
    public func tick(realElapsed seconds: Double) {
        guard !isPaused, seconds > 0, speed > 0 else { return }
        fractionalMilliseconds += seconds * 1000 * speed
        let whole = fractionalMilliseconds.rounded(.down)
        fractionalMilliseconds -= whole
        if whole >= 1 { advance(by: .milliseconds(Int64(whole))) }
    }

    private func dropCancelledHead() {
        guard !cancelled.isEmpty else { return }
        while let head = queue.min, cancelled.contains(head.sequence) {
            cancelled.remove(head.sequence)
            _ = queue.removeMin()
        }
    }
}
