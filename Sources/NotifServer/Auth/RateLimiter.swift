import Synchronization

/// Token buckets by key: capacity `burst`, refilled continuously at `rate` per second, one token per
/// request. Buckets idle for ten minutes are dropped.
public final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
        let rate: Double
        let burst: Double
    }

    private struct State {
        var buckets: [String: Bucket] = [:]
        var lastSweep = ContinuousClock.now
    }

    private let state = Mutex(State())
    let idleTimeout: Duration = .seconds(600)

    public init() {}

    /// Takes one token from `key`'s bucket; false when it is empty. A bucket keeps the rate it was created with.
    public func allow(_ key: String, rate: Int, burst: Int) -> Bool {
        let now = ContinuousClock.now
        return state.withLock { state in
            if now - state.lastSweep > .seconds(300) {
                state.buckets = state.buckets.filter { now - $0.value.updated < idleTimeout }
                state.lastSweep = now
            }
            var bucket = state.buckets[key] ?? Bucket(tokens: Double(burst), updated: now, rate: Double(rate), burst: Double(burst))
            let elapsed = Double((now - bucket.updated).nanoseconds) / 1e9
            bucket.tokens = min(bucket.burst, bucket.tokens + elapsed * bucket.rate)
            bucket.updated = now
            let allowed = bucket.tokens >= 1
            if allowed { bucket.tokens -= 1 }
            state.buckets[key] = bucket
            return allowed
        }
    }
}
