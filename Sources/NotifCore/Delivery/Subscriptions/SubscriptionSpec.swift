/// What a subscriber asked for (api-spec §7.2), independent of the transport: topic patterns, where
/// to start, the ack mode, the consumer group and the retry policy.
public struct SubscriptionSpec: Sendable, Equatable {
    /// Where a new consumer starts reading.
    public enum Start: Sendable, Equatable {
        /// Only events published after the subscription started.
        case latest
        /// Everything the stream still retains.
        case beginning
        /// Events published at or after this time.
        case time(Timestamp)

        /// `latest`, `beginning` or an RFC 3339 time; anything else (including empty) means latest.
        public init(option: String?) {
            switch option {
            case "beginning": self = .beginning
            case let text? where Timestamp(rfc3339: text) != nil: self = .time(Timestamp(rfc3339: text)!)
            default: self = .latest
            }
        }
    }

    /// Why a spec was refused, with the protocol error code to answer.
    public struct Invalid: Error, Sendable, Equatable {
        public var code: String
        public var message: String
    }

    public static let defaultMaxRetries = 5
    public static let defaultAckTimeout: Duration = .seconds(300)

    /// The topics exactly as requested (echoed in `subscribed`, hashed into group consumer names).
    public let topics: [String]
    public let patterns: [TopicPattern]
    public let autoAck: Bool
    public let start: Start
    public let group: String?
    /// Deliveries a client may nack or let time out before the event goes to the DLQ.
    public let maxRetries: Int
    public let ackTimeout: Duration

    public init(topics: [String], autoAck: Bool = true, start: Start = .latest, group: String? = nil,
                maxRetries: Int = SubscriptionSpec.defaultMaxRetries,
                ackTimeout: Duration = SubscriptionSpec.defaultAckTimeout) throws(Invalid) {
        guard !topics.isEmpty else { throw Invalid(code: "INVALID_TOPICS", message: "at least one topic required") }
        guard topics.count <= 100 else { throw Invalid(code: "INVALID_TOPICS", message: "at most 100 topics per subscription") }
        var patterns: [TopicPattern] = []
        for topic in topics {
            guard let pattern = TopicPattern(subscriptionTopic: topic) else {
                throw Invalid(code: "INVALID_TOPICS", message: "invalid topic pattern: \(topic)")
            }
            patterns.append(pattern)
        }
        if let group {
            guard Self.isValidGroupName(group) else {
                throw Invalid(code: "CONSUMER_ERROR", message: "invalid group name (1-64 of A-Z a-z 0-9 _ -)")
            }
        }
        guard ackTimeout >= .seconds(1) else { throw Invalid(code: "INVALID_JSON", message: "ack_timeout must be at least 1s") }
        self.topics = topics
        self.patterns = patterns
        self.autoAck = autoAck
        self.start = start
        self.group = group
        self.maxRetries = max(1, maxRetries)
        self.ackTimeout = ackTimeout
    }

    static func isValidGroupName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64 && name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
        }
    }

    /// The durable consumer shared by a group: `<group>-<first 8 hex of sha256(sorted topics joined by ",")>`,
    /// so members with the same group and topic set share it. Nil without a group.
    public var groupConsumerName: String? {
        group.map { "\($0)-\(Digest.sha256Hex(topics.sorted().joined(separator: ",")).prefix(8))" }
    }

    /// Whether an event on `topic` belongs to this subscription (any pattern matches).
    public func matches(topic: String) -> Bool {
        patterns.contains { $0.matches(topic) }
    }

    /// The single filter subject for the consumer and whether events must also be matched here.
    /// One consumer filter works on every nats-server version and never trips over overlapping
    /// patterns: when one pattern covers all the others it is the filter; otherwise the project's
    /// whole topic space is read and the patterns are applied in process.
    public func filterPlan(org: String, project: String) -> (filter: String, matchLocally: Bool) {
        if let widest = patterns.first(where: { candidate in patterns.allSatisfy { candidate.covers($0) } }) {
            return (Subjects.eventFilter(org: org, project: project, pattern: widest.text), false)
        }
        return (Subjects.allEvents(org: org, project: project), true)
    }
}
