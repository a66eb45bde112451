/// An invalid display config, naming the topic pattern it is for and the offending key
/// (`display config for "orders.*": conditions[0].when: jq: error: …`).
public struct DisplayConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The topic pattern the config is keyed by; nil for the structure of `.notif.json` itself.
    public var pattern: String?
    /// Where in the config: `template`, `fields[1].width`, `x-notif-display.conditions[0].color`.
    public var key: String
    public var message: String

    public init(pattern: String?, key: String, message: String) {
        self.pattern = pattern
        self.key = key
        self.message = message
    }

    public var description: String {
        let subject = pattern.map { "display config for \(JSONValue.string($0).jsonString)" } ?? ".notif.json"
        return key.isEmpty ? "\(subject): \(message)" : "\(subject): \(key): \(message)"
    }
}
