import NotifCore

/// An org's billing tier: it sets the org's NATS account limits and the size of its streams.
/// Names are exact and case-sensitive (`free`, `pro`, `enterprise`).
public enum BillingTier: String, Sendable, CaseIterable, Codable {
    case free
    case pro
    case enterprise

    /// The tier of a stored name; a missing or unknown one counts as `free`.
    public init(storedName: String?) {
        self = storedName.flatMap(BillingTier.init(rawValue:)) ?? .free
    }

    /// The reference's numbers (platform-spec §1.4).
    public var limits: TierLimits {
        switch self {
        case .free:
            TierLimits(maxConnections: 10, maxData: 1 << 30, maxPayload: 262_144, maxExports: 5, maxImports: 5,
                       streamMaxAge: .seconds(12 * 3600), streamMaxBytes: 256 << 20)
        case .pro:
            TierLimits(maxConnections: 100, maxData: 10 << 30, maxPayload: 1 << 20, maxExports: 50, maxImports: 50,
                       streamMaxAge: .seconds(24 * 3600), streamMaxBytes: 1 << 30)
        case .enterprise:
            TierLimits(maxConnections: 1000, maxData: -1, maxPayload: 1 << 20, maxExports: -1, maxImports: -1,
                       streamMaxAge: .seconds(168 * 3600), streamMaxBytes: 10 << 30)
        }
    }
}

/// What a tier allows. -1 means no limit.
public struct TierLimits: Sendable, Equatable {
    public var maxConnections: Int64
    public var maxData: Int64
    /// The largest event `data` an org may emit, in bytes.
    public var maxPayload: Int64
    public var maxExports: Int64
    public var maxImports: Int64
    /// How long the org's events are kept.
    public var streamMaxAge: Duration
    /// The account's JetStream file storage: every stream of the org fits inside it.
    public var streamMaxBytes: Int64

    /// Room for the event envelope (id, topic, timestamp, org and project ids) and headers around
    /// the largest `data`: the account's NATS payload limit is `maxPayload` plus this, so a maximal
    /// emit is never refused by the broker (the reference set them equal, W-A10).
    public static let envelopeAllowance: Int64 = 16 * 1024

    /// The limits of the org's NATS account JWT.
    public var accountLimits: AccountLimits {
        var limits = AccountLimits()
        limits.connections = maxConnections
        limits.data = maxData
        limits.payload = maxPayload < 0 ? -1 : maxPayload + Self.envelopeAllowance
        limits.exports = maxExports
        limits.imports = maxImports
        limits.memoryStorage = -1
        limits.diskStorage = streamMaxBytes
        limits.streams = -1
        limits.consumers = -1
        return limits
    }

    /// The org's streams, sized to fit the account's storage together (the reference created a
    /// 1 GiB events stream and two unbounded ones, which no free or pro account could hold, W-A1):
    /// events 80 %, dead letters 10 %, 10 % left for JetStream's own overhead.
    public var streamLimits: StreamLimits {
        StreamLimits(eventsMaxAge: streamMaxAge, eventsMaxBytes: streamMaxBytes / 10 * 8,
                     deadLettersMaxBytes: streamMaxBytes / 10)
    }
}
