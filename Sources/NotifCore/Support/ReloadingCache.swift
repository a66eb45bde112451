import Synchronization

/// Values loaded per key and reused for `ttl`: a bounded, thread-safe cache for data read from
/// Postgres on hot paths (a project's schemas).
///
/// - A missing key is loaded by the caller, which waits for it.
/// - An expired key is served at once while one background reload replaces it (stale while
///   revalidate): a slow or unreachable store never adds latency once a key is known, and known data
///   is kept through an outage (`onReloadFailure` is told of each failed reload).
/// - `invalidate` drops a key at once, and a load already running when it happened is not stored,
///   so a change made through this process is never hidden by an older read.
/// - At `capacity` keys, expired entries are dropped first, then the oldest half.
public final class ReloadingCache<Value: Sendable>: Sendable {
    private struct Slot {
        var loaded: ContinuousClock.Instant
        var value: Value
        var reloading = false
    }

    private struct State {
        var slots: [String: Slot] = [:]
        var epoch: UInt64 = 0
    }

    public let ttl: Duration
    public let capacity: Int
    private let state = Mutex(State())

    public init(ttl: Duration, capacity: Int = 10_000) {
        self.ttl = ttl
        self.capacity = max(1, capacity)
    }

    /// The cached value; a missing one is loaded now, an expired one is returned and reloaded in the background.
    public func value(forKey key: String, onReloadFailure: @escaping @Sendable (any Error) -> Void = { _ in },
                      load: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let now = ContinuousClock.now
        let (cached, startReload, epoch) = state.withLock { state -> (Value?, Bool, UInt64) in
            guard var slot = state.slots[key] else { return (nil, false, state.epoch) }
            guard now - slot.loaded >= ttl, !slot.reloading else { return (slot.value, false, state.epoch) }
            slot.reloading = true
            state.slots[key] = slot
            return (slot.value, true, state.epoch)
        }
        if let cached {
            if startReload {
                Task {
                    do {
                        store(try await load(), forKey: key, epoch: epoch)
                    } catch {
                        state.withLock { state in state.slots[key]?.reloading = false }
                        onReloadFailure(error)
                    }
                }
            }
            return cached
        }
        let value = try await load()
        store(value, forKey: key, epoch: epoch)
        return value
    }

    /// Forgets `key`; loads already under way are not stored.
    public func invalidate(_ key: String) {
        state.withLock { state in
            state.slots.removeValue(forKey: key)
            state.epoch &+= 1
        }
    }

    public var count: Int { state.withLock { $0.slots.count } }

    private func store(_ value: Value, forKey key: String, epoch: UInt64) {
        let now = ContinuousClock.now
        state.withLock { state in
            guard state.epoch == epoch else {
                state.slots[key]?.reloading = false
                return
            }
            if state.slots[key] == nil, state.slots.count >= capacity {
                state.slots = state.slots.filter { now - $0.value.loaded < ttl }
                if state.slots.count >= capacity {
                    let oldest = state.slots.sorted { $0.value.loaded < $1.value.loaded }.prefix(state.slots.count / 2 + 1)
                    for (key, _) in oldest { state.slots.removeValue(forKey: key) }
                }
            }
            state.slots[key] = Slot(loaded: now, value: value)
        }
    }
}
