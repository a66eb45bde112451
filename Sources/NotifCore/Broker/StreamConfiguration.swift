/// A JetStream stream definition (the subset notif uses), encoded as the server's JSON API expects.
/// Works with nats-server 2.9 and later.
public struct StreamConfiguration: Sendable, Equatable {
    public enum Storage: String, Sendable, Codable { case file, memory }
    public enum Retention: String, Sendable, Codable { case limits, interest, workqueue }
    public enum Discard: String, Sendable, Codable { case old, new }

    public var name: String
    public var description: String?
    public var subjects: [String]
    public var storage: Storage = .file
    public var retention: Retention = .limits
    public var discard: Discard = .old
    public var maxAge: Duration?
    public var maxBytes: Int64?
    public var maxMessages: Int64?
    public var maxMessageSize: Int32?
    public var duplicateWindow: Duration?
    public var replicas: Int = 1
    /// Allows direct gets (`$JS.API.DIRECT.GET`) that skip the stream leader's API queue.
    public var allowDirect: Bool = true

    public init(name: String, description: String? = nil, subjects: [String], storage: Storage = .file,
                retention: Retention = .limits, discard: Discard = .old, maxAge: Duration? = nil,
                maxBytes: Int64? = nil, maxMessages: Int64? = nil, maxMessageSize: Int32? = nil,
                duplicateWindow: Duration? = nil, replicas: Int = 1, allowDirect: Bool = true) {
        self.name = name
        self.description = description
        self.subjects = subjects
        self.storage = storage
        self.retention = retention
        self.discard = discard
        self.maxAge = maxAge
        self.maxBytes = maxBytes
        self.maxMessages = maxMessages
        self.maxMessageSize = maxMessageSize
        self.duplicateWindow = duplicateWindow
        self.replicas = replicas
        self.allowDirect = allowDirect
    }
}

extension StreamConfiguration: Codable {
    enum CodingKeys: String, CodingKey {
        case name, description, subjects, storage, retention, discard
        case maxAge = "max_age", maxBytes = "max_bytes", maxMessages = "max_msgs", maxMessageSize = "max_msg_size"
        case duplicateWindow = "duplicate_window", replicas = "num_replicas", allowDirect = "allow_direct"
        case maxConsumers = "max_consumers"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(description, forKey: .description)
        try container.encode(subjects, forKey: .subjects)
        try container.encode(storage, forKey: .storage)
        try container.encode(retention, forKey: .retention)
        try container.encode(discard, forKey: .discard)
        try container.encode(maxAge?.nanoseconds ?? 0, forKey: .maxAge)
        try container.encode(maxBytes ?? -1, forKey: .maxBytes)
        try container.encode(maxMessages ?? -1, forKey: .maxMessages)
        try container.encode(maxMessageSize ?? -1, forKey: .maxMessageSize)
        try container.encode(-1, forKey: .maxConsumers)
        if let duplicateWindow { try container.encode(duplicateWindow.nanoseconds, forKey: .duplicateWindow) }
        try container.encode(replicas, forKey: .replicas)
        try container.encode(allowDirect, forKey: .allowDirect)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        subjects = try container.decodeIfPresent([String].self, forKey: .subjects) ?? []
        storage = try container.decodeIfPresent(Storage.self, forKey: .storage) ?? .file
        retention = try container.decodeIfPresent(Retention.self, forKey: .retention) ?? .limits
        discard = try container.decodeIfPresent(Discard.self, forKey: .discard) ?? .old
        let age = try container.decodeIfPresent(Int64.self, forKey: .maxAge) ?? 0
        maxAge = age > 0 ? .nanoseconds(age) : nil
        let bytes = try container.decodeIfPresent(Int64.self, forKey: .maxBytes) ?? -1
        maxBytes = bytes >= 0 ? bytes : nil
        let messages = try container.decodeIfPresent(Int64.self, forKey: .maxMessages) ?? -1
        maxMessages = messages >= 0 ? messages : nil
        let size = try container.decodeIfPresent(Int32.self, forKey: .maxMessageSize) ?? -1
        maxMessageSize = size >= 0 ? size : nil
        let window = try container.decodeIfPresent(Int64.self, forKey: .duplicateWindow) ?? 0
        duplicateWindow = window > 0 ? .nanoseconds(window) : nil
        replicas = try container.decodeIfPresent(Int.self, forKey: .replicas) ?? 1
        allowDirect = try container.decodeIfPresent(Bool.self, forKey: .allowDirect) ?? false
    }
}

/// What the server reports about a stream.
public struct StreamInfo: Sendable, Decodable {
    public struct State: Sendable, Decodable {
        public var messages: UInt64
        public var bytes: UInt64
        public var firstSequence: UInt64
        public var lastSequence: UInt64
        public var consumerCount: Int

        enum CodingKeys: String, CodingKey {
            case messages, bytes, firstSequence = "first_seq", lastSequence = "last_seq", consumerCount = "consumer_count"
        }
    }

    public var config: StreamConfiguration
    public var state: State
}
