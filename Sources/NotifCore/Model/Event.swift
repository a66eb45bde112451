/// An accepted event: the envelope stored in the events stream (api-spec §4.4).
public struct Event: Sendable, Equatable {
    public var id: String
    public var topic: String
    /// Compact JSON exactly as the client sent it (`null` when it sent none).
    public var data: [UInt8]
    public var timestamp: Timestamp
    public var orgID: String
    public var projectID: String
    public var attempt: Int

    public init(id: String, topic: String, data: [UInt8], timestamp: Timestamp, orgID: String, projectID: String, attempt: Int = 1) {
        self.id = id
        self.topic = topic
        self.data = data
        self.timestamp = timestamp
        self.orgID = orgID
        self.projectID = projectID
        self.attempt = attempt
    }

    /// The envelope as JSON: `{"id","topic","data","timestamp","org_id","project_id","attempt"}`.
    public var envelope: JSONValue {
        .object([
            "id": .string(id),
            "topic": .string(topic),
            "data": .raw(data),
            "timestamp": .string(timestamp.rfc3339),
            "org_id": orgID.isEmpty ? nil : .string(orgID),
            "project_id": projectID.isEmpty ? nil : .string(projectID),
            "attempt": attempt == 0 ? nil : .int(attempt),
        ])
    }

    /// Decodes an envelope read from the stream. Nil when it is not one of ours.
    public init?(envelope bytes: [UInt8]) {
        guard let value = try? JSONValue.parse(bytes),
              let id = value["id"]?.stringValue, let topic = value["topic"]?.stringValue,
              let timestampText = value["timestamp"]?.stringValue,
              let timestamp = Timestamp(rfc3339: timestampText) else { return nil }
        self.id = id
        self.topic = topic
        self.data = (value["data"] ?? .null).serialized()
        self.timestamp = timestamp
        self.orgID = value["org_id"]?.stringValue ?? ""
        self.projectID = value["project_id"]?.stringValue ?? ""
        self.attempt = Int(value["attempt"]?.int64Value ?? 0)
    }
}
