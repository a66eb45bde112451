import Synchronization

/// The observable state of a broker connection, as `/ready` reports it.
public enum ConnectionState: String, Sendable, Equatable {
    case connected
    case reconnecting
    case closed
}

/// Receives libnats connection callbacks and republishes them as Swift state and streams.
/// Callbacks arrive on libnats' own threads; everything here is guarded by a mutex.
final class ConnectionEvents: Sendable {
    private struct State {
        var current: ConnectionState = .connected
        var closing = false
        var watchers: [Int: AsyncStream<ConnectionState>.Continuation] = [:]
        var reconnectHandlers: [Int: @Sendable () -> Void] = [:]
        var nextWatcher = 0
    }

    private let state = Mutex(State())
    let maxReconnectDelayMilliseconds: Int64
    let credentials: UserCredentials?
    let onChange: @Sendable (ConnectionState) -> Void

    init(maxReconnectDelayMilliseconds: Int64, credentials: UserCredentials?,
         onChange: @escaping @Sendable (ConnectionState) -> Void) {
        self.maxReconnectDelayMilliseconds = maxReconnectDelayMilliseconds
        self.credentials = credentials
        self.onChange = onChange
    }

    var current: ConnectionState { state.withLock { $0.current } }

    func markClosing() {
        state.withLock { $0.closing = true }
    }

    func disconnected() {
        update { $0.closing ? .closed : .reconnecting }
    }

    func reconnected() {
        update { $0.closing ? .closed : .connected }
        let handlers = state.withLock { Array($0.reconnectHandlers.values) }
        for handler in handlers { handler() }
    }

    /// Calls `handler` after every reconnect (subscriptions are restored by then, pending requests are not).
    func addReconnectHandler(_ handler: @escaping @Sendable () -> Void) -> Int {
        state.withLock { state in
            let id = state.nextWatcher
            state.nextWatcher += 1
            state.reconnectHandlers[id] = handler
            return id
        }
    }

    func removeReconnectHandler(_ id: Int) {
        _ = state.withLock { $0.reconnectHandlers.removeValue(forKey: id) }
    }

    func closed() {
        update { _ in .closed }
        let watchers = state.withLock { state in
            defer { state.watchers = [:] }
            return Array(state.watchers.values)
        }
        for watcher in watchers { watcher.finish() }
    }

    /// A stream that starts with the current state and then yields every change.
    func changes() -> AsyncStream<ConnectionState> {
        let (stream, continuation) = AsyncStream<ConnectionState>.makeStream(bufferingPolicy: .bufferingNewest(16))
        let id: Int? = state.withLock { state in
            continuation.yield(state.current)
            if state.current == .closed { return nil }
            let id = state.nextWatcher
            state.nextWatcher += 1
            state.watchers[id] = continuation
            return id
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.watchers.removeValue(forKey: id) }
        }
        return stream
    }

    private func update(_ next: (State) -> ConnectionState) {
        let (changed, watchers, value) = state.withLock { state -> (Bool, [AsyncStream<ConnectionState>.Continuation], ConnectionState) in
            let value = next(state)
            guard value != state.current else { return (false, [], value) }
            state.current = value
            return (true, Array(state.watchers.values), value)
        }
        guard changed else { return }
        for watcher in watchers { watcher.yield(value) }
        onChange(value)
    }

    /// Exponential backoff with jitter: 100 ms, 200 ms, 400 ms … capped at the configured maximum.
    func reconnectDelay(attempt: Int32) -> Int64 {
        let exponent = min(Int64(max(attempt, 1)) - 1, 16)
        let base = min(maxReconnectDelayMilliseconds, 100 << exponent)
        return base + Int64.random(in: 0...(base / 5 + 1))
    }
}
