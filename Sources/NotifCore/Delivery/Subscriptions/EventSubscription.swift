import Logging

/// One event delivered to a subscriber and not yet settled.
public struct SubscriptionDelivery: Sendable {
    public let event: Event
    public let message: JetStreamMessage
    /// 1-based delivery count of this event on this consumer.
    public var attempt: Int { message.metadata.deliveryCount }
}

/// A live subscription to a project's events: one JetStream pull consumer (ephemeral, or the
/// group's shared durable) read by this subscriber, with the retry policy of its spec.
///
/// `next()` hands out events in stream order, redeliveries interleaved. An event whose delivery count
/// exceeds `maxRetries` (it timed out unacknowledged that often) is not handed out again: it goes to
/// the DLQ, so redelivery exhaustion never drops an event silently.
public final class EventSubscription: Sendable {
    public let spec: SubscriptionSpec
    public let org: String
    public let project: String
    /// The consumer's name (the group's durable name, or a generated ephemeral name).
    public let consumerName: String
    private let matchLocally: Bool
    private let jetStream: JetStream
    private let stream: String
    private let pull: PullSubscription
    private let deadLetters: DeadLetterQueue
    private let logger: Logger

    /// How many events one pull request asks for; bounds what this subscriber holds in memory.
    static let batchSize = 64

    private init(spec: SubscriptionSpec, org: String, project: String, consumerName: String, matchLocally: Bool,
                 broker: BrokerPool.OrgBroker, deadLetters: DeadLetterQueue, logger: Logger) {
        self.spec = spec
        self.org = org
        self.project = project
        self.consumerName = consumerName
        self.matchLocally = matchLocally
        self.jetStream = broker.jetStream
        self.stream = broker.streams.events
        self.pull = broker.jetStream.pullSubscription(stream: broker.streams.events, consumer: consumerName)
        self.deadLetters = deadLetters
        self.logger = logger
    }

    /// Creates (or, for a group, joins) the consumer and starts reading.
    public static func open(spec: SubscriptionSpec, org: String, project: String, pool: BrokerPool,
                            deadLetters: DeadLetterQueue, logger: Logger) async throws -> EventSubscription {
        let broker = try pool.broker(forOrg: org)
        let plan = spec.filterPlan(org: org, project: project)
        var configuration = ConsumerConfiguration(
            filterSubjects: [plan.filter], deliverPolicy: spec.start.deliverPolicy, ackPolicy: .explicit,
            ackWait: spec.ackTimeout, maxDeliver: nil, maxAckPending: 512)
        let name: String
        if let durable = spec.groupConsumerName {
            // Group consumers outlive their members (a reconnect resumes after the last ack) but not
            // forever: a day without any member is longer than the stream keeps events anyway.
            configuration.durableName = durable
            configuration.inactiveThreshold = .seconds(86_400)
            name = try await joinOrCreate(durable, configuration, broker: broker)
        } else {
            configuration.name = "sub_" + RandomToken.alphanumeric(16)
            configuration.inactiveThreshold = .seconds(60)
            name = try await broker.jetStream.createConsumer(stream: broker.streams.events, configuration).name
        }
        return EventSubscription(spec: spec, org: org, project: project, consumerName: name, matchLocally: plan.matchLocally,
                                 broker: broker, deadLetters: deadLetters, logger: logger)
    }

    /// A group member binds to the existing durable as it is (a member with other options must not
    /// silently reconfigure everyone else's consumer); the first member creates it.
    private static func joinOrCreate(_ durable: String, _ configuration: ConsumerConfiguration,
                                     broker: BrokerPool.OrgBroker) async throws -> String {
        let jetStream = broker.jetStream
        let stream = broker.streams.events
        for _ in 0..<3 {
            do {
                return try await jetStream.consumerInfo(stream: stream, name: durable).name
            } catch let error as BrokerError where error.isConsumerNotFound {
                do {
                    return try await jetStream.createConsumer(stream: stream, configuration).name
                } catch let error as BrokerError {
                    // Another member created it at the same moment with other options: join that one.
                    guard case .jetStream = error else { throw error }
                }
            }
        }
        return try await jetStream.consumerInfo(stream: stream, name: durable).name
    }

    /// The next event for this subscriber, or nil once closed.
    public func next() async throws -> SubscriptionDelivery? {
        while true {
            guard let message = try await pull.next(batch: Self.batchSize, expires: .seconds(5)) else { return nil }
            guard let event = Event(envelope: message.payload) else {
                logger.warning("dropping unreadable event", metadata: ["subject": "\(message.subject)"])
                try? message.term()
                continue
            }
            if matchLocally && !spec.matches(topic: event.topic) {
                try? message.ack()
                continue
            }
            let delivery = SubscriptionDelivery(event: event, message: message)
            if delivery.attempt > spec.maxRetries {
                await deadLetter(delivery, reason: "ack timeout: not acknowledged after \(spec.maxRetries) deliveries")
                continue
            }
            return delivery
        }
    }

    /// Moves an event to the DLQ and stops its redelivery. If the DLQ cannot store it, the event is
    /// handed back (nak) instead, so it is never lost.
    @discardableResult
    public func deadLetter(_ delivery: SubscriptionDelivery, reason: String) async -> Bool {
        let letter = DeadLetter(event: delivery.event, attempts: min(delivery.attempt, spec.maxRetries),
                                lastError: reason, consumerGroup: spec.group ?? "")
        do {
            try await deadLetters.publish(letter, deduplicationID: "dlq-\(consumerName)-\(delivery.message.metadata.streamSequence)")
            try delivery.message.term()
            return true
        } catch {
            logger.error("dead-lettering failed; event handed back", metadata: [
                "event_id": "\(delivery.event.id)", "error": "\(error)"])
            try? delivery.message.nak(delay: .seconds(5))
            return false
        }
    }

    /// Stops reading: `next()` returns nil, fetched but unread events are handed back. The consumer
    /// stays, so events already handed out can still be settled.
    public func stopReading() {
        pull.close()
    }

    /// Stops reading. Fetched but unread events are handed back; an ephemeral consumer is deleted,
    /// a group's durable consumer stays for the other members.
    public func close() async {
        pull.close()
        if spec.group == nil {
            try? await jetStream.deleteConsumer(stream: stream, name: consumerName)
        }
    }
}

extension SubscriptionSpec.Start {
    var deliverPolicy: ConsumerConfiguration.DeliverPolicy {
        switch self {
        case .latest: return .new
        case .beginning: return .all
        case .time(let time): return .byStartTime(time)
        }
    }
}
