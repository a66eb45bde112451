import HTTPTypes
import HummingbirdWSClient
import Logging
import Synchronization

/// How `NotifClient.subscribe` consumes events.
public struct SubscribeOptions: Sendable {
    /// Acknowledge each event as the server sends it (default). Off: call `ack()` / `nack()`.
    public var autoAck = true
    /// Consumer group: members share the events (each event goes to one member).
    public var group: String?
    /// `latest` (default), `beginning`, or an RFC 3339 time.
    public var from: String?
    /// Deliveries before an event goes to the dead-letter queue.
    public var maxRetries: Int?
    /// Redelivery after this long without `ack` (Go duration syntax, e.g. `30s`).
    public var ackTimeout: String?
    /// Reconnect with backoff (0.5 s doubling to 30 s) when the connection drops.
    public var reconnect = true
    /// Called each time the server confirms the subscription (first connection and every
    /// reconnection): from then on, events emitted are delivered.
    public var onSubscribed: (@Sendable () -> Void)?

    public init(autoAck: Bool = true, group: String? = nil, from: String? = nil, maxRetries: Int? = nil,
                ackTimeout: String? = nil, reconnect: Bool = true, onSubscribed: (@Sendable () -> Void)? = nil) {
        self.onSubscribed = onSubscribed
        self.autoAck = autoAck
        self.group = group
        self.from = from
        self.maxRetries = maxRetries
        self.ackTimeout = ackTimeout
        self.reconnect = reconnect
    }
}

/// One event received on a subscription.
public struct ReceivedEvent: Sendable {
    public var id: String
    public var topic: String
    public var data: JSONValue
    public var timestamp: Timestamp?
    public var attempt: Int
    public var maxAttempts: Int
    let send: @Sendable (JSONValue) -> Bool

    /// Acknowledges the event (only meaningful without auto-ack). False when the connection is gone
    /// (the server then redelivers the event).
    @discardableResult
    public func ack() -> Bool { send(["action": "ack", "id": .string(id)]) }

    /// Asks for redelivery after `retryIn` (server default 5 minutes); at the last attempt the server
    /// dead-letters the event instead.
    @discardableResult
    public func nack(retryIn: Duration? = nil) -> Bool {
        send(.object(["action": "nack", "id": .string(id), "retry_in": retryIn.map { .string(GoDuration.string($0)) }]))
    }
}

extension NotifClient {
    /// Subscribes to `topics` (NATS patterns; a lone `*` is every topic) over `/ws`. Iterating the
    /// sequence yields events; ending the iteration (or cancelling its task) closes the connection.
    /// When the connection drops it is re-established with backoff: a group resumes its durable
    /// consumer, and a group-less subscription resumes from the time of the last event it received,
    /// skipping ids it has already delivered, so nothing emitted meanwhile is missed. Unacknowledged
    /// events are redelivered by the server. The first connection's failure (bad key, bad topics,
    /// unreachable server) ends the sequence with an error.
    public func subscribe(topics: [String], options: SubscribeOptions = SubscribeOptions()) -> AsyncThrowingStream<ReceivedEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<ReceivedEvent, any Error>.makeStream(bufferingPolicy: .bufferingNewest(1024))
        let runner = SubscriptionRunner(client: self, topics: topics, options: options, output: continuation)
        let task = Task { await runner.run() }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// `ws(s)://host/ws` for this server.
    var webSocketURL: String {
        let base = server.hasPrefix("https://") ? "wss://" + server.dropFirst(8)
            : server.hasPrefix("http://") ? "ws://" + server.dropFirst(7) : server
        return base + "/ws" + Self.queryString([("project_id", projectID)])
    }
}

/// Runs one subscription: connect, subscribe, forward events, reconnect.
final class SubscriptionRunner: Sendable {
    private struct State {
        var send: AsyncStream<String>.Continuation?
        var resumeFrom: Timestamp?
        var recent: [String] = []
        var recentSet: Set<String> = []
    }

    private let client: NotifClient
    private let topics: [String]
    private let options: SubscribeOptions
    private let output: AsyncThrowingStream<ReceivedEvent, any Error>.Continuation
    private let state = Mutex(State())

    init(client: NotifClient, topics: [String], options: SubscribeOptions,
         output: AsyncThrowingStream<ReceivedEvent, any Error>.Continuation) {
        self.client = client
        self.topics = topics
        self.options = options
        self.output = output
    }

    func run() async {
        var delay = Duration.milliseconds(500)
        var everSubscribed = false
        while !Task.isCancelled {
            do {
                let subscribed = try await connectOnce()
                everSubscribed = everSubscribed || subscribed
                if subscribed { delay = .milliseconds(500) }
            } catch {
                // Before the first confirmation every failure is final (bad key, bad topics, wrong
                // server); after it, only a refused subscribe is — a lost connection is retried.
                let refused = if case NotifClientError.rejected = error { true } else { false }
                if !everSubscribed || !options.reconnect || refused {
                    output.finish(throwing: error)
                    return
                }
            }
            guard options.reconnect, everSubscribed, !Task.isCancelled else { break }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(30))
        }
        output.finish()
    }

    /// One connection; returns whether the subscription was confirmed. Throws `NotifClientError`
    /// for refusals that reconnecting cannot fix (an `error` frame in answer to `subscribe`).
    private func connectOnce() async throws -> Bool {
        var headers = HTTPFields()
        if let key = client.apiKey { headers[.authorization] = "Bearer \(key)" }
        let configuration = WebSocketClientConfiguration(maxFrameSize: 1 << 22, additionalHeaders: headers,
                                                         autoPing: .disabled)
        var logger = Logger(label: "notif-client")
        logger.logLevel = .critical
        let confirmed = Mutex(false)
        do {
            try await WebSocketClient.connect(url: client.webSocketURL, configuration: configuration, logger: logger) { inbound, outbound, _ in
                let (frames, sender) = AsyncStream<String>.makeStream()
                self.state.withLock { $0.send = sender }
                defer { self.state.withLock { $0.send = nil } }
                sender.yield(self.subscribeFrame().jsonString)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await text in frames { try await outbound.write(.text(text)) }
                    }
                    for try await message in inbound.messages(maxSize: 1 << 22) {
                        guard case .text(let text) = message, let frame = try? JSONValue.parse(text) else { continue }
                        switch frame["type"]?.stringValue {
                        case "subscribed":
                            confirmed.withLock { $0 = true }
                            self.state.withLock { if $0.resumeFrom == nil { $0.resumeFrom = .now() } }
                            self.options.onSubscribed?()
                        case "event":
                            self.deliver(frame)
                        case "error":
                            if !confirmed.withLock({ $0 }) {
                                throw NotifClientError.rejected(status: 400, message: frame["message"]?.stringValue ?? "subscribe failed",
                                                                details: frame)
                            }
                        default:
                            break
                        }
                    }
                    sender.finish()
                    group.cancelAll()
                }
            }
        } catch let error as NotifClientError {
            throw error
        } catch {
            if confirmed.withLock({ $0 }) { return true }
            throw NotifClientError.connection(server: client.server, reason: "\(error)")
        }
        return confirmed.withLock { $0 }
    }

    private func subscribeFrame() -> JSONValue {
        // After a drop, a group-less subscription resumes where it was (the durable group resumes by itself).
        let resume = state.withLock { $0.resumeFrom }
        let from = options.group == nil ? resume.map { $0.rfc3339 } ?? options.from : options.from
        return .object([
            "action": "subscribe",
            "topics": .array(topics.map { .string($0) }),
            "options": .object([
                "auto_ack": .bool(options.autoAck),
                "group": options.group.map { .string($0) },
                "from": from.map { .string($0) },
                "max_retries": options.maxRetries.map { .int($0) },
                "ack_timeout": options.ackTimeout.map { .string($0) },
            ]),
        ])
    }

    private func deliver(_ frame: JSONValue) {
        guard let id = frame["id"]?.stringValue else { return }
        let timestamp = frame["timestamp"]?.stringValue.flatMap { Timestamp(rfc3339: $0) }
        // Ids seen recently are skipped: a resumed subscription starts at the last event's time.
        let fresh = state.withLock { state -> Bool in
            if state.recentSet.contains(id) {
                // A first delivery of an id already seen is the replay of a resumed subscription.
                if frame["attempt"]?.int64Value ?? 1 <= 1 { return false }
            } else {
                state.recent.append(id)
                state.recentSet.insert(id)
                if state.recent.count > 2048 { state.recentSet.remove(state.recent.removeFirst()) }
            }
            if let timestamp { state.resumeFrom = timestamp }
            return true
        }
        guard fresh else { return }
        output.yield(ReceivedEvent(
            id: id, topic: frame["topic"]?.stringValue ?? "", data: frame["data"] ?? .null, timestamp: timestamp,
            attempt: Int(frame["attempt"]?.int64Value ?? 1), maxAttempts: Int(frame["max_attempts"]?.int64Value ?? 0),
            send: { [weak self] value in
                guard let sender = self?.state.withLock({ $0.send }) else { return false }
                if case .enqueued = sender.yield(value.jsonString) { return true }
                return false
            }))
    }
}
