/// Thrown by `withWebhookDeadline` when the deadline passes first.
struct WebhookDeadlineExceeded: Error {}

/// Runs `operation`, throwing `WebhookDeadlineExceeded` at `deadline`. The operation is cancelled
/// then and awaited (structured): AsyncHTTPClient's execute and body stream, `SystemHostResolver`
/// and `Task.sleep` all stop promptly on cancellation, so this returns at the deadline.
func withWebhookDeadline<T: Sendable>(_ deadline: ContinuousClock.Instant,
                                      _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(until: deadline, clock: .continuous)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw WebhookDeadlineExceeded() }
        return value
    }
}
