import NotifCore

/// The wire shapes of schemas and versions (api-spec §5.10).
enum SchemaJSON {
    static func schema(_ schema: Schema, latest: SchemaVersion?) -> JSONValue {
        .object([
            "id": .string(schema.id),
            "org_id": .string(schema.orgID),
            "project_id": .string(schema.projectID),
            "name": .string(schema.name),
            "topic_pattern": .string(schema.topicPattern),
            "description": schema.description.isEmpty ? nil : .string(schema.description),
            "tags": schema.tags.isEmpty ? nil : .array(schema.tags.map { .string($0) }),
            "created_at": .string(schema.createdAt.rfc3339),
            "updated_at": .string(schema.updatedAt.rfc3339),
            "latest_version": latest.map(version),
        ])
    }

    static func version(_ version: SchemaVersion) -> JSONValue {
        .object([
            "id": .string(version.id),
            "schema_id": .string(version.schemaID),
            "version": .string(version.version),
            "schema": version.document,
            "validation_mode": .string(version.validationMode.rawValue),
            "on_invalid": .string(version.onInvalid.rawValue),
            "compatibility": .string(version.compatibility.rawValue),
            "examples": version.examples,
            "fingerprint": .string(version.fingerprint),
            "is_latest": .bool(version.isLatest),
            "created_at": .string(version.createdAt.rfc3339),
            "created_by": version.createdBy.map { .string($0) },
        ])
    }

    /// `409` for a version that breaks its compatibility setting, with every problem found.
    static func incompatible(_ mode: SchemaCompatibility, previous: SchemaVersion, _ problems: [String]) -> APIError {
        APIError(.conflict, "schema version is not \(mode.rawValue) compatible with version \(previous.version)", extra: [
            JSONMember(key: "compatibility", value: .string(mode.rawValue)),
            JSONMember(key: "previous_version", value: .string(previous.version)),
            JSONMember(key: "problems", value: .array(problems.map { .string($0) })),
        ])
    }
}
