import Logging
import NotifCore
import PostgresNIO

/// The `audit_log` table: appends that extend each org's hash chain, and reads for queries and
/// verification. Every read is scoped to one org.
public struct AuditRepository: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Appends `entries` (in order) to their orgs' chains in one transaction and returns how many were
    /// new: an entry whose id is already stored is skipped, so writing a batch twice stores it once.
    @discardableResult
    public func append(_ entries: [AuditEntry]) async throws -> Int {
        guard !entries.isEmpty else { return 0 }
        do {
            return try await client.withTransaction(logger: logger) { connection in
                try await append(entries, on: connection)
            }
        } catch let error as PostgresTransactionError {
            throw error.closureError ?? error
        }
    }

    private func append(_ entries: [AuditEntry], on connection: PostgresConnection) async throws -> Int {
        // Heads are created and locked in org order, so concurrent writers cannot deadlock.
        let orgs = Array(Set(entries.map(\.orgID))).sorted()
        try await connection.query("""
            INSERT INTO audit_chain_heads (org_id, last_seq, last_hash)
            SELECT org, 0, \(AuditChain.genesis) FROM unnest(\(orgs)::TEXT[]) AS org ORDER BY org
            ON CONFLICT (org_id) DO NOTHING
            """, logger: logger)
        var heads: [String: (sequence: Int64, hash: String)] = [:]
        let headRows = try await connection.query("""
            SELECT org_id, last_seq, last_hash FROM audit_chain_heads WHERE org_id = ANY(\(orgs)::TEXT[]) ORDER BY org_id FOR UPDATE
            """, logger: logger)
        for try await (org, sequence, hash) in headRows.decode((String, Int64, String).self) { heads[org] = (sequence, hash) }
        var stored = Set<String>()
        let existing = try await connection.query("""
            SELECT entry_id FROM audit_log WHERE entry_id = ANY(\(entries.map(\.id))::TEXT[])
            """, logger: logger)
        for try await id in existing.decode(String.self) { stored.insert(id) }

        var rows: [(entry: AuditEntry, sequence: Int64, previous: String, hash: String)] = []
        for entry in entries where stored.insert(entry.id).inserted {
            guard let head = heads[entry.orgID] else { continue }
            let sequence = head.sequence + 1
            let hash = AuditChain.hash(previous: head.hash, entry: entry, sequence: sequence)
            rows.append((entry, sequence, head.hash, hash))
            heads[entry.orgID] = (sequence, hash)
        }
        guard !rows.isEmpty else { return 0 }
        var binds = PostgresBindings()
        binds.append(rows.map(\.entry.id))
        binds.append(rows.map(\.entry.timestamp.microsecondsSinceEpoch))
        binds.append(rows.map(\.entry.actor))
        binds.append(rows.map(\.entry.action))
        binds.append(rows.map(\.entry.orgID))
        binds.append(rows.map { $0.entry.projectID ?? "" })
        binds.append(rows.map { $0.entry.target ?? "" })
        binds.append(rows.map { $0.entry.detail.map { String(decoding: $0.serialized(), as: UTF8.self) } ?? "" })
        binds.append(rows.map { $0.entry.ipAddress ?? "" })
        binds.append(rows.map { $0.entry.requestID ?? "" })
        binds.append(rows.map(\.sequence))
        binds.append(rows.map(\.previous))
        binds.append(rows.map(\.hash))
        // Absent optional values travel as '' (arrays of optionals are not bindable) and become NULL.
        let insert = """
            INSERT INTO audit_log (entry_id, timestamp, actor, action, org_id, project_id, target, detail, ip_address,
                                   request_id, chain_seq, prev_hash, hash)
            SELECT t.id, \(SQLTime.fromMicros("t.at")), t.actor, t.action, t.org, NULLIF(t.project, ''), NULLIF(t.target, ''),
                   NULLIF(t.detail, '')::JSONB, NULLIF(t.ip, '')::INET, NULLIF(t.request, ''), t.seq, t.prev, t.hash
            FROM unnest($1::TEXT[], $2::INT8[], $3::TEXT[], $4::TEXT[], $5::TEXT[], $6::TEXT[], $7::TEXT[], $8::TEXT[],
                        $9::TEXT[], $10::TEXT[], $11::INT8[], $12::TEXT[], $13::TEXT[])
                 AS t(id, at, actor, action, org, project, target, detail, ip, request, seq, prev, hash)
            """
        try await connection.query(PostgresQuery(unsafeSQL: insert, binds: binds), logger: logger)
        let ends = heads.filter { orgs.contains($0.key) }.sorted { $0.key < $1.key }
        try await connection.query("""
            UPDATE audit_chain_heads h SET last_seq = t.seq, last_hash = t.hash
            FROM unnest(\(ends.map(\.key))::TEXT[], \(ends.map(\.value.sequence))::INT8[], \(ends.map(\.value.hash))::TEXT[])
                 AS t(org, seq, hash)
            WHERE h.org_id = t.org
            """, logger: logger)
        return rows.count
    }

    /// Rows of `orgID`'s chain with `chain_seq` above `sequence`, in chain order.
    public func chain(orgID: String, after sequence: Int64, limit: Int) async throws -> [StoredAuditEntry] {
        let rows = try await client.query("""
            SELECT \(unescaped: StoredAuditEntry.columns) FROM audit_log
            WHERE org_id = \(orgID) AND chain_seq > \(sequence) ORDER BY chain_seq LIMIT \(Int64(limit))
            """, logger: logger)
        var result: [StoredAuditEntry] = []
        for try await row in rows { result.append(try StoredAuditEntry(row: row)) }
        return result
    }

    /// The end of `orgID`'s chain as the writers left it (nil before its first entry).
    public func head(orgID: String) async throws -> (sequence: Int64, hash: String)? {
        let rows = try await client.query("SELECT last_seq, last_hash FROM audit_chain_heads WHERE org_id = \(orgID)", logger: logger)
        for try await (sequence, hash) in rows.decode((Int64, String).self) { return (sequence, hash) }
        return nil
    }

    /// How many entries `orgID` has (tests, metrics).
    public func count(orgID: String) async throws -> Int {
        let rows = try await client.query("SELECT count(*) FROM audit_log WHERE org_id = \(orgID)", logger: logger)
        for try await count in rows.decode(Int64.self) { return Int(count) }
        return 0
    }
}
