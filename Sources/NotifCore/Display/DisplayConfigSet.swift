/// The display configs `notif subscribe` knows, keyed by NATS topic pattern, from two sources in
/// priority order: the `.notif.json` of the current directory
/// (`{"display": {"topics": {"<pattern>": {…config…}}}}`), then the `x-notif-display` object at the
/// top level of each schema's latest JSON Schema (items of the schema list:
/// `{"topic_pattern": …, "latest_version": {"schema": {…, "x-notif-display": {…}}}}`).
///
/// For a topic, the first source with a matching pattern wins; within it, the most specific
/// pattern (`TopicPattern.isMoreSpecific(than:)`), ties going to the lexicographically smaller one.
public struct DisplayConfigSet: Sendable {
    private let sources: [[DisplayConfig]]

    /// Reads both sources (either may be absent or empty); an invalid config throws
    /// `DisplayConfigError`. Schemas without a display config, or without a latest version, are skipped.
    public init(notifFile: JSONValue?, schemas: [JSONValue]) throws {
        sources = [try Self.fileConfigs(notifFile), try schemas.compactMap(Self.schemaConfig)]
    }

    /// The config for events on `topic`, nil when no pattern matches.
    public func config(for topic: String) -> DisplayConfig? {
        for source in sources {
            let best = source.filter { $0.topicPattern.matches(topic) }.reduce(nil as DisplayConfig?) { best, candidate in
                guard let best else { return candidate }
                return candidate.isPreferred(over: best) ? candidate : best
            }
            if let best { return best }
        }
        return nil
    }

    private static func fileConfigs(_ file: JSONValue?) throws -> [DisplayConfig] {
        guard let file else { return [] }
        let root = try ConfigReader(file, pattern: nil, keyPath: "")
        guard let display = root.value("display") else { return [] }
        let topics = try ConfigReader(display, pattern: nil, keyPath: "display").object("topics") ?? []
        return try topics.map { try DisplayConfig(json: $0.value, pattern: $0.key, keyPath: "") }
    }

    private static func schemaConfig(_ item: JSONValue) throws -> DisplayConfig? {
        let item = item.displayResolved
        guard case .string(let pattern)? = item["topic_pattern"],
              var schema = item["latest_version"]?["schema"] else { return nil }
        if case .string(let text) = schema { schema = (try? JSONValue.parse(text)) ?? .null }
        guard let display = schema["x-notif-display"], !display.isNull else { return nil }
        return try DisplayConfig(json: display, pattern: pattern, keyPath: "x-notif-display")
    }
}
