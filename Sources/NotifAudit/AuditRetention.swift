import Logging
import NotifCore
import ServiceLifecycle

/// Prunes audit entries older than `maxAge` (default 365 days) in a way `verify` understands: before
/// a chain's oldest rows are deleted, an `audit.checkpoint` entry is appended to the same chain
/// recording where the remaining chain resumes (`resumes_at`) and the hash it resumes from
/// (`previous_hash`). The checkpoint is itself chained, so it cannot be edited unnoticed.
public final class AuditRetention: Service, Sendable {
    public static let checkpointAction = "audit.checkpoint"
    let repository: AuditRepository
    let maxAge: Duration
    let interval: Duration
    let logger: Logger

    public init(repository: AuditRepository, maxAge: Duration = .seconds(365 * 86_400), interval: Duration = .seconds(3600),
                logger: Logger) {
        self.repository = repository
        self.maxAge = maxAge
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    for org in try await self.repository.chainOrgs() {
                        try await self.prune(orgID: org, olderThan: .now() - self.maxAge)
                    }
                } catch {
                    self.logger.warning("audit retention pass failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: self.interval)
            }
        }
    }

    /// Deletes the chain prefix of `orgID` written before `cutoff` (up to the first newer entry) and
    /// returns how many rows went.
    @discardableResult
    public func prune(orgID: String, olderThan cutoff: Timestamp) async throws -> Int {
        guard let end = try await repository.prunableEnd(orgID: orgID, before: cutoff) else { return 0 }
        let checkpoint = AuditEntry(actor: "notifd", action: Self.checkpointAction, orgID: orgID, target: String(end.sequence + 1),
                                    detail: ["resumes_at": .int(end.sequence + 1), "previous_hash": .string(end.hash),
                                             "pruned_before": .string(cutoff.rfc3339)])
        try await repository.append([checkpoint])
        let deleted = try await repository.deleteChain(orgID: orgID, through: end.sequence)
        logger.info("audit entries pruned", metadata: ["org_id": "\(orgID)", "through": "\(end.sequence)", "deleted": "\(deleted)"])
        return deleted
    }
}

extension AuditRepository {
    /// Orgs with a chain.
    func chainOrgs() async throws -> [String] {
        let rows = try await client.query("SELECT org_id FROM audit_chain_heads ORDER BY org_id", logger: logger)
        var orgs: [String] = []
        for try await org in rows.decode(String.self) { orgs.append(org) }
        return orgs
    }

    /// The last position of `orgID`'s chain prefix written before `cutoff` (rows up to the first one
    /// at or after it), with that row's hash; nil when there is nothing to prune.
    func prunableEnd(orgID: String, before cutoff: Timestamp) async throws -> (sequence: Int64, hash: String)? {
        let rows = try await client.query("""
            WITH first_kept AS (
                SELECT min(chain_seq) AS seq FROM audit_log
                WHERE org_id = \(orgID) AND timestamp >= \(unescaped: SQLTime.fromMicros(String(cutoff.microsecondsSinceEpoch)))
            )
            SELECT l.chain_seq, l.hash FROM audit_log l, first_kept
            WHERE l.org_id = \(orgID) AND l.timestamp < \(unescaped: SQLTime.fromMicros(String(cutoff.microsecondsSinceEpoch)))
              AND (first_kept.seq IS NULL OR l.chain_seq < first_kept.seq)
            ORDER BY l.chain_seq DESC LIMIT 1
            """, logger: logger)
        for try await (sequence, hash) in rows.decode((Int64, String).self) { return (sequence, hash) }
        return nil
    }

    func deleteChain(orgID: String, through sequence: Int64) async throws -> Int {
        let rows = try await client.query("""
            DELETE FROM audit_log WHERE org_id = \(orgID) AND chain_seq <= \(sequence) RETURNING 1
            """, logger: logger)
        var deleted = 0
        for try await _ in rows { deleted += 1 }
        return deleted
    }

    /// The newest checkpoint of `orgID`'s chain saying it resumes at `sequence`.
    func checkpoint(orgID: String, resumingAt sequence: Int64) async throws -> StoredAuditEntry? {
        let rows = try await client.query("""
            SELECT \(unescaped: StoredAuditEntry.columns) FROM audit_log
            WHERE org_id = \(orgID) AND action = \(AuditRetention.checkpointAction) AND target = \(String(sequence))
            ORDER BY chain_seq DESC LIMIT 1
            """, logger: logger)
        for try await row in rows { return try StoredAuditEntry(row: row) }
        return nil
    }
}
