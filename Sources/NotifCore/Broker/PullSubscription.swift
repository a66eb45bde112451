import Synchronization

/// A fetch loop over one pull consumer, without a thread of its own: pull requests are published with
/// this subscription's private inbox as reply subject, and deliveries are buffered here until read.
/// (JetStream delivers pulled messages under their original subject, so each pull subscription needs
/// its own NATS subscription; libnats' global delivery pool serves them all with a few threads.)
///
/// At most one pull request is open at a time; the next one is sent as soon as the buffer runs low,
/// so reads stay pipelined. A lost request (for example across a reconnect) expires locally after
/// its `expires` plus one second, and a new one is sent.
public final class PullSubscription: Sendable {
    private struct State {
        var buffer: [JetStreamMessage] = []
        var bufferHead = 0
        var waiter: CheckedContinuation<Void, Never>?
        var requestOpen = false
        var requestDeadline = ContinuousClock.now
        var requested = 0
        var received = 0
        var lastRequestEndedEmpty = false
        var closed = false
        var failure: BrokerError?

        var buffered: Int { buffer.count - bufferHead }

        mutating func take(_ count: Int) -> [JetStreamMessage] {
            let end = bufferHead + min(count, buffered)
            let taken = Array(buffer[bufferHead..<end])
            bufferHead = end
            if bufferHead == buffer.count {
                buffer.removeAll(keepingCapacity: true)
                bufferHead = 0
            }
            return taken
        }

        mutating func open(batch: Int, expires: Duration, now: ContinuousClock.Instant) {
            requestOpen = true
            requestDeadline = now + expires + .seconds(1)
            requested = batch
            received = 0
        }

        mutating func takeWaiter() -> CheckedContinuation<Void, Never>? {
            defer { waiter = nil }
            return waiter
        }
    }

    public let stream: String
    public let consumer: String
    private let jetStream: JetStream
    private let state = Mutex(State())
    private let inbox = "_INBOX." + RandomToken.alphanumeric(22)
    private let subscription = Mutex<NATSSubscription?>(nil)

    private let reconnectToken = Mutex<Int?>(nil)

    init(jetStream: JetStream, stream: String, consumer: String) {
        self.jetStream = jetStream
        self.stream = stream
        self.consumer = consumer
        // A pull request open at the server is lost with the connection: ask again at once.
        let token = jetStream.connection.addReconnectHandler { [weak self] in self?.abandonOpenRequest() }
        reconnectToken.withLock { $0 = token }
    }

    deinit {
        if let token = reconnectToken.withLock({ $0 }) { jetStream.connection.removeReconnectHandler(token) }
        if let subscription = subscription.withLock({ $0 }) { jetStream.connection.unsubscribe(subscription) }
    }

    /// Waits for at least one message and returns up to `max` of them; returns an empty array once closed.
    /// `batch` is the size of each pull request, `expires` how long the server holds it open.
    public func nextBatch(max: Int, batch: Int = 256, expires: Duration = .seconds(5)) async throws -> [JetStreamMessage] {
        precondition(max > 0 && batch > 0)
        while true {
            try Task.checkCancellation()
            enum Step { case deliver([JetStreamMessage], refill: Bool), finished, fail(BrokerError), request(backoff: Bool), wait(ContinuousClock.Instant) }
            let now = ContinuousClock.now
            let step = state.withLock { state -> Step in
                if state.buffered > 0 {
                    let messages = state.take(max)
                    let refill = !state.requestOpen && state.buffered < batch / 2 && !state.closed
                    if refill { state.open(batch: batch, expires: expires, now: now) }
                    return .deliver(messages, refill: refill)
                }
                if state.closed { return .finished }
                if let failure = state.failure { return .fail(failure) }
                if !state.requestOpen || now >= state.requestDeadline {
                    let backoff = state.lastRequestEndedEmpty && !state.requestOpen
                    state.open(batch: batch, expires: expires, now: now)
                    return .request(backoff: backoff)
                }
                return .wait(state.requestDeadline)
            }
            switch step {
            case .deliver(let messages, let refill):
                // A failed refill only delays the next request; the messages in hand are still delivered.
                if refill { try? await sendPullRequest(batch: batch, expires: expires) }
                return messages
            case .finished:
                return []
            case .fail(let error):
                throw error
            case .request(let backoff):
                if backoff { try await Task.sleep(for: .milliseconds(100)) }
                try await sendPullRequest(batch: batch, expires: expires)
                await waitForSignal(until: ContinuousClock.now + expires + .seconds(1))
            case .wait(let deadline):
                await waitForSignal(until: deadline)
            }
        }
    }

    /// The next single message, or nil once closed.
    public func next(batch: Int = 256, expires: Duration = .seconds(5)) async throws -> JetStreamMessage? {
        try await nextBatch(max: 1, batch: batch, expires: expires).first
    }

    /// The messages as an `AsyncSequence`; iteration ends when the subscription is closed or the task cancelled.
    public func messages(batch: Int = 256, expires: Duration = .seconds(5)) -> Messages {
        Messages(subscription: self, batch: batch, expires: expires)
    }

    /// How long a handed-back message waits before redelivery. An immediate `nak` would be
    /// redelivered into this subscription's own pull request, still open at the server until the
    /// inbox is unsubscribed (250 ms after close), and be lost there until the ack wait expires;
    /// after this delay the server skips that request (no interest) and serves the next reader.
    public static let handBackDelay: Duration = .seconds(1)

    /// Stops delivering. Messages fetched but not yet read are handed back with a `nak`, so JetStream
    /// redelivers them within `handBackDelay` (to the next reader of the consumer) rather than after
    /// the ack wait. The consumer itself is left as it is.
    public func close() {
        let (waiter, unread) = state.withLock { state -> (CheckedContinuation<Void, Never>?, [JetStreamMessage]) in
            state.closed = true
            let unread = state.take(state.buffered)
            state.buffer.removeAll()
            state.bufferHead = 0
            return (state.takeWaiter(), unread)
        }
        waiter?.resume()
        for message in unread { try? message.nak(delay: Self.handBackDelay) }
        if let subscription = subscription.withLock({ value -> NATSSubscription? in defer { value = nil }; return value }) {
            // Messages of the open pull request may still be on their way: keep listening a moment and
            // hand those back too (`receive` naks everything once closed), then unsubscribe.
            let connection = jetStream.connection
            Task {
                try? await Task.sleep(for: .milliseconds(250))
                connection.unsubscribe(subscription)
            }
        }
        if let token = reconnectToken.withLock({ value -> Int? in defer { value = nil }; return value }) {
            jetStream.connection.removeReconnectHandler(token)
        }
    }

    /// The `AsyncSequence` view of a pull subscription.
    public struct Messages: AsyncSequence, Sendable {
        public typealias Element = JetStreamMessage
        let subscription: PullSubscription
        let batch: Int
        let expires: Duration

        public struct AsyncIterator: AsyncIteratorProtocol {
            let subscription: PullSubscription
            let batch: Int
            let expires: Duration

            public mutating func next() async throws -> JetStreamMessage? {
                do {
                    return try await subscription.next(batch: batch, expires: expires)
                } catch is CancellationError {
                    return nil
                }
            }
        }

        public func makeAsyncIterator() -> AsyncIterator {
            AsyncIterator(subscription: subscription, batch: batch, expires: expires)
        }
    }

    // MARK: - Internals

    private func sendPullRequest(batch: Int, expires: Duration) async throws {
        if subscription.withLock({ $0 == nil }) {
            let connection = jetStream.connection
            let created = try await connection.subscribe(inbox) { [weak self] message in
                if let self {
                    self.receive(message)
                } else {
                    Self.handBack(message, on: connection)  // reader gone
                }
            }
            let closed = state.withLock { $0.closed }
            let keep = subscription.withLock { value -> Bool in
                guard value == nil, !closed else { return false }
                value = created
                return true
            }
            if !keep { jetStream.connection.unsubscribe(created) }
            if closed { return }
        }
        let body = "{\"batch\":\(batch),\"expires\":\(expires.nanoseconds)}"
        do {
            try jetStream.connection.publish(jetStream.apiPrefix + "CONSUMER.MSG.NEXT.\(stream).\(consumer)",
                                             reply: inbox, payload: Array(body.utf8))
        } catch {
            state.withLock { $0.requestOpen = false }
            throw error
        }
    }

    private func receive(_ message: NATSMessage) {
        if message.status == nil, state.withLock({ $0.closed }) {
            Self.handBack(message, on: jetStream.connection)  // arrived after close
            return
        }
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.closed else { return nil }
            switch message.status {
            case nil:
                guard let reply = message.reply, let metadata = JetStreamMetadata(ackSubject: reply) else { return nil }
                state.buffer.append(JetStreamMessage(subject: message.subject, payload: message.payload,
                                                     headers: message.headers, metadata: metadata,
                                                     replySubject: reply, jetStream: jetStream))
                state.received += 1
                if state.received >= state.requested {
                    state.requestOpen = false
                    state.lastRequestEndedEmpty = false
                }
            case 100?:
                return nil
            case 503?:
                // No responders: the consumer (or the stream) does not exist.
                state.failure = .noResponders(subject: message.subject)
                state.requestOpen = false
            case 409? where (message.statusDescription ?? "").localizedCaseInsensitiveContains("consumer deleted"):
                state.failure = .jetStream(code: 409, errorCode: 0, description: "consumer deleted")
                state.requestOpen = false
            default:
                // 404 no messages, 408 request expired, 409 limits: this pull request is over.
                state.lastRequestEndedEmpty = state.received == 0 && message.status == 409
                state.requestOpen = false
            }
            return state.takeWaiter()
        }
        waiter?.resume()
    }

    private func waitForSignal(until deadline: ContinuousClock.Instant) async {
        let timer = Task { [weak self] in
            // Cancelled (the wait ended otherwise): no wake-up. It would end the reader's next wait,
            // whose cancelled timer would end the one after, and so on: a busy loop (broken only by
            // a lucky race) in every subscription whose wait a message or an expiry had ended.
            guard (try? await Task.sleep(until: deadline, clock: .continuous)) != nil else { return }
            self?.wake()
        }
        defer { timer.cancel() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                // One reader at a time is the contract; a second one only causes a spurious wake-up.
                // A cancellation that came before this waiter was stored found nothing to wake, so it is
                // checked under the lock `wake()` also takes.
                let (resumeNow, displaced) = state.withLock { state -> (Bool, CheckedContinuation<Void, Never>?) in
                    if Task.isCancelled || state.buffered > 0 || state.closed || state.failure != nil || !state.requestOpen { return (true, nil) }
                    let displaced = state.takeWaiter()
                    state.waiter = continuation
                    return (false, displaced)
                }
                displaced?.resume()
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            wake()
        }
    }

    /// Naks a delivered message nobody will read, so JetStream redelivers it at once.
    private static func handBack(_ message: NATSMessage, on connection: NATSConnection) {
        guard message.status == nil, let reply = message.reply else { return }
        try? connection.publish(reply, payload: Array("-NAK {\"delay\":\(handBackDelay.nanoseconds)}".utf8))
    }

    private func abandonOpenRequest() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.requestOpen = false
            return state.takeWaiter()
        }
        waiter?.resume()
    }

    private func wake() {
        state.withLock { $0.takeWaiter() }?.resume()
    }
}

