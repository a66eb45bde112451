/// A config's `topicPattern`, such as `orders.{action}.{id}`: segments separated by `.`, where
/// `{name}` matches one segment and names it, `*` matches one segment, a final `>` matches one or
/// more, and anything else matches itself. When a topic matches, the template sees `.topic` as the
/// object of the named parts (`{"action": "created", "id": "42"}`, empty when nothing is named);
/// otherwise `.topic` stays the topic string.
struct TopicPartsPattern: Sendable, Equatable {
    private enum Segment: Sendable, Equatable {
        case literal(String)
        case named(String)
        case any
        case rest
    }

    private let segments: [Segment]

    /// Nil when malformed: an empty segment, `>` before the end, or braces that are not a whole `{name}` segment.
    init?(_ text: String) {
        var segments: [Segment] = []
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        for (index, part) in parts.enumerated() {
            switch part {
            case "": return nil
            case "*": segments.append(.any)
            case ">":
                guard index == parts.count - 1 else { return nil }
                segments.append(.rest)
            default:
                if part.hasPrefix("{"), part.hasSuffix("}"), part.count > 2 {
                    let name = part.dropFirst().dropLast()
                    guard !name.contains("{"), !name.contains("}") else { return nil }
                    segments.append(.named(String(name)))
                } else {
                    guard !part.contains("{"), !part.contains("}") else { return nil }
                    segments.append(.literal(String(part)))
                }
            }
        }
        self.segments = segments
    }

    /// The named parts of `topic`, or nil when it does not match.
    func parts(of topic: String) -> JSONValue? {
        let topicSegments = topic.split(separator: ".", omittingEmptySubsequences: false)
        var parts: [JSONMember] = []
        for (index, segment) in segments.enumerated() {
            if segment == .rest { return topicSegments.count > index ? .object(parts) : nil }
            guard index < topicSegments.count else { return nil }
            let actual = String(topicSegments[index])
            switch segment {
            case .literal(let expected): guard actual == expected else { return nil }
            case .named(let name): parts.append(JSONMember(key: name, value: .string(actual)))
            case .any, .rest: break
            }
        }
        return topicSegments.count == segments.count ? .object(parts) : nil
    }
}
