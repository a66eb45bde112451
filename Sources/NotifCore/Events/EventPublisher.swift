import Logging

/// Publishes events into their org's events stream. An event is accepted only once the stream has
/// acknowledged it. Timeouts and a briefly unavailable stream (a reconnect, JetStream restarting) are
/// retried with the same `Nats-Msg-Id` until the deadline, so a retry can never store an event twice.
public struct EventPublisher: Sendable {
    public let pool: BrokerPool
    public var attemptTimeout: Duration
    public var deadline: Duration
    let logger: Logger

    public init(pool: BrokerPool, attemptTimeout: Duration = .seconds(2), deadline: Duration = .seconds(10), logger: Logger) {
        self.pool = pool
        self.attemptTimeout = attemptTimeout
        self.deadline = deadline
        self.logger = logger
    }

    /// Publishes `event`; `messageID` (default: the event id) is the de-duplication key.
    public func publish(_ event: Event, messageID: String? = nil) async throws -> PublishAck {
        let broker = try pool.broker(forOrg: event.orgID)
        let message = OutgoingMessage(
            subject: Subjects.event(org: event.orgID, project: event.projectID, topic: event.topic),
            payload: event.envelope.serialized(), messageID: messageID ?? event.id)
        return try await broker.jetStream.publish(message, attemptTimeout: attemptTimeout, retryingFor: deadline) { error in
            logger.debug("publish retry", metadata: ["event_id": "\(event.id)", "error": "\(error)"])
        }
    }
}
