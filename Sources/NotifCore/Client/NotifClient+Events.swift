import NIOHTTP1

extension NotifClient {
    /// Publishes `data` on `topic`; returns once the server has stored it. `idempotencyKey` makes a
    /// retry within 24 hours return the first answer without publishing again.
    public func emit(_ topic: String, data: JSONValue = .null, idempotencyKey: String? = nil) async throws -> EmittedEvent {
        let json = try await call(.POST, "/api/v1/emit", body: ["topic": .string(topic), "data": data],
                                  headers: idempotencyKey.map { [("Idempotency-Key", $0)] } ?? [])
        guard let id = json["id"]?.stringValue else { throw NotifClientError.invalidResponse("emit answer without id") }
        return EmittedEvent(id: id, topic: json["topic"]?.stringValue ?? topic,
                            createdAt: json["created_at"]?.stringValue.flatMap { Timestamp(rfc3339: $0) },
                            deadLettered: json["dead_lettered"]?.boolValue ?? false)
    }

    /// Schedules `data` on `topic` for `date`.
    public func schedule(_ topic: String, data: JSONValue = .null, at date: Timestamp) async throws -> ScheduledEventInfo {
        try ScheduledEventInfo(try await call(.POST, "/api/v1/schedules", body: [
            "topic": .string(topic), "data": data, "scheduled_for": .string(date.rfc3339),
        ]))
    }

    /// Schedules `data` on `topic` after `delay` (Go duration syntax on the wire, e.g. `90s`).
    public func schedule(_ topic: String, data: JSONValue = .null, in delay: Duration) async throws -> ScheduledEventInfo {
        try ScheduledEventInfo(try await call(.POST, "/api/v1/schedules", body: [
            "topic": .string(topic), "data": data, "in": .string(GoDuration.string(max(delay, .milliseconds(1)))),
        ]))
    }

    /// A page of the project's schedules (newest first) and how many match in all.
    public func schedules(status: String? = nil, limit: Int = 50, offset: Int = 0) async throws -> (schedules: [ScheduledEventInfo], total: Int) {
        let json = try await call(.GET, "/api/v1/schedules", query: [("limit", String(limit)), ("offset", String(offset)), ("status", status)])
        let items = try (json["schedules"]?.arrayValue ?? []).map(ScheduledEventInfo.init)
        return (items, Int(json["total"]?.int64Value ?? json["count"]?.int64Value ?? Int64(items.count)))
    }

    public func scheduledEvent(id: String) async throws -> ScheduledEventInfo {
        try ScheduledEventInfo(try await call(.GET, "/api/v1/schedules/\(Self.segment(id))"))
    }

    public func cancelSchedule(id: String) async throws {
        _ = try await call(.DELETE, "/api/v1/schedules/\(Self.segment(id))")
    }

    /// Fires a pending schedule now; returns the published event's id.
    public func runSchedule(id: String) async throws -> String {
        let json = try await call(.POST, "/api/v1/schedules/\(Self.segment(id))/run")
        guard let eventID = json["event_id"]?.stringValue else { throw NotifClientError.invalidResponse("run answer without event_id") }
        return eventID
    }

    /// Event history (`topic` is a NATS pattern; `from`/`to` bound the time).
    public func events(topic: String? = nil, from: Timestamp? = nil, to: Timestamp? = nil, limit: Int = 100) async throws -> [JSONValue] {
        let json = try await call(.GET, "/api/v1/events", query: [
            ("topic", topic), ("from", from?.rfc3339), ("to", to?.rfc3339), ("limit", String(limit)),
        ])
        return json["events"]?.arrayValue ?? []
    }

    /// One event by stream sequence or event id.
    public func event(_ reference: String) async throws -> JSONValue {
        try await call(.GET, "/api/v1/events/\(Self.segment(reference))")
    }

    public func eventStats() async throws -> JSONValue {
        try await call(.GET, "/api/v1/events/stats")
    }

    /// `GET /health` (no key needed).
    public func health() async throws -> JSONValue {
        try await call(.GET, "/health", authenticated: false)
    }
}
