/// Polls `condition` until it holds or `timeout` passes; returns whether it held. The way tests wait
/// for asynchronous effects, instead of sleeping a fixed time.
public func eventually(timeout: Duration = .seconds(10), every interval: Duration = .milliseconds(20),
                       _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while true {
        if try await condition() { return true }
        if ContinuousClock.now >= deadline { return false }
        try? await Task.sleep(for: interval)
    }
}

/// Polls `probe` until it returns a value or `timeout` passes (then nil).
public func eventuallyValue<T: Sendable>(timeout: Duration = .seconds(10), _ probe: () async -> T?) async -> T? {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if let value = await probe() { return value }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return nil
}
