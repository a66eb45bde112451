/// A live subscription (`NotifClient.subscribe`): an `AsyncSequence` of events, and `close()`.
public final class NotifSubscription: AsyncSequence, Sendable {
    public typealias Element = ReceivedEvent
    public typealias AsyncIterator = AsyncThrowingStream<ReceivedEvent, any Error>.Iterator

    private let events: AsyncThrowingStream<ReceivedEvent, any Error>
    private let runner: SubscriptionRunner
    private let task: Task<Void, Never>

    init(events: AsyncThrowingStream<ReceivedEvent, any Error>, runner: SubscriptionRunner, task: Task<Void, Never>) {
        self.events = events
        self.runner = runner
        self.task = task
    }

    public func makeAsyncIterator() -> AsyncIterator { events.makeAsyncIterator() }

    /// Closes the connection and waits until it is closed: acknowledgements queued before are
    /// written, then the WebSocket close handshake runs (events the server had sent but the caller
    /// had not acknowledged are redelivered by the server). After `timeout` the connection is dropped.
    public func close(timeout: Duration = .seconds(5)) async {
        startClosing()
        let task = self.task
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            task.cancel()
        }
        await task.value
        watchdog.cancel()
    }

    /// Starts a graceful close (also done when the iteration ends or its task is cancelled).
    func startClosing() {
        runner.closeGracefully(orCancel: task)
    }
}

extension NotifClient {
    /// Subscribes to `topics` (NATS patterns; a lone `*` is every topic) over `/ws`. Iterating the
    /// sequence yields events; ending the iteration (or cancelling its task) closes the connection
    /// gracefully (acknowledgements already sent are written first); `close()` does so and waits.
    /// When the connection drops it is re-established with backoff: a group resumes its durable
    /// consumer, and a group-less subscription resumes from the time of the last event it received,
    /// skipping ids it has already delivered, so nothing emitted meanwhile is missed. Unacknowledged
    /// events are redelivered by the server. The first connection's failure (bad key, bad topics,
    /// unreachable server) ends the sequence with an error.
    public func subscribe(topics: [String], options: SubscribeOptions = SubscribeOptions()) -> NotifSubscription {
        let (stream, continuation) = AsyncThrowingStream<ReceivedEvent, any Error>.makeStream(bufferingPolicy: .bufferingNewest(1024))
        let runner = SubscriptionRunner(client: self, topics: topics, options: options, output: continuation)
        let task = Task { await runner.run() }
        // Not the subscription itself: dropping it must still end the stream (and so the connection).
        continuation.onTermination = { _ in runner.closeGracefully(orCancel: task) }
        return NotifSubscription(events: stream, runner: runner, task: task)
    }

    /// `ws(s)://host/ws` for this server.
    var webSocketURL: String {
        let base = server.hasPrefix("https://") ? "wss://" + server.dropFirst(8)
            : server.hasPrefix("http://") ? "ws://" + server.dropFirst(7) : server
        return base + "/ws" + Self.queryString([("project_id", projectID)])
    }
}

