import NotifCore

/// The result of walking one org's hash chain.
public struct AuditVerification: Sendable, Equatable {
    /// What is wrong with the first bad row.
    public enum Problem: String, Sendable, Equatable {
        /// The row's content no longer matches its hash.
        case edited
        /// The row does not follow the one before it (or lies beyond the chain's recorded end).
        case inserted
        /// A row is gone (a gap in the numbering, or the chain ends early).
        case missing
    }

    public struct Failure: Sendable, Equatable {
        public var problem: Problem
        /// The chain position where it was found.
        public var chainSequence: Int64
        /// The row (when there is one: a missing row has none).
        public var rowID: Int64?
        public var message: String
    }

    public var orgID: String
    public var checked: Int
    public var failure: Failure?
    public var valid: Bool { failure == nil }

    public var json: JSONValue {
        .object([
            "org_id": .string(orgID), "valid": .bool(valid), "checked": .int(checked),
            "problem": failure.map { .string($0.problem.rawValue) }, "chain_seq": failure.map { .int($0.chainSequence) },
            "row_id": failure?.rowID.map { .int($0) }, "message": failure.map { .string($0.message) },
        ])
    }
}

/// Walks an org's chain from the start and reports the first edited, inserted or missing row.
public struct AuditVerifier: Sendable {
    let repository: AuditRepository
    let pageSize: Int

    public init(repository: AuditRepository, pageSize: Int = 1000) {
        self.repository = repository
        self.pageSize = pageSize
    }

    public func verify(orgID: String) async throws -> AuditVerification {
        var result = AuditVerification(orgID: orgID, checked: 0, failure: nil)
        let head = try await repository.head(orgID: orgID)
        var expected: Int64 = 1
        var previous = AuditChain.genesis
        // A pruned chain starts later: a checkpoint in the chain must say where and from which hash.
        if let first = try await repository.chain(orgID: orgID, after: 0, limit: 1).first, first.chainSequence > 1 {
            let checkpoint = try await repository.checkpoint(orgID: orgID, resumingAt: first.chainSequence)
            guard let checkpoint, let resumesFrom = checkpoint.entry.detail?["previous_hash"]?.stringValue else {
                result.failure = .init(problem: .missing, chainSequence: 1, rowID: nil,
                                       message: "the chain starts at \(first.chainSequence) and no checkpoint explains it")
                return result
            }
            expected = first.chainSequence
            previous = resumesFrom
        }
        while true {
            let rows = try await repository.chain(orgID: orgID, after: expected - 1, limit: pageSize)
            for row in rows {
                if let failure = Self.check(row, expected: expected, previous: previous, head: head) {
                    result.failure = failure
                    return result
                }
                result.checked += 1
                previous = row.hash
                expected += 1
            }
            if rows.count < pageSize { break }
        }
        let end = head?.sequence ?? 0
        if expected - 1 < end {
            result.failure = .init(problem: .missing, chainSequence: expected, rowID: nil,
                                   message: "the chain ends at \(expected - 1) but was written up to \(end)")
        }
        return result
    }

    static func check(_ row: StoredAuditEntry, expected: Int64, previous: String,
                      head: (sequence: Int64, hash: String)?) -> AuditVerification.Failure? {
        if row.chainSequence > expected {
            return .init(problem: .missing, chainSequence: expected, rowID: nil,
                         message: "entry \(expected) is missing (the next one is \(row.chainSequence))")
        }
        if row.chainSequence > head?.sequence ?? 0 {
            return .init(problem: .inserted, chainSequence: row.chainSequence, rowID: row.rowID,
                         message: "entry \(row.chainSequence) lies beyond the chain's end (\(head?.sequence ?? 0))")
        }
        if AuditChain.hash(previous: row.previousHash, entry: row.entry, sequence: row.chainSequence) != row.hash {
            return .init(problem: .edited, chainSequence: row.chainSequence, rowID: row.rowID,
                         message: "entry \(row.chainSequence) does not match its hash (its content was changed)")
        }
        if row.previousHash != previous {
            return .init(problem: .inserted, chainSequence: row.chainSequence, rowID: row.rowID,
                         message: "entry \(row.chainSequence) does not follow entry \(expected - 1) (a row was inserted or replaced)")
        }
        return nil
    }
}
