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
    /// Queues a frame on the connection; `written` (when given) is called once it is on the socket
    /// (true) or can no longer be (false). False when there is no connection.
    let send: @Sendable (JSONValue, (@Sendable (Bool) -> Void)?) -> Bool

    /// Acknowledges the event (only meaningful without auto-ack). False when the connection is gone
    /// (the server then redelivers the event).
    @discardableResult
    public func ack() -> Bool { send(["action": "ack", "id": .string(id)], nil) }

    /// Acknowledges the event and waits until the acknowledgement is written to the connection, for
    /// a program about to stop (the CLI's `--no-auto-ack --once`). False when it could not be sent.
    public func acknowledge() async -> Bool {
        await withCheckedContinuation { continuation in
            let once = OneShot(continuation)
            if !send(["action": "ack", "id": .string(id)], { once.resume($0) }) { once.resume(false) }
        }
    }

    /// Asks for redelivery after `retryIn` (server default 5 minutes); at the last attempt the server
    /// dead-letters the event instead.
    @discardableResult
    public func nack(retryIn: Duration? = nil) -> Bool {
        send(.object(["action": "nack", "id": .string(id), "retry_in": retryIn.map { .string(GoDuration.string($0)) }]), nil)
    }
}

/// Runs one subscription: connect, subscribe, forward events, reconnect.
final class SubscriptionRunner: Sendable {
    private struct State {
        var send: AsyncStream<OutboundFrame>.Continuation?
        /// Write callbacks of queued frames by id, failed when the connection ends before they are written.
        var unsent: [Int: @Sendable (Bool) -> Void] = [:]
        var nextWriteID = 0
        var resumeFrom: Timestamp?
        /// A graceful close was asked for: no reconnection, and the current connection is closed
        /// once the frames queued before the request are written.
        var closing = false
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
        while !Task.isCancelled && !isClosing {
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
            guard options.reconnect, everSubscribed, !Task.isCancelled, !isClosing else { break }
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
        // Heartbeat: a ping every 30 s; a connection whose pong does not come back before the next
        // ping is closed, and the subscription reconnects (as the Python and TypeScript SDKs do).
        let configuration = WebSocketClientConfiguration(maxFrameSize: 1 << 22, additionalHeaders: headers,
                                                         autoPing: .enabled(timePeriod: .seconds(30)))
        var logger = Logger(label: "notif-client")
        logger.logLevel = .critical
        let confirmed = Mutex(false)
        do {
            try await WebSocketClient.connect(url: client.webSocketURL, configuration: configuration, logger: logger) { inbound, outbound, _ in
                let (frames, sender) = AsyncStream<OutboundFrame>.makeStream()
                self.state.withLock { $0.send = sender }
                defer {
                    // Frames still queued will never be written: tell whoever waits for them.
                    let unsent = self.state.withLock { state in
                        defer { state.send = nil; state.unsent = [:] }
                        return state.unsent.values
                    }
                    unsent.forEach { $0(false) }
                }
                sender.yield(OutboundFrame(text: self.subscribeFrame().jsonString))
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await frame in frames {
                            if frame.closes {
                                try await outbound.close(.normalClosure, reason: nil)
                                return
                            }
                            try await outbound.write(.text(frame.text))
                            if let id = frame.writeID { self.state.withLock { $0.unsent.removeValue(forKey: id) }?(true) }
                        }
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
            send: { [weak self] value, written in
                self?.enqueue(value, written: written) ?? false
            }))
    }

    private var isClosing: Bool { state.withLock { $0.closing } }

    /// Starts a graceful close: frames already queued (acks) are written, then the WebSocket close
    /// handshake runs and `task` (the runner's) ends without reconnecting; with no connection to
    /// close, `task` is cancelled.
    func closeGracefully(orCancel task: Task<Void, Never>) {
        let queued = state.withLock { state in
            state.closing = true
            guard let sender = state.send, case .enqueued = sender.yield(OutboundFrame(text: "", closes: true)) else { return false }
            return true
        }
        if !queued { task.cancel() }
    }

    /// Queues `value` on the current connection; `written` hears whether it reached the socket.
    private func enqueue(_ value: JSONValue, written: (@Sendable (Bool) -> Void)?) -> Bool {
        let queued = state.withLock { state -> Bool in
            guard let sender = state.send else { return false }
            var frame = OutboundFrame(text: value.jsonString)
            if let written {
                frame.writeID = state.nextWriteID
                state.unsent[state.nextWriteID] = written
                state.nextWriteID += 1
            }
            guard case .enqueued = sender.yield(frame) else {
                if let id = frame.writeID { state.unsent[id] = nil }
                return false
            }
            return true
        }
        if !queued { written?(false) }
        return queued
    }
}

