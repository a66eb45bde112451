/// One forward-only schema change, compiled into the binary from `migrations/NNN_name.sql`.
public struct Migration: Sendable, Hashable {
    /// The number at the start of the file name; migrations apply in ascending order.
    public let version: Int
    /// The rest of the file name, for logs and the `schema_migrations` table.
    public let name: String
    /// The SQL, run in one transaction.
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}
