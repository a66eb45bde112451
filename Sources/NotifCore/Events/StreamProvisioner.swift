import Logging

/// Retention of the streams notif creates (api-spec §0.8 defaults: events 24 h / 1 GiB, DLQ 7 days).
public struct StreamLimits: Sendable, Equatable {
    public var eventsMaxAge: Duration
    public var eventsMaxBytes: Int64
    public var deadLettersMaxAge: Duration
    /// nil: bounded by age only (single-account mode); an account with a storage limit needs a size.
    public var deadLettersMaxBytes: Int64?
    /// How long JetStream remembers `Nats-Msg-Id`s to drop duplicate publishes.
    public var duplicateWindow: Duration

    public init(eventsMaxAge: Duration = .seconds(24 * 3600), eventsMaxBytes: Int64 = 1 << 30,
                deadLettersMaxAge: Duration = .seconds(7 * 24 * 3600), deadLettersMaxBytes: Int64? = nil,
                duplicateWindow: Duration = .seconds(120)) {
        self.eventsMaxAge = eventsMaxAge
        self.eventsMaxBytes = eventsMaxBytes
        self.deadLettersMaxAge = deadLettersMaxAge
        self.deadLettersMaxBytes = deadLettersMaxBytes
        self.duplicateWindow = duplicateWindow
    }
}

/// Creates or updates the streams an org's data lives in.
public enum StreamProvisioner {
    public static func ensureStreams(_ jetStream: JetStream, names: StreamNames, limits: StreamLimits = StreamLimits(),
                                     logger: Logger) async throws {
        try await jetStream.createOrUpdateStream(StreamConfiguration(
            name: names.events, description: "notif events", subjects: ["events.>"], storage: .file,
            retention: .limits, discard: .old, maxAge: limits.eventsMaxAge, maxBytes: limits.eventsMaxBytes,
            duplicateWindow: limits.duplicateWindow))
        try await jetStream.createOrUpdateStream(StreamConfiguration(
            name: names.deadLetters, description: "notif dead letter queue", subjects: ["dlq.>"], storage: .file,
            retention: .limits, discard: .old, maxAge: limits.deadLettersMaxAge,
            maxBytes: limits.deadLettersMaxBytes, duplicateWindow: limits.duplicateWindow))
        logger.debug("streams ready", metadata: ["events": "\(names.events)", "dlq": "\(names.deadLetters)"])
    }
}
