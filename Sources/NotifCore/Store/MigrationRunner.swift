import Logging
import PostgresNIO

/// Applies the embedded migrations forward-only, under a Postgres advisory lock so several replicas
/// can boot at once. Each migration runs in one transaction together with its bookkeeping row (so no
/// `CREATE INDEX CONCURRENTLY` in migrations); the
/// checksum of every applied migration is verified, so an edited migration stops the boot.
public enum MigrationRunner {
    /// `pg_advisory_lock` key: "notif" in ASCII.
    static let lockKey: Int64 = 0x6E_6F74_6966

    public enum MigrationError: Error, CustomStringConvertible {
        case modified(version: Int, name: String)
        case failed(version: Int, name: String, reason: String)

        public var description: String {
            switch self {
            case .modified(let version, let name):
                return "migration \(version)_\(name) changed after it was applied; add a new migration instead"
            case .failed(let version, let name, let reason): return "migration \(version)_\(name) failed: \(reason)"
            }
        }
    }

    @discardableResult
    public static func migrate(_ client: PostgresClient, migrations: [Migration] = Migration.embedded,
                               logger: Logger) async throws -> [Int] {
        try await client.withConnection { connection in
            _ = try await connection.query("SELECT pg_advisory_lock(\(lockKey))", logger: logger)
            let result: Result<[Int], any Error>
            do {
                result = .success(try await applyPending(migrations, on: connection, logger: logger))
            } catch {
                result = .failure(error)
            }
            _ = try? await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
            return try result.get()
        }
    }

    private static func applyPending(_ migrations: [Migration], on connection: PostgresConnection,
                                     logger: Logger) async throws -> [Int] {
        _ = try await connection.query("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INT PRIMARY KEY,
                name       TEXT NOT NULL,
                checksum   CHAR(64) NOT NULL,
                applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
            )
            """, logger: logger)
        var applied: [Int: String] = [:]
        let rows = try await connection.query("SELECT version, checksum FROM schema_migrations", logger: logger)
        for try await (version, checksum) in rows.decode((Int32, String).self) {
            applied[Int(version)] = checksum
        }
        var newlyApplied: [Int] = []
        for migration in migrations.sorted(by: { $0.version < $1.version }) {
            let checksum = Digest.sha256Hex(migration.sql)
            if let recorded = applied[migration.version] {
                guard recorded == checksum else { throw MigrationError.modified(version: migration.version, name: migration.name) }
                continue
            }
            // All of a migration's statements and its bookkeeping row commit together, or none do.
            do {
                _ = try await connection.query("BEGIN", logger: logger)
                for statement in SQLScript.statements(migration.sql) {
                    _ = try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                _ = try await connection.query("""
                    INSERT INTO schema_migrations (version, name, checksum)
                    VALUES (\(Int32(migration.version)), \(migration.name), \(checksum))
                    """, logger: logger)
                _ = try await connection.query("COMMIT", logger: logger)
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw MigrationError.failed(version: migration.version, name: migration.name, reason: String(reflecting: error))
            }
            logger.info("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            newlyApplied.append(migration.version)
        }
        return newlyApplied
    }
}
