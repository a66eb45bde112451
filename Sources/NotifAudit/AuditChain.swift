import NotifCore

/// The hash chain over an org's audit entries: each row's hash is SHA-256 of the previous row's hash
/// followed by the row's canonical content, starting from `genesis`.
public enum AuditChain {
    /// The `prev_hash` of a chain's first row.
    public static let genesis = String(repeating: "0", count: 64)

    /// The hash of `entry` stored at position `sequence` after a row whose hash is `previous`.
    public static func hash(previous: String, entry: AuditEntry, sequence: Int64) -> String {
        Digest.sha256Hex(Array(previous.utf8) + content(entry, sequence: sequence))
    }

    /// Canonical content: a JSON object with sorted keys, every column the chain protects, `detail`
    /// canonicalised (sorted keys), absent values as null.
    static func content(_ entry: AuditEntry, sequence: Int64) -> [UInt8] {
        let fields: JSONValue = .object([
            "action": .string(entry.action), "actor": .string(entry.actor), "chain_seq": .int(sequence),
            "detail": entry.detail?.canonical ?? .null, "entry_id": .string(entry.id),
            "ip_address": entry.ipAddress.map { .string($0) } ?? .null, "org_id": .string(entry.orgID),
            "project_id": entry.projectID.map { .string($0) } ?? .null,
            "request_id": entry.requestID.map { .string($0) } ?? .null, "target": entry.target.map { .string($0) } ?? .null,
            "timestamp": .int(entry.timestamp.microsecondsSinceEpoch),
        ])
        return fields.canonicalSerialized()
    }
}
