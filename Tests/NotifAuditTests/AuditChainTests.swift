import Logging
@testable import NotifAudit
import NotifCore
import NotifTesting
import PostgresNIO
import Testing

/// The hash chain in Postgres: appends, idempotence, and `verify` finding edited, deleted and
/// inserted rows where they are.
@Suite(.timeLimit(.minutes(2))) struct AuditChainTests {
    static func repository() async throws -> AuditRepository {
        let shared = try await TestEnvironment.shared.shared()
        return AuditRepository(client: shared.database.client, logger: TestEnvironment.shared.logger)
    }

    static func entries(org: String, count: Int) -> [AuditEntry] {
        (1...count).map { index in
            AuditEntry(actor: "api:key-\(index % 3)", action: index.isMultiple(of: 2) ? "webhook.create" : "event.emit", orgID: org,
                       projectID: "prj_1", target: "orders.\(index)", detail: ["n": .int(index), "tags": ["a", "b"]],
                       ipAddress: index.isMultiple(of: 2) ? "10.0.0.\(index % 250)" : "::1", requestID: "req-\(index)")
        }
    }

    @Test func appendsFormAVerifiableChainOnce() async throws {
        let repository = try await Self.repository()
        let org = "org_" + RandomToken.hex(bytes: 6)
        let batch = Self.entries(org: org, count: 30)
        #expect(try await repository.append(Array(batch.prefix(20))) == 20)
        #expect(try await repository.append(batch) == 10, "entries already stored are skipped")
        #expect(try await repository.append(batch) == 0)
        #expect(try await repository.count(orgID: org) == 30)
        let verification = try await AuditVerifier(repository: repository, pageSize: 7).verify(orgID: org)
        #expect(verification.valid && verification.checked == 30, "\(verification)")
        let stored = try await repository.chain(orgID: org, after: 0, limit: 100)
        #expect(stored.map(\.entry) == batch, "every column reads back as written (ids, times, IPs, detail)")
        #expect(stored.map(\.chainSequence) == Array(1...30))
        #expect(try await AuditVerifier(repository: repository).verify(orgID: "org_empty_\(RandomToken.hex(bytes: 4))").valid)
    }

    @Test func concurrentWritersOfOneOrgKeepOneChain() async throws {
        let repository = try await Self.repository()
        let org = "org_" + RandomToken.hex(bytes: 6)
        let others = "org_" + RandomToken.hex(bytes: 6)
        try await withThrowingTaskGroup(of: Int.self) { group in
            for writer in 0..<8 {
                let mixed = Self.entries(org: writer.isMultiple(of: 2) ? org : others, count: 25) + Self.entries(org: org, count: 5)
                group.addTask { try await repository.append(mixed) }
            }
            for try await _ in group {}
        }
        #expect(try await repository.count(orgID: org) == 4 * 30 + 4 * 5)
        #expect(try await AuditVerifier(repository: repository).verify(orgID: org).valid)
        #expect(try await AuditVerifier(repository: repository).verify(orgID: others).valid)
    }

    @Test func verifyFindsTheFirstEditedDeletedOrInsertedRow() async throws {
        let repository = try await Self.repository()
        let client = try await TestEnvironment.shared.shared().database.client
        let logger = TestEnvironment.shared.logger
        let verifier = AuditVerifier(repository: repository)

        let edited = "org_" + RandomToken.hex(bytes: 6)
        try await repository.append(Self.entries(org: edited, count: 10))
        try await client.query("UPDATE audit_log SET detail = '{\"n\": 999}' WHERE org_id = \(edited) AND chain_seq = 4", logger: logger)
        let editedResult = try await verifier.verify(orgID: edited)
        #expect(editedResult.failure?.problem == .edited && editedResult.failure?.chainSequence == 4 && editedResult.checked == 3)

        let actorChanged = "org_" + RandomToken.hex(bytes: 6)
        try await repository.append(Self.entries(org: actorChanged, count: 10))
        try await client.query("UPDATE audit_log SET actor = 'admin' WHERE org_id = \(actorChanged) AND chain_seq = 9", logger: logger)
        #expect(try await verifier.verify(orgID: actorChanged).failure?.chainSequence == 9)

        let deleted = "org_" + RandomToken.hex(bytes: 6)
        try await repository.append(Self.entries(org: deleted, count: 10))
        try await client.query("DELETE FROM audit_log WHERE org_id = \(deleted) AND chain_seq = 6", logger: logger)
        let deletedResult = try await verifier.verify(orgID: deleted)
        #expect(deletedResult.failure?.problem == .missing && deletedResult.failure?.chainSequence == 6)

        let truncated = "org_" + RandomToken.hex(bytes: 6)
        try await repository.append(Self.entries(org: truncated, count: 10))
        try await client.query("DELETE FROM audit_log WHERE org_id = \(truncated) AND chain_seq >= 9", logger: logger)
        let truncatedResult = try await verifier.verify(orgID: truncated)
        #expect(truncatedResult.failure?.problem == .missing && truncatedResult.failure?.chainSequence == 9)

        // A forged row slipped in at position 5: the rows after it are renumbered, their hashes kept.
        let inserted = "org_" + RandomToken.hex(bytes: 6)
        try await repository.append(Self.entries(org: inserted, count: 10))
        try await client.query("UPDATE audit_log SET chain_seq = -chain_seq WHERE org_id = \(inserted) AND chain_seq >= 5", logger: logger)
        try await client.query("UPDATE audit_log SET chain_seq = 1 - chain_seq WHERE org_id = \(inserted) AND chain_seq < 0", logger: logger)
        let forged = AuditEntry(actor: "admin", action: "api_key.create", orgID: inserted)
        let forgedHash = AuditChain.hash(previous: AuditChain.genesis, entry: forged, sequence: 5)
        try await client.query("""
            INSERT INTO audit_log (entry_id, timestamp, actor, action, org_id, chain_seq, prev_hash, hash)
            VALUES (\(forged.id), now(), 'admin', 'api_key.create', \(inserted), 5, \(AuditChain.genesis), \(forgedHash))
            """, logger: logger)
        try await client.query("UPDATE audit_chain_heads SET last_seq = 11 WHERE org_id = \(inserted)", logger: logger)
        let insertedResult = try await verifier.verify(orgID: inserted)
        #expect(insertedResult.failure?.problem == .edited || insertedResult.failure?.problem == .inserted)
        #expect(insertedResult.failure?.chainSequence == 5, "\(insertedResult)")

        let appended = "org_" + RandomToken.hex(bytes: 6)
        try await repository.append(Self.entries(org: appended, count: 3))
        let tail = AuditEntry(actor: "admin", action: "x", orgID: appended)
        try await client.query("""
            INSERT INTO audit_log (entry_id, timestamp, actor, action, org_id, chain_seq, prev_hash, hash)
            VALUES (\(tail.id), now(), 'admin', 'x', \(appended), 4, \(AuditChain.genesis), \(AuditChain.genesis))
            """, logger: logger)
        let appendedResult = try await verifier.verify(orgID: appended)
        #expect(appendedResult.failure?.problem == .inserted && appendedResult.failure?.chainSequence == 4)
    }

    @Test func entriesSurviveTheSpillFormatAndCanonicalIPs() {
        let entry = AuditEntry(actor: "api:k", action: "event.emit", orgID: "org_a", target: "t", detail: ["b": 1, "a": [true]],
                               ipAddress: "0:0:0:0:0:0:0:1", requestID: "r")
        #expect(entry.ipAddress == "::1")
        #expect(AuditEntry(actor: "a", action: "b", orgID: "", ipAddress: "not-an-ip").ipAddress == nil)
        #expect(AuditEntry(json: entry.json) == entry)
        var reordered = entry
        reordered.detail = ["a": [true], "b": 1]
        #expect(AuditChain.hash(previous: AuditChain.genesis, entry: entry, sequence: 1)
                == AuditChain.hash(previous: AuditChain.genesis, entry: reordered, sequence: 1), "detail key order does not matter")
        var changed = entry
        changed.target = "u"
        #expect(AuditChain.hash(previous: AuditChain.genesis, entry: entry, sequence: 1)
                != AuditChain.hash(previous: AuditChain.genesis, entry: changed, sequence: 1))
    }
}
