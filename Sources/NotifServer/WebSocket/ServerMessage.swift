import NotifCore

/// Frames the server sends (api-spec §7.3), compact JSON in the documented key order.
enum ServerMessage {
    static func subscribed(topics: [String], consumerID: String) -> String {
        JSONValue.object([
            "type": "subscribed",
            "topics": .array(topics.map { .string($0) }),
            "consumer_id": .string(consumerID),
        ]).jsonString
    }

    static func event(_ event: Event, attempt: Int, maxAttempts: Int) -> String {
        JSONValue.object([
            "type": "event",
            "id": .string(event.id),
            "topic": .string(event.topic),
            "data": .raw(event.data),
            "timestamp": .string(event.timestamp.rfc3339),
            "attempt": .int(attempt),
            "max_attempts": .int(maxAttempts),
        ]).jsonString
    }

    static func error(code: String, message: String) -> String {
        JSONValue.object(["type": "error", "code": .string(code), "message": .string(message)]).jsonString
    }

    static let pong = #"{"type":"pong"}"#
}
