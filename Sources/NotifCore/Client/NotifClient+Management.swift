import NIOHTTP1

extension NotifClient {
    // MARK: Webhooks

    /// Creates a webhook; the answer carries its signing `secret` (shown only here).
    public func createWebhook(url: String, topics: [String]) async throws -> JSONValue {
        try await call(.POST, "/api/v1/webhooks", body: ["url": .string(url), "topics": .array(topics.map { .string($0) })])
    }

    public func webhooks() async throws -> [JSONValue] {
        try await call(.GET, "/api/v1/webhooks")["webhooks"]?.arrayValue ?? []
    }

    public func webhook(id: String) async throws -> JSONValue {
        try await call(.GET, "/api/v1/webhooks/\(Self.segment(id))")
    }

    /// Changes the given fields only.
    public func updateWebhook(id: String, url: String? = nil, topics: [String]? = nil, enabled: Bool? = nil) async throws -> JSONValue {
        try await call(.PUT, "/api/v1/webhooks/\(Self.segment(id))", body: .object([
            "url": url.map { .string($0) },
            "topics": topics.map { .array($0.map { .string($0) }) },
            "enabled": enabled.map { .bool($0) },
        ]))
    }

    public func deleteWebhook(id: String) async throws {
        _ = try await call(.DELETE, "/api/v1/webhooks/\(Self.segment(id))")
    }

    public func webhookDeliveries(id: String) async throws -> [JSONValue] {
        try await call(.GET, "/api/v1/webhooks/\(Self.segment(id))/deliveries")["deliveries"]?.arrayValue ?? []
    }

    // MARK: Dead-letter queue

    public func deadLetters(topic: String? = nil, limit: Int = 100) async throws -> [DeadLetterEntry] {
        let json = try await call(.GET, "/api/v1/dlq", query: [("topic", topic), ("limit", String(limit))])
        return try (json["messages"]?.arrayValue ?? []).map(DeadLetterEntry.init)
    }

    public func deadLetter(sequence: UInt64) async throws -> JSONValue {
        try await call(.GET, "/api/v1/dlq/\(sequence)")
    }

    public func replayDeadLetter(sequence: UInt64) async throws {
        _ = try await call(.POST, "/api/v1/dlq/\(sequence)/replay")
    }

    public func deleteDeadLetter(sequence: UInt64) async throws {
        _ = try await call(.DELETE, "/api/v1/dlq/\(sequence)")
    }

    public func replayAllDeadLetters(topic: String? = nil) async throws -> (replayed: Int, failed: Int) {
        let json = try await call(.POST, "/api/v1/dlq/replay-all", query: [("topic", topic)])
        return (Int(json["replayed"]?.int64Value ?? 0), Int(json["failed"]?.int64Value ?? 0))
    }

    public func purgeDeadLetters(topic: String? = nil) async throws -> Int {
        Int(try await call(.DELETE, "/api/v1/dlq/purge", query: [("topic", topic)])["deleted"]?.int64Value ?? 0)
    }

    // MARK: Schemas

    public func createSchema(name: String, topicPattern: String, description: String? = nil, tags: [String]? = nil) async throws -> JSONValue {
        try await call(.POST, "/api/v1/schemas", body: .object([
            "name": .string(name), "topic_pattern": .string(topicPattern),
            "description": description.map { .string($0) }, "tags": tags.map { .array($0.map { .string($0) }) },
        ]))
    }

    public func schemas() async throws -> [JSONValue] {
        try await call(.GET, "/api/v1/schemas")["schemas"]?.arrayValue ?? []
    }

    public func schema(name: String) async throws -> JSONValue {
        try await call(.GET, "/api/v1/schemas/\(Self.segment(name))")
    }

    public func updateSchema(name: String, topicPattern: String? = nil, description: String? = nil, tags: [String]? = nil) async throws -> JSONValue {
        try await call(.PUT, "/api/v1/schemas/\(Self.segment(name))", body: .object([
            "topic_pattern": topicPattern.map { .string($0) }, "description": description.map { .string($0) },
            "tags": tags.map { .array($0.map { .string($0) }) },
        ]))
    }

    public func deleteSchema(name: String) async throws {
        _ = try await call(.DELETE, "/api/v1/schemas/\(Self.segment(name))")
    }

    /// Adds a version (it becomes the latest). Settings left nil take the server's defaults
    /// (strict, reject, backward).
    public func addSchemaVersion(name: String, version: String, schema: JSONValue, validationMode: String? = nil,
                                 onInvalid: String? = nil, compatibility: String? = nil, examples: [JSONValue]? = nil) async throws -> JSONValue {
        try await call(.POST, "/api/v1/schemas/\(Self.segment(name))/versions", body: .object([
            "version": .string(version), "schema": schema,
            "validation_mode": validationMode.map { .string($0) }, "on_invalid": onInvalid.map { .string($0) },
            "compatibility": compatibility.map { .string($0) }, "examples": examples.map { .array($0) },
        ]))
    }

    public func schemaVersions(name: String) async throws -> [JSONValue] {
        try await call(.GET, "/api/v1/schemas/\(Self.segment(name))/versions")["versions"]?.arrayValue ?? []
    }

    public func validate(_ data: JSONValue, againstSchema name: String) async throws -> SchemaValidationResult {
        let json = try await call(.POST, "/api/v1/schemas/\(Self.segment(name))/validate", body: ["data": data])
        return SchemaValidationResult(valid: json["valid"]?.boolValue ?? false, schema: json["schema"]?.stringValue ?? name,
                                      version: json["version"]?.stringValue, errors: json["errors"]?.arrayValue ?? [])
    }

    /// The schema that governs `topic`, or nil when none does.
    public func schema(forTopic topic: String) async throws -> JSONValue? {
        do {
            return try await call(.GET, "/api/v1/schemas/for-topic/\(Self.segment(topic))")
        } catch NotifClientError.notFound {
            return nil
        }
    }
}
