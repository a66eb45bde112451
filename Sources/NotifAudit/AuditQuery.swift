import NotifCore
import PostgresNIO

/// A page of one org's audit entries, newest first: `action` exact or a prefix written `webhook.*`,
/// `actor` and `target` exact, a time window, and `before` (a row id) for the next page.
public struct AuditQuery: Sendable, Equatable {
    public var orgID: String
    public var action: String?
    public var actor: String?
    public var target: String?
    public var since: Timestamp?
    public var until: Timestamp?
    public var before: Int64?
    /// Only rows after this row id (`--follow` polls with the newest id it has seen).
    public var after: Int64?
    public var limit: Int

    public init(orgID: String, action: String? = nil, actor: String? = nil, target: String? = nil, since: Timestamp? = nil,
                until: Timestamp? = nil, before: Int64? = nil, limit: Int = 50) {
        self.orgID = orgID
        self.action = action
        self.actor = actor
        self.target = target
        self.since = since
        self.until = until
        self.before = before
        self.limit = limit
    }

    /// `webhook.*` → the LIKE pattern `webhook.%` (with LIKE's own characters escaped); nil for an exact action.
    static func actionPrefix(_ action: String) -> String? {
        guard action.hasSuffix(".*") || action == "*" else { return nil }
        let prefix = action.dropLast(1)
        var escaped = ""
        for character in prefix {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped + "%"
    }
}

extension AuditRepository {
    /// The entries `query` selects, newest first (by row id), at most `query.limit`.
    public func entries(_ query: AuditQuery) async throws -> [StoredAuditEntry] {
        var binds = PostgresBindings()
        var conditions: [String] = []
        func bind(_ value: some PostgresNonThrowingEncodable & Sendable, _ condition: (String) -> String) {
            binds.append(value)
            conditions.append(condition("$\(binds.count)"))
        }
        bind(query.orgID) { "org_id = \($0)" }
        if let action = query.action {
            if let pattern = AuditQuery.actionPrefix(action) {
                bind(pattern) { "action LIKE \($0)" }
            } else {
                bind(action) { "action = \($0)" }
            }
        }
        if let actor = query.actor { bind(actor) { "actor = \($0)" } }
        if let target = query.target { bind(target) { "target = \($0)" } }
        if let since = query.since { bind(since.microsecondsSinceEpoch) { "timestamp >= \(SQLTime.fromMicros($0))" } }
        if let until = query.until { bind(until.microsecondsSinceEpoch) { "timestamp <= \(SQLTime.fromMicros($0))" } }
        if let before = query.before { bind(before) { "id < \($0)" } }
        if let after = query.after { bind(after) { "id > \($0)" } }
        binds.append(Int64(query.limit))
        let sql = """
            SELECT \(StoredAuditEntry.columns) FROM audit_log WHERE \(conditions.joined(separator: " AND "))
            ORDER BY id DESC LIMIT $\(binds.count)
            """
        let rows = try await client.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
        var result: [StoredAuditEntry] = []
        for try await row in rows { result.append(try StoredAuditEntry(row: row)) }
        return result
    }
}
