/// Topic rules shared by emit, schedules and replays.
///
/// The reference checks only the five rules of api-spec §4.1 (kept, with their messages, in that order)
/// and lets NATS reject the rest with a 500. We also refuse what NATS would refuse, up front and with
/// a clear message: empty segments, whitespace and control characters.
public enum Topic {
    public static let maxLength = 255

    /// Nil when `topic` is acceptable, otherwise the message for the 400 response.
    public static func validationError(_ topic: String) -> String? {
        if topic.isEmpty { return "topic is required" }
        if topic.utf8.count > maxLength { return "topic too long, max 255 chars" }
        if topic.hasPrefix("$") { return "topic cannot start with $" }
        if topic.hasPrefix(".") || topic.hasSuffix(".") { return "topic cannot start or end with ." }
        if topic.contains("*") || topic.contains(">") { return "topic cannot contain wildcard characters (> or *)" }
        if topic.contains("..") { return "topic cannot contain empty segments (..)" }
        if topic.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) {
            return "topic cannot contain whitespace or control characters"
        }
        return nil
    }
}

/// A NATS-style topic pattern: segments separated by `.`, `*` matches exactly one segment and `>`
/// (last segment only) matches one or more. One matcher for subscriptions, history and webhooks.
public struct TopicPattern: Sendable, Hashable, CustomStringConvertible {
    public let text: String
    private let segments: [Substring]

    /// Nil when the pattern is malformed (empty segments, `>` not last, wildcards inside a segment,
    /// whitespace or control characters).
    public init?(_ text: String) {
        guard !text.isEmpty, text.utf8.count <= Topic.maxLength, !text.hasPrefix("$") else { return nil }
        let segments = text.split(separator: ".", omittingEmptySubsequences: false)
        for (index, segment) in segments.enumerated() {
            if segment.isEmpty { return nil }
            if segment == ">" { guard index == segments.count - 1 else { return nil }; continue }
            if segment == "*" { continue }
            if segment.contains("*") || segment.contains(">") { return nil }
            if segment.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) {
                return nil
            }
        }
        self.text = text
        self.segments = segments
    }

    public var description: String { text }
    public var hasWildcards: Bool { segments.contains { $0 == "*" || $0 == ">" } }

    /// NATS matching semantics (`orders.>` does not match `orders`).
    public func matches(_ topic: String) -> Bool {
        let topicSegments = topic.split(separator: ".", omittingEmptySubsequences: false)
        for (index, segment) in segments.enumerated() {
            if segment == ">" { return topicSegments.count > index }
            guard index < topicSegments.count else { return false }
            if segment != "*" && segment != topicSegments[index] { return false }
        }
        return topicSegments.count == segments.count
    }

    /// A POSIX regular expression (for Postgres `~`) that matches exactly the topics this pattern matches.
    public var postgresRegex: String {
        let parts = segments.map { segment -> String in
            switch segment {
            case "*": return "[^.]+"
            case ">": return ".+"
            default: return Self.escapeRegex(segment)
            }
        }
        return "^" + parts.joined(separator: "\\.") + "$"
    }

    private static func escapeRegex(_ text: Substring) -> String {
        var escaped = ""
        for character in text {
            if "\\^$.|?*+()[]{}".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
