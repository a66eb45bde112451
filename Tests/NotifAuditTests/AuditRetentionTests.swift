import Logging
@testable import NotifAudit
import NotifCore
import NotifTesting
import Testing

/// Retention: old entries are pruned behind a chained checkpoint, and `verify` still holds — and
/// still catches tampering with what remains.
@Suite(.timeLimit(.minutes(2))) struct AuditRetentionTests {
    @Test func pruningKeepsTheChainVerifiable() async throws {
        let repository = try await AuditChainTests.repository()
        let retention = AuditRetention(repository: repository, logger: TestEnvironment.shared.logger)
        let verifier = AuditVerifier(repository: repository)
        let org = "org_" + RandomToken.hex(bytes: 6)
        let old = Timestamp.now() - .seconds(400 * 86_400)
        let entries = (1...10).map { index in
            AuditEntry(actor: "notifd", action: "event.emit", orgID: org, target: "t\(index)",
                       timestamp: index <= 6 ? old : .now())
        }
        try await repository.append(entries)
        #expect(try await retention.prune(orgID: org, olderThan: .now() - .seconds(365 * 86_400)) == 6)
        #expect(try await retention.prune(orgID: org, olderThan: .now() - .seconds(365 * 86_400)) == 0, "nothing more is old")
        let remaining = try await repository.chain(orgID: org, after: 0, limit: 100)
        #expect(remaining.map(\.chainSequence) == Array(7...11))
        #expect(remaining.last?.entry.action == AuditRetention.checkpointAction)
        let verification = try await verifier.verify(orgID: org)
        #expect(verification.valid && verification.checked == 5, "\(verification)")

        // Deleting more of the start without a checkpoint is caught.
        let client = try await TestEnvironment.shared.shared().database.client
        try await client.query("DELETE FROM audit_log WHERE org_id = \(org) AND chain_seq = 7", logger: TestEnvironment.shared.logger)
        let broken = try await verifier.verify(orgID: org)
        #expect(broken.failure?.problem == .missing && broken.failure?.chainSequence == 1, "\(broken)")
    }
}
