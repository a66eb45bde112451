import Foundation
import NotifCore

extension AccountManager {
    /// `^[A-Za-z0-9_-]{1,32}$`: an org id is one NATS subject token.
    public static func isValidOrgID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 32 && id.utf8.allSatisfy {
            ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 45 || $0 == 95
        }
    }

    /// Creates an org: its row (with a new account key), its account JWT, a connection, its
    /// streams, and its workers (through the pool). Any failure undoes the steps before it.
    public func create(id: String, name: String, tier: BillingTier = .free, caller: AccountCaller) async throws -> OrgAccountRecord {
        guard Self.isValidOrgID(id) else {
            throw AccountError.invalid("id must be 1-32 alphanumeric characters, hyphens, or underscores")
        }
        guard !name.isEmpty, name.count <= 255 else { throw AccountError.invalid("name must be 1-255 characters") }
        return try await withOrgLock(id) {
            let account = NKeyPair.generate(.account)
            var saga = Saga("create org \(id)", logger: logger)
            do {
                let record = try await saga.step("insert org row", {
                    try await repository.insert(id: id, name: name, publicKey: account.publicKey,
                                                encryptedSeed: settings.cipher.encrypt(account.seed), tier: tier)
                }, undo: { _ in _ = try await self.repository.delete(id) })
                try await saga.step("push account JWT", {
                    try await push(claims(for: record, publicKey: account.publicKey), org: id, caller: caller, operation: "create",
                                   isNew: true)
                }, undo: { previous in try await self.restore(previous, account: account.publicKey, org: id, caller: caller) })
                let connection = try await saga.step("connect", {
                    try await connect(account: account, name: "notifd-\(id)")
                }, undo: { connection in await connection.close() })
                try await saga.step("create streams", { try await ensureStreams(connection, org: id, tier: tier) },
                                    undo: { _ in try await self.deleteStreams(connection, org: id) })
                try await saga.step("start serving", {
                    rememberTier(tier, of: id)
                    try pool.add(org: id, connection: connection, streams: .perOrg(id))
                }, undo: { _ in
                    self.pool.remove(org: id)
                    self.rememberTier(nil, of: id)
                })
                auditor(AccountAuditEvent(caller: caller, action: "account.create", orgID: id, target: id, detail: .object([
                    "name": .string(name), "public_key": .string(account.publicKey), "tier": .string(tier.rawValue),
                ])))
                await updateAccountCount()
                logger.info("org created", metadata: ["org": "\(id)", "account": "\(account.publicKey)", "tier": "\(tier.rawValue)"])
                return record
            } catch let failure as Saga.StepFailed {
                if failure.underlying is AccountRepository.OrgExists { throw AccountError.orgExists(id) }
                throw AccountError.failed(operation: "create org", step: failure.step, reason: "\(failure.underlying)")
            }
        }
    }

    /// Creates the org unless it exists (the default org at bootstrap).
    public func ensureOrg(id: String, name: String, caller: AccountCaller) async throws {
        guard try await repository.get(id) == nil else { return }
        do {
            _ = try await create(id: id, name: name, caller: caller)
        } catch AccountError.orgExists {
            // Created concurrently.
        }
    }

    /// Changes an org's tier: the row, the account JWT and the streams' sizes, without a restart.
    /// Shrinking streams happens before the smaller JWT, growing after the larger one.
    public func setTier(id: String, tier: BillingTier, caller: AccountCaller) async throws -> OrgAccountRecord {
        try await withOrgLock(id) {
            guard let record = try await repository.get(id) else { throw AccountError.orgNotFound(id) }
            guard record.tier != tier else { return record }
            guard let publicKey = record.publicKey else { throw AccountError.invalid("org \(id) has no account key") }
            let connection = try? pool.broker(forOrg: id).connection
            let shrinking = tier.limits.streamMaxBytes < record.tier.limits.streamMaxBytes
            var saga = Saga("change tier of org \(id)", logger: logger)
            do {
                let updated = try await saga.step("update tier", {
                    guard let updated = try await repository.setTier(id: id, tier: tier) else { throw AccountError.orgNotFound(id) }
                    return updated
                }, undo: { _ in try await self.repository.setTier(id: id, tier: record.tier) })
                if shrinking, let connection {
                    try await saga.step("resize streams", { try await ensureStreams(connection, org: id, tier: tier) },
                                        undo: { _ in try await self.ensureStreams(connection, org: id, tier: record.tier) })
                }
                try await saga.step("push account JWT", {
                    try await push(claims(for: updated, publicKey: publicKey), org: id, caller: caller, operation: "tier_change")
                }, undo: { previous in try await self.restore(previous, account: publicKey, org: id, caller: caller) })
                if !shrinking, let connection {
                    try await saga.step("resize streams", { try await ensureStreams(connection, org: id, tier: tier) },
                                        undo: { _ in try await self.ensureStreams(connection, org: id, tier: record.tier) })
                }
                rememberTier(tier, of: id)
                auditor(AccountAuditEvent(caller: caller, action: "tier.change", orgID: id, target: id, detail: .object([
                    "old_tier": .string(record.tier.rawValue), "new_tier": .string(tier.rawValue),
                ])))
                return updated
            } catch let failure as Saga.StepFailed {
                throw AccountError.failed(operation: "change tier", step: failure.step, reason: "\(failure.underlying)")
            }
        }
    }

    /// Deletes an org: stops serving it, deletes its streams, revokes its account (a zero-limit
    /// JWT disconnects its users at once), deletes its rows, then removes the account from the
    /// resolver. A failure before the rows are gone undoes everything.
    public func delete(id: String, caller: AccountCaller) async throws {
        try await withOrgLock(id) {
            guard let record = try await repository.get(id) else { throw AccountError.orgNotFound(id) }
            var saga = Saga("delete org \(id)", logger: logger)
            do {
                let connection = try await saga.step("stop serving", { pool.remove(org: id) }, undo: { connection in
                    if let connection { try self.pool.add(org: id, connection: connection, streams: .perOrg(id)) }
                })
                if let connection {
                    try await saga.step("delete streams", { try await deleteStreams(connection, org: id) },
                                        undo: { _ in try await self.ensureStreams(connection, org: id, tier: record.tier) })
                }
                if let publicKey = record.publicKey {
                    try await saga.step("revoke account", {
                        try await push(claims(for: record, publicKey: publicKey, limits: .revoked), org: id, caller: caller,
                                       operation: "revoke")
                    }, undo: { previous in try await self.restore(previous, account: publicKey, org: id, caller: caller) })
                }
                try await saga.step("delete org rows", {
                    guard try await repository.delete(id) else { throw AccountError.orgNotFound(id) }
                })
                rememberTier(nil, of: id)
                await connection?.close()
                if let publicKey = record.publicKey {
                    do {
                        try await pusher.delete([publicKey], operatorKey: keys.operatorKey)
                    } catch {
                        logger.warning("account revoked but not removed from the resolver",
                                       metadata: ["org": "\(id)", "error": "\(error)"])
                    }
                    forgetPushed(publicKey)
                }
                auditor(AccountAuditEvent(caller: caller, action: "account.delete", orgID: id, target: id, detail: .object([
                    "name": .string(record.name), "public_key": record.publicKey.map(JSONValue.string) ?? .null,
                ])))
                await updateAccountCount()
                logger.info("org deleted", metadata: ["org": "\(id)"])
            } catch let failure as Saga.StepFailed {
                throw AccountError.failed(operation: "delete org", step: failure.step, reason: "\(failure.underlying)")
            }
        }
    }
}
