import Synchronization

/// Finished webhook attempts waiting to be recorded: attempts append without waiting; one recorder
/// takes everything queued at once, so the batch grows with the load.
final class WebhookOutcomeQueue: Sendable {
    private struct State {
        var records: [WebhookAttemptRecord] = []
        var closed = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    func append(_ record: WebhookAttemptRecord) {
        state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.records.append(record)
            defer { state.waiter = nil }
            return state.waiter
        }?.resume()
    }

    /// No more appends: `next` returns what is left, then nil.
    func close() {
        state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.closed = true
            defer { state.waiter = nil }
            return state.waiter
        }?.resume()
    }

    /// Up to `max` queued records, waiting for one if none is queued; nil once closed and empty.
    /// One consumer at a time.
    func next(max: Int) async -> [WebhookAttemptRecord]? {
        while true {
            let taken = state.withLock { state -> [WebhookAttemptRecord]? in
                guard !state.records.isEmpty else { return state.closed ? nil : [] }
                let count = min(max, state.records.count)
                defer { state.records.removeFirst(count) }
                return Array(state.records.prefix(count))
            }
            guard let taken else { return nil }
            if !taken.isEmpty { return taken }
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    guard state.records.isEmpty && !state.closed else { return true }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }
}
