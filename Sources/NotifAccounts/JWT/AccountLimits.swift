import NotifCore

/// The `nats.limits` of an account JWT: connection, message and JetStream limits. -1 means no
/// limit; 0 means none allowed (a JetStream limit of 0 everywhere disables JetStream).
public struct AccountLimits: Sendable, Equatable {
    public var subscriptions: Int64 = -1
    /// `data`: the account's byte limit as the tier states it.
    public var data: Int64 = -1
    /// Largest message payload, in bytes.
    public var payload: Int64 = -1
    public var imports: Int64 = -1
    public var exports: Int64 = -1
    public var wildcardExports = true
    public var connections: Int64 = -1
    public var leafNodeConnections: Int64 = -1
    /// JetStream: bytes of memory and file storage, streams and consumers.
    public var memoryStorage: Int64 = 0
    public var diskStorage: Int64 = 0
    public var streams: Int64 = 0
    public var consumers: Int64 = 0
    /// Whether every stream must declare `max_bytes`.
    public var maxBytesRequired = false

    public init() {}

    /// No connection, no subscription, no payload, no JetStream: what a revoked account is pushed as.
    public static let revoked: AccountLimits = {
        var limits = AccountLimits()
        limits.subscriptions = 0; limits.data = 0; limits.payload = 0; limits.imports = 0; limits.exports = 0
        limits.wildcardExports = false; limits.connections = 0; limits.leafNodeConnections = 0
        return limits
    }()

    /// Whether the account may use JetStream at all.
    public var hasJetStream: Bool { memoryStorage != 0 || diskStorage != 0 }

    var json: JSONValue {
        var members = ClaimMembers()
        members.add("subs", subscriptions)
        members.add("data", data)
        members.add("payload", payload)
        members.add("imports", imports)
        members.add("exports", exports)
        members.add("wildcards", wildcardExports)
        members.add("conn", connections)
        members.add("leaf", leafNodeConnections)
        members.add("mem_storage", memoryStorage)
        members.add("disk_storage", diskStorage)
        members.add("streams", streams)
        members.add("consumer", consumers)
        members.add("max_bytes_required", maxBytesRequired)
        return .object(members.members)
    }

    init(json: JSONValue) {
        subscriptions = json.int64("subs"); data = json.int64("data"); payload = json.int64("payload")
        imports = json.int64("imports"); exports = json.int64("exports"); wildcardExports = json.bool("wildcards")
        connections = json.int64("conn"); leafNodeConnections = json.int64("leaf")
        memoryStorage = json.int64("mem_storage"); diskStorage = json.int64("disk_storage")
        streams = json.int64("streams"); consumers = json.int64("consumer")
        maxBytesRequired = json.bool("max_bytes_required")
    }
}
