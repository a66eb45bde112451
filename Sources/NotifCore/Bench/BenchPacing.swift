import Synchronization

/// Hands out message numbers to concurrent workers until a count or a deadline is reached, and,
/// at a fixed offered rate, the time each message is due: latency is then measured from when a
/// message was due, not when it was sent, so a slow server cannot hide its queueing (no
/// coordinated omission).
public final class BenchPacing: Sendable {
    private let next = Atomic<Int>(0)
    private let limit: Int?
    private let deadline: ContinuousClock.Instant?
    public let start: ContinuousClock.Instant
    /// Messages per second, nil for as fast as possible.
    public let rate: Double?

    public init(count: Int?, duration: Duration?, rate: Double?, start: ContinuousClock.Instant = .now) {
        self.limit = count
        self.deadline = duration.map { start + $0 }
        self.rate = rate
        self.start = start
    }

    /// The next message: its number and when it is due (now when unpaced); nil when the run is over.
    public func take() -> (index: Int, due: ContinuousClock.Instant)? {
        let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
        if let limit, index >= limit { return nil }
        let due = rate.map { start + .nanoseconds(Int64(Double(index) / $0 * 1e9)) } ?? .now
        if let deadline, due >= deadline { return nil }
        return (index, due)
    }

    /// Waits until `due` (returns at once when it has passed).
    public static func wait(until due: ContinuousClock.Instant) async {
        if due > .now { try? await Task.sleep(until: due, clock: .continuous) }
    }
}
