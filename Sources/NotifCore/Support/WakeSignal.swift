import Synchronization

/// Wakes one polling loop early: `wait(upTo:)` returns after the timeout, on cancellation, or as soon
/// as `wake()` is called, also when `wake()` came while the loop was busy (a wake is remembered until
/// the next wait consumes it). A wait's own timeout never leaves a wake behind for the next wait, so a
/// loop that was woken early does not spin.
public final class WakeSignal: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
        /// Numbers the waits, so that a timer only ends the wait it belongs to.
        var generation = 0
        /// The latest wait whose timer fired (possibly before the wait registered its continuation).
        var expired = -1
    }

    private let state = Mutex(State())

    public init() {}

    public func wake() {
        state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.pending = true
                return nil
            }
            state.waiter = nil
            return waiter
        }?.resume()
    }

    public func wait(upTo timeout: Duration) async {
        let generation = state.withLock { state in
            state.generation &+= 1
            return state.generation
        }
        let timer = Task { [weak self] in
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            self?.expire(generation)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.pending || state.expired == generation || Task.isCancelled {
                        state.pending = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: { [weak self] in
            self?.wake()
        }
        timer.cancel()
    }

    /// Whether a wake is waiting for the next `wait` (for tests).
    var hasPendingWake: Bool { state.withLock { $0.pending } }

    /// Whether a `wait` is in progress (for tests).
    var hasWaiter: Bool { state.withLock { $0.waiter != nil } }

    private func expire(_ generation: Int) {
        state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.generation == generation else { return nil }
            state.expired = generation
            defer { state.waiter = nil }
            return state.waiter
        }?.resume()
    }
}
