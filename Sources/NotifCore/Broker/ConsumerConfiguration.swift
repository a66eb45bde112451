/// A JetStream pull consumer definition, encoded for nats-server 2.9 and later.
///
/// More than one filter subject needs nats-server 2.10; `JetStream.createConsumer` detects an older
/// server (which silently ignores `filter_subjects`) and fails with `BrokerError.unsupported`.
public struct ConsumerConfiguration: Sendable, Equatable {
    public enum DeliverPolicy: Sendable, Equatable {
        case all
        case new
        case last
        case lastPerSubject
        case byStartSequence(UInt64)
        case byStartTime(Timestamp)
    }

    public enum AckPolicy: String, Sendable, Codable { case explicit, none, all }

    /// A durable consumer survives restarts and inactivity; nil makes an ephemeral one.
    public var durableName: String?
    /// The name of an ephemeral consumer (nats-server 2.9 named ephemerals); generated when nil.
    public var name: String?
    public var description: String?
    public var filterSubjects: [String]
    public var deliverPolicy: DeliverPolicy
    public var ackPolicy: AckPolicy
    public var ackWait: Duration
    /// Deliveries per message before JetStream gives up on it; nil means unlimited.
    public var maxDeliver: Int?
    public var maxAckPending: Int
    public var maxWaiting: Int
    /// An ephemeral consumer is deleted by the server after this long without pull requests.
    public var inactiveThreshold: Duration?
    public var backoff: [Duration]

    public init(durableName: String? = nil, name: String? = nil, description: String? = nil,
                filterSubjects: [String] = [], deliverPolicy: DeliverPolicy = .all, ackPolicy: AckPolicy = .explicit,
                ackWait: Duration = .seconds(30), maxDeliver: Int? = nil, maxAckPending: Int = 1000,
                maxWaiting: Int = 512, inactiveThreshold: Duration? = nil, backoff: [Duration] = []) {
        self.durableName = durableName
        self.name = name
        self.description = description
        self.filterSubjects = filterSubjects
        self.deliverPolicy = deliverPolicy
        self.ackPolicy = ackPolicy
        self.ackWait = ackWait
        self.maxDeliver = maxDeliver
        self.maxAckPending = maxAckPending
        self.maxWaiting = maxWaiting
        self.inactiveThreshold = inactiveThreshold
        self.backoff = backoff
    }
}

extension ConsumerConfiguration: Encodable {
    enum CodingKeys: String, CodingKey {
        case durableName = "durable_name", name, description
        case filterSubject = "filter_subject", filterSubjects = "filter_subjects"
        case deliverPolicy = "deliver_policy", optStartSequence = "opt_start_seq", optStartTime = "opt_start_time"
        case ackPolicy = "ack_policy", ackWait = "ack_wait", maxDeliver = "max_deliver"
        case maxAckPending = "max_ack_pending", maxWaiting = "max_waiting"
        case inactiveThreshold = "inactive_threshold", backoff, replayPolicy = "replay_policy"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(durableName, forKey: .durableName)
        try container.encodeIfPresent(durableName ?? name, forKey: .name)
        try container.encodeIfPresent(description, forKey: .description)
        if filterSubjects.count == 1 {
            try container.encode(filterSubjects[0], forKey: .filterSubject)
        } else if filterSubjects.count > 1 {
            try container.encode(filterSubjects, forKey: .filterSubjects)
        }
        switch deliverPolicy {
        case .all: try container.encode("all", forKey: .deliverPolicy)
        case .new: try container.encode("new", forKey: .deliverPolicy)
        case .last: try container.encode("last", forKey: .deliverPolicy)
        case .lastPerSubject: try container.encode("last_per_subject", forKey: .deliverPolicy)
        case .byStartSequence(let sequence):
            try container.encode("by_start_sequence", forKey: .deliverPolicy)
            try container.encode(sequence, forKey: .optStartSequence)
        case .byStartTime(let time):
            try container.encode("by_start_time", forKey: .deliverPolicy)
            try container.encode(time.rfc3339, forKey: .optStartTime)
        }
        try container.encode(ackPolicy, forKey: .ackPolicy)
        try container.encode(ackWait.nanoseconds, forKey: .ackWait)
        try container.encode(maxDeliver ?? -1, forKey: .maxDeliver)
        try container.encode(maxAckPending, forKey: .maxAckPending)
        try container.encode(maxWaiting, forKey: .maxWaiting)
        if let inactiveThreshold { try container.encode(inactiveThreshold.nanoseconds, forKey: .inactiveThreshold) }
        if !backoff.isEmpty { try container.encode(backoff.map(\.nanoseconds), forKey: .backoff) }
        try container.encode("instant", forKey: .replayPolicy)
    }
}

/// What the server reports about a consumer.
public struct ConsumerInfo: Sendable, Decodable {
    public struct SequenceInfo: Sendable, Decodable {
        public var consumerSequence: UInt64
        public var streamSequence: UInt64
        enum CodingKeys: String, CodingKey { case consumerSequence = "consumer_seq", streamSequence = "stream_seq" }
    }

    public struct EchoedConfig: Sendable, Decodable {
        public var filterSubject: String?
        public var filterSubjects: [String]?
        enum CodingKeys: String, CodingKey { case filterSubject = "filter_subject", filterSubjects = "filter_subjects" }
    }

    public var streamName: String
    public var name: String
    public var config: EchoedConfig
    public var delivered: SequenceInfo
    public var ackFloor: SequenceInfo
    public var pendingAcks: Int
    public var redelivered: Int
    public var waiting: Int
    public var pending: UInt64

    enum CodingKeys: String, CodingKey {
        case streamName = "stream_name", name, config, delivered, ackFloor = "ack_floor"
        case pendingAcks = "num_ack_pending", redelivered = "num_redelivered", waiting = "num_waiting", pending = "num_pending"
    }
}
