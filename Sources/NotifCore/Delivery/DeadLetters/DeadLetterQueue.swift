import Logging

/// The dead-letter queue of every org: publishing failed events, and the REST operations on them,
/// always scoped to one org and project (an entry of another project is "not found").
public struct DeadLetterQueue: Sendable {
    public let pool: BrokerPool
    let logger: Logger

    public init(pool: BrokerPool, logger: Logger) {
        self.pool = pool
        self.logger = logger
    }

    /// Stores `letter`; returns once the DLQ stream has acknowledged it. `deduplicationID` makes a
    /// retried dead-lettering of the same failure store one entry.
    @discardableResult
    public func publish(_ letter: DeadLetter, deduplicationID: String? = nil) async throws -> PublishAck {
        let broker = try pool.broker(forOrg: letter.orgID)
        let message = OutgoingMessage(
            subject: Subjects.deadLetter(org: letter.orgID, project: letter.projectID, topic: letter.originalTopic),
            payload: letter.json.serialized(), messageID: deduplicationID)
        return try await broker.jetStream.publish(message, attemptTimeout: .seconds(2), retryingFor: .seconds(10))
    }

    /// Entries of one project, oldest first, optionally only those whose original topic matches `topic`.
    public func list(org: String, project: String, topic: TopicPattern?, limit: Int) async throws -> [StoredDeadLetter] {
        let broker = try pool.broker(forOrg: org)
        let filter = Subjects.deadLetter(org: org, project: project, topic: topic?.text ?? ">")
        let messages = try await broker.jetStream.scan(stream: broker.streams.deadLetters, filter: filter, limit: limit)
        return messages.compactMap { message in
            guard let letter = DeadLetter(json: message.payload), letter.orgID == org, letter.projectID == project else { return nil }
            return StoredDeadLetter(sequence: message.metadata.streamSequence, subject: message.subject, letter: letter)
        }
    }

    /// One entry by stream sequence, nil when missing or owned by another org or project.
    public func get(org: String, project: String, sequence: UInt64) async throws -> StoredDeadLetter? {
        let broker = try pool.broker(forOrg: org)
        guard let message = try await broker.jetStream.message(stream: broker.streams.deadLetters, sequence: sequence),
              message.subject.hasPrefix(Subjects.deadLetter(org: org, project: project, topic: "")),
              let letter = DeadLetter(json: message.payload), letter.orgID == org, letter.projectID == project else { return nil }
        return StoredDeadLetter(sequence: sequence, subject: message.subject, letter: letter)
    }

    /// Removes one entry of the project; false when it was not there.
    public func delete(org: String, project: String, sequence: UInt64) async throws -> Bool {
        guard let stored = try await get(org: org, project: project, sequence: sequence) else { return false }
        return try await delete(stored)
    }

    /// Removes an entry already read (and so already checked to belong to the caller's project).
    public func delete(_ stored: StoredDeadLetter) async throws -> Bool {
        let broker = try pool.broker(forOrg: stored.letter.orgID)
        return try await broker.jetStream.deleteMessage(stream: broker.streams.deadLetters, sequence: stored.sequence)
    }
}
