/// An event the server accepted (`POST /api/v1/emit`).
public struct EmittedEvent: Sendable, Equatable {
    public var id: String
    public var topic: String
    public var createdAt: Timestamp?
    /// The topic's schema sent it to the dead-letter queue instead of publishing it.
    public var deadLettered: Bool
}

/// A scheduled event as the server reports it.
public struct ScheduledEventInfo: Sendable, Equatable {
    public var id: String
    public var topic: String
    public var scheduledFor: Timestamp?
    public var status: String?
    public var error: String?
    /// The whole object as sent by the server.
    public var json: JSONValue
}

/// One entry of the dead-letter queue.
public struct DeadLetterEntry: Sendable, Equatable {
    public var sequence: UInt64
    public var topic: String
    public var eventID: String
    public var error: String
    public var attempts: Int
    public var data: JSONValue
    public var json: JSONValue
}

/// The result of validating data against a schema's latest version.
public struct SchemaValidationResult: Sendable, Equatable {
    public var valid: Bool
    public var schema: String
    public var version: String?
    /// `{"field","message","type"}` items.
    public var errors: [JSONValue]
}

extension ScheduledEventInfo {
    init(_ json: JSONValue) throws {
        guard let id = json["id"]?.stringValue else { throw NotifClientError.invalidResponse("schedule without id") }
        self.init(id: id, topic: json["topic"]?.stringValue ?? "",
                  scheduledFor: json["scheduled_for"]?.stringValue.flatMap { Timestamp(rfc3339: $0) },
                  status: json["status"]?.stringValue, error: json["error"]?.stringValue, json: json)
    }
}

extension DeadLetterEntry {
    /// Reads either item shape: ours (flattened + nested) or the reference's nested `{seq, subject, message}`.
    init(_ json: JSONValue) throws {
        guard let sequence = json["seq"]?.int64Value.map(UInt64.init) else { throw NotifClientError.invalidResponse("DLQ entry without seq") }
        let message = json["message"] ?? .null
        self.init(sequence: sequence,
                  topic: json["topic"]?.stringValue ?? message["original_topic"]?.stringValue ?? "",
                  eventID: json["event_id"]?.stringValue ?? message["id"]?.stringValue ?? "",
                  error: json["error"]?.stringValue ?? message["last_error"]?.stringValue ?? "",
                  attempts: Int(json["attempts"]?.int64Value ?? message["attempts"]?.int64Value ?? 0),
                  data: json["data"] ?? message["data"] ?? .null, json: json)
    }
}
