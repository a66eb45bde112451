/// An event that could not be delivered, as stored in the DLQ stream (`dlq.{org}.{project}.{topic}`,
/// runtime-spec §1.7): the original event plus when, after how many attempts and why it failed.
public struct DeadLetter: Sendable, Equatable {
    public var eventID: String
    public var orgID: String
    public var projectID: String
    public var originalTopic: String
    /// The event's data, compact JSON exactly as emitted.
    public var data: [UInt8]
    /// The original event time.
    public var timestamp: Timestamp
    public var failedAt: Timestamp
    public var attempts: Int
    public var lastError: String
    /// The consumer group, `webhook:{id}` for webhooks, empty for group-less subscriptions.
    public var consumerGroup: String

    public init(event: Event, attempts: Int, lastError: String, consumerGroup: String = "", failedAt: Timestamp = .now()) {
        self.eventID = event.id
        self.orgID = event.orgID
        self.projectID = event.projectID
        self.originalTopic = event.topic
        self.data = event.data
        self.timestamp = event.timestamp
        self.failedAt = failedAt
        self.attempts = attempts
        self.lastError = lastError
        self.consumerGroup = consumerGroup
    }

    /// The event to publish again on replay: same id, data and time, attempt 1.
    public var originalEvent: Event {
        Event(id: eventID, topic: originalTopic, data: data, timestamp: timestamp, orgID: orgID, projectID: projectID, attempt: 1)
    }

    public var json: JSONValue {
        .object([
            "id": .string(eventID),
            "org_id": .string(orgID),
            "project_id": .string(projectID),
            "original_topic": .string(originalTopic),
            "data": .raw(data),
            "timestamp": .string(timestamp.rfc3339),
            "failed_at": .string(failedAt.rfc3339),
            "attempts": .int(attempts),
            "last_error": lastError.isEmpty ? nil : .string(lastError),
            "consumer_group": consumerGroup.isEmpty ? nil : .string(consumerGroup),
        ])
    }

    /// Decodes a stored DLQ message; nil when it is not one.
    public init?(json bytes: [UInt8]) {
        guard let value = try? JSONValue.parse(bytes),
              let id = value["id"]?.stringValue,
              let topic = value["original_topic"]?.stringValue,
              let timestamp = value["timestamp"]?.stringValue.flatMap({ Timestamp(rfc3339: $0) }) else { return nil }
        self.eventID = id
        self.orgID = value["org_id"]?.stringValue ?? ""
        self.projectID = value["project_id"]?.stringValue ?? ""
        self.originalTopic = topic
        self.data = (value["data"] ?? .null).serialized()
        self.timestamp = timestamp
        self.failedAt = value["failed_at"]?.stringValue.flatMap { Timestamp(rfc3339: $0) } ?? timestamp
        self.attempts = Int(value["attempts"]?.int64Value ?? 0)
        self.lastError = value["last_error"]?.stringValue ?? ""
        self.consumerGroup = value["consumer_group"]?.stringValue ?? ""
    }
}

/// A DLQ entry with its position in the stream.
public struct StoredDeadLetter: Sendable {
    public var sequence: UInt64
    public var subject: String
    public var letter: DeadLetter
}
