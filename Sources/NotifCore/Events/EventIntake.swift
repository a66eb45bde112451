import Logging

/// The one way an event enters notif — emit, a schedule firing, a DLQ replay: the schema registry
/// decides whether it is published, refused or dead-lettered, then the publisher stores it.
public struct EventIntake: Sendable {
    /// What happened to an event that was not refused.
    public enum Outcome: Sendable {
        /// In the events stream (`warning`: it failed its schema under `warn` or `on_invalid: log`).
        case published(PublishAck, warning: SchemaViolationReport?)
        /// Failed its schema under `on_invalid: dlq`: stored in the dead-letter queue instead.
        case deadLettered(SchemaViolationReport)
    }

    /// The event failed its schema under `strict` + `on_invalid: reject`; nothing was stored.
    public struct Rejection: Error, Sendable {
        public var report: SchemaViolationReport
    }

    public let publisher: EventPublisher
    public let schemas: SchemaRegistry
    public let deadLetters: DeadLetterQueue
    let logger: Logger

    public init(publisher: EventPublisher, schemas: SchemaRegistry, deadLetters: DeadLetterQueue, logger: Logger) {
        self.publisher = publisher
        self.schemas = schemas
        self.deadLetters = deadLetters
        self.logger = logger
    }

    /// The standard assembly over one broker pool and database.
    public init(pool: BrokerPool, database: Database, schemaCacheTTL: Duration = .seconds(5), logger: Logger) {
        self.init(publisher: EventPublisher(pool: pool, logger: logger),
                  schemas: SchemaRegistry(repository: database.schemas, cacheTTL: schemaCacheTTL, logger: logger),
                  deadLetters: DeadLetterQueue(pool: pool, logger: logger), logger: logger)
    }

    /// Checks and stores `event`. Throws `Rejection`, `SchemaRegistryUnavailable`, or the publish error.
    /// `messageID` (default: the event id) de-duplicates retries, also of a dead-lettering.
    public func submit(_ event: Event, messageID: String? = nil) async throws -> Outcome {
        switch try await schemas.verdict(for: event) {
        case .accepted:
            return .published(try await publisher.publish(event, messageID: messageID), warning: nil)
        case .acceptedWithWarning(let report):
            logger.warning("event does not match its schema; published anyway", metadata: metadata(event, report))
            return .published(try await publisher.publish(event, messageID: messageID), warning: report)
        case .rejected(let report):
            logger.info("event refused by its schema", metadata: metadata(event, report))
            throw Rejection(report: report)
        case .deadLetter(let report):
            logger.warning("event does not match its schema; dead-lettered", metadata: metadata(event, report))
            let letter = DeadLetter(event: event, attempts: 0, lastError: "schema validation failed: \(report.summary)",
                                    consumerGroup: "schema:\(report.schemaName)")
            try await deadLetters.publish(letter, deduplicationID: "schema:" + (messageID ?? event.id))
            return .deadLettered(report)
        }
    }

    /// Publishes a DLQ entry's event again (same id, data and time, attempt 1), then removes the
    /// entry. The event is checked against its topic's schema as it is now: an event the schema
    /// would refuse or dead-letter again is not replayed (`Rejection`) and its entry stays.
    public func replay(_ stored: StoredDeadLetter) async throws {
        let event = stored.letter.originalEvent
        switch try await schemas.verdict(for: event) {
        case .rejected(let report), .deadLetter(let report):
            throw Rejection(report: report)
        case .accepted, .acceptedWithWarning:
            // A fresh de-duplication id: retries of this publish collapse, but the original event id
            // (possibly still inside the stream's duplicate window) must not swallow the replay.
            let replayID = "replay-\(stored.sequence)-\(RandomToken.alphanumeric(12))"
            _ = try await publisher.publish(event, messageID: replayID)
            _ = try await deadLetters.delete(stored)
        }
    }

    /// Replays the project's entry at `sequence`; false when there is none.
    public func replay(org: String, project: String, sequence: UInt64) async throws -> Bool {
        guard let stored = try await deadLetters.get(org: org, project: project, sequence: sequence) else { return false }
        try await replay(stored)
        return true
    }

    private func metadata(_ event: Event, _ report: SchemaViolationReport) -> Logger.Metadata {
        ["event_id": "\(event.id)", "topic": "\(event.topic)", "project_id": "\(event.projectID)",
         "schema": "\(report.schemaName)", "version": "\(report.version)", "violations": "\(report.violations.count)"]
    }
}
