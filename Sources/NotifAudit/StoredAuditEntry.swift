import NotifCore
import PostgresNIO

/// An audit entry as stored: the entry, its row id (paging cursor), and its place in the chain.
public struct StoredAuditEntry: Sendable, Equatable {
    public var rowID: Int64
    public var entry: AuditEntry
    public var chainSequence: Int64
    public var previousHash: String
    public var hash: String

    /// The columns `init(row:)` reads, in order.
    static let columns = """
        id, entry_id, \(SQLTime.micros("timestamp")), actor, action, org_id, project_id, target, detail::text,
        host(ip_address), request_id, chain_seq, prev_hash, hash
        """

    init(row: PostgresRow) throws {
        let columns = row.makeRandomAccess()
        let detailText = try columns[8].decode(String?.self)
        entry = AuditEntry(
            actor: try columns[3].decode(String.self), action: try columns[4].decode(String.self),
            orgID: try columns[5].decode(String.self), projectID: try columns[6].decode(String?.self),
            target: try columns[7].decode(String?.self),
            detail: try detailText.map { try JSONValue.parse(Array($0.utf8)) },
            ipAddress: try columns[9].decode(String?.self), requestID: try columns[10].decode(String?.self),
            id: try columns[1].decode(String.self),
            timestamp: Timestamp(microsecondsSinceEpoch: try columns[2].decode(Int64.self)))
        rowID = try columns[0].decode(Int64.self)
        chainSequence = try columns[11].decode(Int64.self)
        previousHash = try columns[12].decode(String.self)
        hash = try columns[13].decode(String.self)
    }

    /// The JSON shape of `GET /api/v1/audit` entries.
    public var json: JSONValue {
        .object([
            "id": .int(rowID), "entry_id": .string(entry.id), "timestamp": .string(entry.timestamp.rfc3339),
            "actor": .string(entry.actor), "action": .string(entry.action),
            "org_id": entry.orgID.isEmpty ? nil : .string(entry.orgID), "project_id": entry.projectID.map { .string($0) },
            "target": entry.target.map { .string($0) }, "detail": entry.detail, "ip_address": entry.ipAddress.map { .string($0) },
            "request_id": entry.requestID.map { .string($0) }, "chain_seq": .int(chainSequence), "hash": .string(hash),
        ])
    }
}
