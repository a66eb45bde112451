/// Async polling with a deadline; never blocks a thread of the cooperative pool.
enum Polling {
    /// Calls `condition` every `interval` until it returns true (→ true) or `timeout` has passed (→ false).
    /// Throws `CancellationError` when the task is cancelled, and whatever `condition` throws.
    static func until(
        timeout: Duration,
        interval: Duration = .milliseconds(25),
        _ condition: () async throws -> Bool
    ) async throws -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            if try await condition() { return true }
            if clock.now >= deadline { return false }
            try await Task.sleep(for: interval)
        }
    }
}

extension Duration {
    /// The duration in (fractional) seconds.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
