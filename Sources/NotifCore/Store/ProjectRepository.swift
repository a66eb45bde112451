import Logging
import PostgresNIO

/// Projects, always addressed within an org.
public struct ProjectRepository: Sendable {
    let client: PostgresClient
    let logger: Logger

    public enum ProjectError: Error, Equatable {
        case duplicateSlug
    }

    static let columns = "id, org_id, name, slug, \(SQLTime.micros("created_at")), \(SQLTime.micros("updated_at"))"
    typealias Row = (String, String, String, String, Int64, Int64)

    static func project(_ row: Row) -> Project {
        Project(id: row.0, orgID: row.1, name: row.2, slug: row.3,
                createdAt: Timestamp(microsecondsSinceEpoch: row.4), updatedAt: Timestamp(microsecondsSinceEpoch: row.5))
    }

    public func create(orgID: String, name: String, slug: String, id: String = Identifiers.newProjectID()) async throws -> Project {
        do {
            let rows = try await client.query("""
                INSERT INTO projects (id, org_id, name, slug) VALUES (\(id), \(orgID), \(name), \(slug))
                RETURNING \(unescaped: Self.columns)
                """, logger: logger)
            for try await row in rows.decode(Row.self) { return Self.project(row) }
            throw PostgresError.protocol("insert returned no row")
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw ProjectError.duplicateSlug
        }
    }

    /// The org's `default` project, created when missing.
    public func ensureDefault(orgID: String) async throws -> Project {
        try await client.query("""
            INSERT INTO projects (id, org_id, name, slug) VALUES (\(Identifiers.newProjectID()), \(orgID), 'Default', 'default')
            ON CONFLICT (org_id, slug) DO NOTHING
            """, logger: logger)
        guard let project = try await find(orgID: orgID, slug: "default") else {
            throw PostgresError.protocol("default project vanished")
        }
        return project
    }

    public func find(orgID: String, id: String) async throws -> Project? {
        let rows = try await client.query("""
            SELECT \(unescaped: Self.columns) FROM projects WHERE org_id = \(orgID) AND id = \(id)
            """, logger: logger)
        for try await row in rows.decode(Row.self) { return Self.project(row) }
        return nil
    }

    public func find(orgID: String, slug: String) async throws -> Project? {
        let rows = try await client.query("""
            SELECT \(unescaped: Self.columns) FROM projects WHERE org_id = \(orgID) AND slug = \(slug)
            """, logger: logger)
        for try await row in rows.decode(Row.self) { return Self.project(row) }
        return nil
    }

    /// Oldest first.
    public func list(orgID: String) async throws -> [Project] {
        let rows = try await client.query("""
            SELECT \(unescaped: Self.columns) FROM projects WHERE org_id = \(orgID) ORDER BY created_at, id
            """, logger: logger)
        var projects: [Project] = []
        for try await row in rows.decode(Row.self) { projects.append(Self.project(row)) }
        return projects
    }

    /// Changes the given fields; nil keeps the current value. Nil result: no such project in the org.
    public func update(orgID: String, id: String, name: String?, slug: String?) async throws -> Project? {
        do {
            let rows = try await client.query("""
                UPDATE projects SET name = COALESCE(\(name), name), slug = COALESCE(\(slug), slug), updated_at = now()
                WHERE org_id = \(orgID) AND id = \(id)
                RETURNING \(unescaped: Self.columns)
                """, logger: logger)
            for try await row in rows.decode(Row.self) { return Self.project(row) }
            return nil
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw ProjectError.duplicateSlug
        }
    }

    /// Deletes the project with its keys and history index. False when it did not exist in the org.
    public func delete(orgID: String, id: String) async throws -> Bool {
        let rows = try await client.query("""
            DELETE FROM projects WHERE org_id = \(orgID) AND id = \(id) RETURNING id
            """, logger: logger)
        for try await _ in rows { return true }
        return false
    }
}
