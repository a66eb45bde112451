import Foundation

/// One received event as `notif subscribe` shows it: what display configs, templates and
/// conditions can see.
public struct DisplayEvent: Sendable, Equatable {
    public var id: String
    public var topic: String
    public var timestamp: Date?
    public var data: JSONValue

    public init(id: String, topic: String, timestamp: Date?, data: JSONValue) {
        self.id = id
        self.topic = topic
        self.timestamp = timestamp
        self.data = data
    }

    /// The RFC 3339 form of `timestamp` (UTC, fraction to the microsecond, trailing zeros trimmed),
    /// or null.
    var timestampValue: JSONValue {
        timestamp.map { .string(Timestamp($0).rfc3339) } ?? .null
    }

    /// `{id, topic, timestamp, data}`: the input of condition filters (`topic` is always the string).
    var conditionInput: JSONValue { .object(members(topic: .string(topic))) }

    /// The template context: like `conditionInput`, but `topic` is `topicValue` when given (the named
    /// parts of a config's `topicPattern`), and the members of `overrides` replace or extend the top
    /// level (a condition's `set`).
    func templateContext(topic topicValue: JSONValue? = nil, overrides: [JSONMember] = []) -> JSONValue {
        var members = members(topic: topicValue ?? .string(topic))
        for override in overrides {
            if let index = members.firstIndex(where: { $0.key == override.key }) {
                members[index].value = override.value
            } else {
                members.append(override)
            }
        }
        return .object(members)
    }

    private func members(topic topicValue: JSONValue) -> [JSONMember] {
        [
            JSONMember(key: "id", value: .string(id)),
            JSONMember(key: "topic", value: topicValue),
            JSONMember(key: "timestamp", value: timestampValue),
            JSONMember(key: "data", value: data.displayResolved),
        ]
    }
}
