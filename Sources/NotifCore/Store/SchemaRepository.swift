import Logging
import PostgresNIO

/// Schemas and their versions, every query scoped by org and project.
public struct SchemaRepository: Sendable {
    /// A version to add; ids, fingerprint and time are filled in by `addVersion`.
    public struct NewVersion: Sendable {
        public var version: String
        public var document: JSONValue
        public var validationMode: SchemaValidationMode
        public var onInvalid: SchemaInvalidAction
        public var compatibility: SchemaCompatibility
        public var examples: JSONValue?
        /// Who created it (`api:{key id}`).
        public var createdBy: String?

        public init(version: String, document: JSONValue, validationMode: SchemaValidationMode = .strict,
                    onInvalid: SchemaInvalidAction = .reject, compatibility: SchemaCompatibility = .backward,
                    examples: JSONValue? = nil, createdBy: String? = nil) {
            self.version = version
            self.document = document
            self.validationMode = validationMode
            self.onInvalid = onInvalid
            self.compatibility = compatibility
            self.examples = examples
            self.createdBy = createdBy
        }
    }

    /// `addVersion` refused: the schema already has a version with that string.
    public struct DuplicateVersion: Error, Sendable {}

    let client: PostgresClient
    let logger: Logger

    static let schemaColumns = """
        id, org_id, project_id, name, topic_pattern, description, tags, \
        \(SQLTime.micros("created_at")), \(SQLTime.micros("updated_at"))
        """
    typealias SchemaRow = (String, String, String, String, String, String, [String], Int64, Int64)

    static let versionColumns = """
        id, schema_id, version, schema_json::TEXT, validation_mode, on_invalid, compatibility, examples::TEXT, \
        fingerprint, is_latest, \(SQLTime.micros("created_at")), created_by
        """
    typealias VersionRow = (String, String, String, String, String, String, String, String?, String, Bool, Int64, String?)

    static func schema(_ row: SchemaRow) -> Schema {
        Schema(id: row.0, orgID: row.1, projectID: row.2, name: row.3, topicPattern: row.4, description: row.5, tags: row.6,
               createdAt: Timestamp(microsecondsSinceEpoch: row.7), updatedAt: Timestamp(microsecondsSinceEpoch: row.8))
    }

    static func version(_ row: VersionRow) -> SchemaVersion {
        SchemaVersion(id: row.0, schemaID: row.1, version: row.2, document: (try? JSONValue.parse(Array(row.3.utf8))) ?? .null,
                      validationMode: SchemaValidationMode(rawValue: row.4) ?? .strict,
                      onInvalid: SchemaInvalidAction(rawValue: row.5) ?? .reject,
                      compatibility: SchemaCompatibility(rawValue: row.6) ?? .backward,
                      examples: row.7.flatMap { try? JSONValue.parse(Array($0.utf8)) }, fingerprint: row.8,
                      isLatest: row.9, createdAt: Timestamp(microsecondsSinceEpoch: row.10), createdBy: row.11)
    }

    private func schemas(_ query: PostgresQuery) async throws -> [Schema] {
        var result: [Schema] = []
        for try await row in try await client.query(query, logger: logger).decode(SchemaRow.self) { result.append(Self.schema(row)) }
        return result
    }

    private func versions(_ query: PostgresQuery, on connection: PostgresConnection? = nil) async throws -> [SchemaVersion] {
        let rows = if let connection { try await connection.query(query, logger: logger) } else { try await client.query(query, logger: logger) }
        var result: [SchemaVersion] = []
        for try await row in rows.decode(VersionRow.self) { result.append(Self.version(row)) }
        return result
    }

    /// Nil when the project already has a schema of that name.
    public func create(orgID: String, projectID: String, name: String, topicPattern: String, description: String,
                       tags: [String]) async throws -> Schema? {
        try await schemas("""
            INSERT INTO schemas (id, org_id, project_id, name, topic_pattern, description, tags)
            VALUES (\(Schema.newID()), \(orgID), \(projectID), \(name), \(topicPattern), \(description), \(tags))
            ON CONFLICT (project_id, name) DO NOTHING
            RETURNING \(unescaped: Self.schemaColumns)
            """).first
    }

    /// The project's schemas by name, each with its latest version (if it has one).
    public func list(orgID: String, projectID: String) async throws -> [(Schema, SchemaVersion?)] {
        let found = try await schemas("""
            SELECT \(unescaped: Self.schemaColumns) FROM schemas
            WHERE org_id = \(orgID) AND project_id = \(projectID) ORDER BY name
            """)
        let latest = try await versions("""
            SELECT \(unescaped: Self.versionColumns) FROM schema_versions
            WHERE is_latest AND schema_id IN (SELECT id FROM schemas WHERE org_id = \(orgID) AND project_id = \(projectID))
            """)
        let bySchema = Dictionary(latest.map { ($0.schemaID, $0) }, uniquingKeysWith: { first, _ in first })
        return found.map { ($0, bySchema[$0.id]) }
    }

    public func find(orgID: String, projectID: String, name: String) async throws -> (Schema, SchemaVersion?)? {
        guard let schema = try await schemas("""
            SELECT \(unescaped: Self.schemaColumns) FROM schemas
            WHERE org_id = \(orgID) AND project_id = \(projectID) AND name = \(name)
            """).first else { return nil }
        let latest = try await versions("""
            SELECT \(unescaped: Self.versionColumns) FROM schema_versions WHERE schema_id = \(schema.id) AND is_latest
            """).first
        return (schema, latest)
    }

    /// Partial update: nil keeps a value. Nil when the schema does not exist.
    public func update(orgID: String, projectID: String, name: String, topicPattern: String?, description: String?,
                       tags: [String]?) async throws -> Schema? {
        // PostgresNIO cannot bind an optional array, so "keep the tags" travels as a flag.
        let keepTags = tags == nil
        let newTags = tags ?? []
        return try await schemas("""
            UPDATE schemas SET
                topic_pattern = COALESCE(\(topicPattern), topic_pattern),
                description = COALESCE(\(description), description),
                tags = CASE WHEN \(keepTags) THEN tags ELSE \(newTags) END,
                updated_at = now()
            WHERE org_id = \(orgID) AND project_id = \(projectID) AND name = \(name)
            RETURNING \(unescaped: Self.schemaColumns)
            """).first
    }

    /// Deletes the schema and (by cascade) its versions; false when it was not there.
    public func delete(orgID: String, projectID: String, name: String) async throws -> Bool {
        let rows = try await client.query("""
            DELETE FROM schemas WHERE org_id = \(orgID) AND project_id = \(projectID) AND name = \(name) RETURNING id
            """, logger: logger)
        for try await _ in rows { return true }
        return false
    }

    /// Adds a version and makes it the latest, in one transaction with the schema row locked, so
    /// concurrent additions are serialised and a failure leaves the previous latest in place.
    /// `check` runs inside the transaction with the current latest version (compatibility rules) and
    /// may throw to refuse. Throws `DuplicateVersion` when the version string exists.
    public func addVersion(to schema: Schema, _ new: NewVersion, check: (SchemaVersion?) throws -> Void) async throws -> SchemaVersion {
        let fingerprint = Digest.sha256Hex(new.document.canonicalSerialized())
        let document = String(decoding: new.document.serialized(), as: UTF8.self)
        let examples = new.examples.map { String(decoding: $0.serialized(), as: UTF8.self) }
        do {
            return try await client.withTransaction(logger: logger) { connection in
                let locked = try await connection.query("SELECT id FROM schemas WHERE id = \(schema.id) FOR UPDATE", logger: logger)
                for try await _ in locked {}
                let current = try await versions("""
                    SELECT \(unescaped: Self.versionColumns) FROM schema_versions WHERE schema_id = \(schema.id) AND is_latest
                    """, on: connection).first
                if let current, current.version == new.version { throw DuplicateVersion() }
                try check(current)
                try await connection.query("""
                    UPDATE schema_versions SET is_latest = false WHERE schema_id = \(schema.id) AND is_latest
                    """, logger: logger)
                let inserted = try await versions("""
                    INSERT INTO schema_versions (id, schema_id, version, schema_json, validation_mode, on_invalid, compatibility,
                                                 examples, fingerprint, is_latest, created_by)
                    VALUES (\(SchemaVersion.newID()), \(schema.id), \(new.version), \(document)::JSON, \(new.validationMode.rawValue),
                            \(new.onInvalid.rawValue), \(new.compatibility.rawValue), \(examples)::JSON, \(fingerprint), true, \(new.createdBy))
                    ON CONFLICT (schema_id, version) DO NOTHING
                    RETURNING \(unescaped: Self.versionColumns)
                    """, on: connection)
                guard let version = inserted.first else { throw DuplicateVersion() }
                try await connection.query("UPDATE schemas SET updated_at = now() WHERE id = \(schema.id)", logger: logger)
                return version
            }
        } catch let error as PostgresTransactionError {
            throw error.closureError ?? error
        }
    }

    /// Every version of a schema, newest first.
    public func versions(schemaID: String) async throws -> [SchemaVersion] {
        try await versions("""
            SELECT \(unescaped: Self.versionColumns) FROM schema_versions WHERE schema_id = \(schemaID)
            ORDER BY created_at DESC, id DESC
            """)
    }

    public func version(schemaID: String, version: String) async throws -> SchemaVersion? {
        try await versions("""
            SELECT \(unescaped: Self.versionColumns) FROM schema_versions WHERE schema_id = \(schemaID) AND version = \(version)
            """).first
    }
}
