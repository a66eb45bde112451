import Foundation
import Logging
import NotifCore
import PostgresNIO

/// An org as multi-account mode sees it: its NATS account key (seed encrypted) and billing tier.
public struct OrgAccountRecord: Sendable, Equatable {
    public var id: String
    public var name: String
    /// `A…`; nil for an org created before multi-account mode (a key is made at boot).
    public var publicKey: String?
    /// `v1:…` (see `SeedCipher`).
    public var encryptedSeed: String?
    public var tier: BillingTier
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
}

/// The `orgs` rows and notifd's own accounts (`notif_accounts`), for multi-account mode.
public struct AccountRepository: Sendable {
    /// The org id is taken.
    public struct OrgExists: Error, Sendable {}

    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    static let columns = """
        id, name, nats_public_key, nats_account_seed, billing_tier, \(SQLTime.micros("created_at")), \(SQLTime.micros("updated_at"))
        """
    typealias Row = (String, String, String?, String?, String, Int64, Int64)

    static func record(_ row: Row) -> OrgAccountRecord {
        // Orgs made by single-account bootstrap carry no key; a placeholder is not a key either.
        let key = row.2.flatMap { NKeyPair.type(ofPublicKey: $0) == .account ? $0 : nil }
        return OrgAccountRecord(id: row.0, name: row.1, publicKey: key, encryptedSeed: key == nil ? nil : row.3,
                                tier: BillingTier(storedName: row.4), createdAt: Timestamp(microsecondsSinceEpoch: row.5),
                                updatedAt: Timestamp(microsecondsSinceEpoch: row.6))
    }

    /// Every org, oldest first.
    public func list() async throws -> [OrgAccountRecord] {
        let rows = try await client.query("SELECT \(unescaped: Self.columns) FROM orgs ORDER BY created_at, id", logger: logger)
        var records: [OrgAccountRecord] = []
        for try await row in rows.decode(Row.self) { records.append(Self.record(row)) }
        return records
    }

    /// How many orgs there are.
    public func count() async throws -> Int {
        let rows = try await client.query("SELECT count(*)::INT8 FROM orgs", logger: logger)
        for try await count in rows.decode(Int64.self) { return Int(count) }
        return 0
    }

    public func get(_ id: String) async throws -> OrgAccountRecord? {
        let rows = try await client.query("SELECT \(unescaped: Self.columns) FROM orgs WHERE id = \(id)", logger: logger)
        for try await row in rows.decode(Row.self) { return Self.record(row) }
        return nil
    }

    /// Inserts a new org; throws `OrgExists` when the id is taken.
    public func insert(id: String, name: String, publicKey: String, encryptedSeed: String,
                       tier: BillingTier) async throws -> OrgAccountRecord {
        let rows = try await client.query("""
            INSERT INTO orgs (id, name, nats_public_key, nats_account_seed, billing_tier)
            VALUES (\(id), \(name), \(publicKey), \(encryptedSeed), \(tier.rawValue))
            ON CONFLICT (id) DO NOTHING
            RETURNING \(unescaped: Self.columns)
            """, logger: logger)
        for try await row in rows.decode(Row.self) { return Self.record(row) }
        throw OrgExists()
    }

    /// Gives an org without a key (created before multi-account mode) its account key.
    public func setKey(id: String, publicKey: String, encryptedSeed: String) async throws {
        try await client.query("""
            UPDATE orgs SET nats_public_key = \(publicKey), nats_account_seed = \(encryptedSeed), updated_at = now()
            WHERE id = \(id)
            """, logger: logger)
    }

    /// Sets the tier; nil when the org does not exist.
    @discardableResult
    public func setTier(id: String, tier: BillingTier) async throws -> OrgAccountRecord? {
        let rows = try await client.query("""
            UPDATE orgs SET billing_tier = \(tier.rawValue), updated_at = now() WHERE id = \(id)
            RETURNING \(unescaped: Self.columns)
            """, logger: logger)
        for try await row in rows.decode(Row.self) { return Self.record(row) }
        return nil
    }

    /// Deletes the org and everything it owns (projects, keys, webhooks, schedules, schemas, event
    /// history, delivery logs) in one transaction. The audit trail stays. False when it did not exist.
    public func delete(_ id: String) async throws -> Bool {
        let logger = self.logger
        do {
            return try await client.withTransaction(logger: logger) { connection in
                try await connection.query("DELETE FROM event_deliveries WHERE org_id = \(id)", logger: logger)
                try await connection.query("DELETE FROM webhook_deliveries WHERE org_id = \(id)", logger: logger)
                let rows = try await connection.query("DELETE FROM orgs WHERE id = \(id) RETURNING 1::INT4", logger: logger)
                for try await _ in rows { return true }
                return false
            }
        } catch let error as PostgresTransactionError {
            throw error.closureError ?? error
        }
    }

    /// notifd's own account for `role`: the stored one, or `make()`'s, stored now (first boot).
    public func internalAccount(role: String, make: () -> (publicKey: String, encryptedSeed: String)) async throws -> String {
        let candidate = make()
        try await client.query("""
            INSERT INTO notif_accounts (role, nats_public_key, nats_account_seed)
            VALUES (\(role), \(candidate.publicKey), \(candidate.encryptedSeed)) ON CONFLICT (role) DO NOTHING
            """, logger: logger)
        let rows = try await client.query("SELECT nats_account_seed FROM notif_accounts WHERE role = \(role)", logger: logger)
        for try await seed in rows.decode(String.self) { return seed }
        throw PostgresError.protocol("notif account \(role) missing")
    }
}
