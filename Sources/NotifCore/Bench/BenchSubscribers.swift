import HTTPTypes
import HummingbirdWSClient
import Logging
import Synchronization

/// Many lean WebSocket subscribers to one topic, for `notif bench fanout`: one connection and one
/// task each, on the WebSocket client `NotifClient.subscribe` uses, but without what that adds per
/// subscription (reconnection, heartbeat, duplicate filtering, an event stream and its tasks).
/// Each frame of type `event` goes to `onEvent`; an `error` frame or a connection that ends before
/// `closeAll()` counts as a failure.
final class BenchSubscribers: Sendable {
    private struct State {
        /// Tasks of all subscribers started, by index.
        var tasks: [Task<Void, Never>] = []
        /// When each subscriber still waiting for `subscribed` started connecting.
        var connecting: [Int: ContinuousClock.Instant] = [:]
        /// Writers of the confirmed subscribers still connected, by index, to close them.
        var writers: [Int: WebSocketOutboundWriter] = [:]
        var confirmed = 0
        var failures = 0
        var firstFailure: String?
        var closing = false

        mutating func fail(_ reason: String) {
            failures += 1
            if firstFailure == nil { firstFailure = reason }
        }
    }

    private let url: String
    private let configuration: WebSocketClientConfiguration
    private let subscribeFrame: String
    private let onEvent: @Sendable (JSONValue) -> Void
    private let state = Mutex(State())
    /// One element each time a subscriber is confirmed or given up on.
    private let settled: AsyncStream<Void>
    private let settle: AsyncStream<Void>.Continuation

    init(client: NotifClient, topic: String, onEvent: @escaping @Sendable (JSONValue) -> Void) {
        url = client.webSocketURL
        var headers = HTTPFields()
        if let key = client.apiKey { headers[.authorization] = "Bearer \(key)" }
        configuration = WebSocketClientConfiguration(maxFrameSize: 1 << 20, additionalHeaders: headers, autoPing: .disabled)
        subscribeFrame = JSONValue.object([
            "action": "subscribe", "topics": [.string(topic)], "options": ["auto_ack": true, "from": "latest"],
        ]).jsonString
        self.onEvent = onEvent
        (settled, settle) = AsyncStream<Void>.makeStream()
    }

    /// Confirmed subscribers, and failures (refused, not confirmed in time, or dropped) with the first one's reason.
    var counts: (confirmed: Int, failures: Int, firstFailure: String?) {
        state.withLock { ($0.confirmed, $0.failures, $0.firstFailure) }
    }

    /// Opens `count` subscribers, at most `concurrency` of them waiting for their `subscribed` at
    /// once; one not confirmed within `confirmWithin` is given up (closed and counted as a failure).
    /// Returns when every one is confirmed or given up.
    func open(_ count: Int, concurrency: Int, confirmWithin: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.expireSlowConnections(after: confirmWithin) }
            var iterator = settled.makeAsyncIterator()
            var done = 0
            for index in 0..<count {
                while index - done >= max(1, concurrency), await iterator.next() != nil { done += 1 }
                start(index)
            }
            while done < count, await iterator.next() != nil { done += 1 }
            group.cancelAll()
        }
    }

    /// Closes every connection (the WebSocket close handshake for the confirmed ones) and waits
    /// until all have ended; after `timeout` the rest are dropped.
    func closeAll(timeout: Duration = .seconds(15)) async {
        let (writers, tasks) = state.withLock { state in
            state.closing = true
            return (Array(state.writers.values), state.tasks)
        }
        await withTaskGroup(of: Void.self) { group in
            for writer in writers { group.addTask { try? await writer.close(.normalClosure, reason: nil) } }
        }
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            for task in tasks { task.cancel() }
        }
        for task in tasks { await task.value }
        watchdog.cancel()
        settle.finish()
    }

    private func start(_ index: Int) {
        state.withLock { state in
            state.connecting[index] = .now
            state.tasks.append(Task { await self.run(index) })
        }
    }

    /// One subscriber's connection, from connecting to closed.
    private func run(_ index: Int) async {
        var logger = Logger(label: "notif-bench")
        logger.logLevel = .critical
        do {
            try await WebSocketClient.connect(url: url, configuration: configuration, logger: logger) { inbound, outbound, _ in
                try await outbound.write(.text(self.subscribeFrame))
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message, let frame = try? JSONValue.parse(text) else { continue }
                    switch frame["type"]?.stringValue {
                    case "event": self.onEvent(frame)
                    case "subscribed": self.confirm(index, outbound)
                    case "error": throw BenchFailure("error frame: \(frame["message"]?.stringValue ?? text)")
                    default: break
                    }
                }
            }
            end(index, failure: "connection ended by the server")
        } catch {
            end(index, failure: "\(error)")
        }
    }

    private func confirm(_ index: Int, _ writer: WebSocketOutboundWriter) {
        let confirmed = state.withLock { state -> Bool in
            guard state.connecting.removeValue(forKey: index) != nil else { return false }  // already given up
            state.confirmed += 1
            state.writers[index] = writer
            return true
        }
        if confirmed { settle.yield() }
    }

    /// A connection ended: a failure unless `closeAll()` ended it or it was already given up.
    private func end(_ index: Int, failure: String) {
        let unconfirmed = state.withLock { state -> Bool in
            if state.connecting.removeValue(forKey: index) != nil {
                state.fail(failure)
                return true
            }
            if state.writers.removeValue(forKey: index) != nil, !state.closing { state.fail("dropped: \(failure)") }
            return false
        }
        if unconfirmed { settle.yield() }
    }

    /// Gives up (and cancels) subscribers not confirmed within `limit` of starting to connect.
    private func expireSlowConnections(after limit: Duration) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(250))
            let now = ContinuousClock.now
            let expired = state.withLock { state -> [Task<Void, Never>] in
                let late = state.connecting.filter { now - $0.value > limit }.map(\.key)
                for index in late {
                    state.connecting[index] = nil
                    state.fail("not subscribed within \(limit)")
                }
                return late.map { state.tasks[$0] }
            }
            for task in expired {
                task.cancel()
                settle.yield()
            }
        }
    }
}
