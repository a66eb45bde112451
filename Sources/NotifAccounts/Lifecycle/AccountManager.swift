import Foundation
import Logging
import Metrics
import NotifCore
import Synchronization

/// Owns every org's NATS account: creates, re-tiers and deletes them as sagas (each failure undoes
/// the steps before it), connects each org through a user of its own account into the broker pool,
/// pushes account JWTs (one org at a time; a push counts once the server confirms it), and issues
/// credentials. The JWTs are derived from the `orgs` rows and never stored.
public final class AccountManager: Sendable {
    /// The org rows (reads for listing; changes go through the manager's operations).
    public let repository: AccountRepository
    let pool: BrokerPool
    let system: BrokerConnection
    let pusher: any ClaimsPusher
    let auditor: AccountAuditor
    let logger: Logger
    let settings: AccountSettings
    private let currentKeys: Mutex<OperatorKeys>
    private let orgLocks = Mutex<[String: AsyncLock]>([:])
    /// The claims last pushed per account public key: what a failed operation rolls back to.
    private let pushed = Mutex<[String: AccountClaims]>([:])
    let bootState = Mutex(BootState())
    /// notifd's own account (internal streams), once connected.
    let internalAccount = Mutex<NKeyPair?>(nil)
    /// The tier of every connected org, for per-request limits without a query.
    let tiers = Mutex<[String: BillingTier]>([:])

    let pushDuration = Metrics.Timer(label: "notifd_jwt_push_duration_seconds", preferredDisplayUnit: .seconds)
    let pushErrors = Counter(label: "notifd_jwt_push_errors_total")
    let accountsTotal = Gauge(label: "notifd_accounts_total")

    public init(settings: AccountSettings, system: BrokerConnection, pool: BrokerPool, repository: AccountRepository,
                pusher: (any ClaimsPusher)? = nil, auditor: @escaping AccountAuditor, logger: Logger) {
        self.settings = settings
        self.currentKeys = Mutex(settings.keys)
        self.system = system
        self.pool = pool
        self.repository = repository
        self.pusher = pusher ?? AccountResolverClient(connection: system, timeout: settings.requestTimeout)
        self.auditor = auditor
        self.logger = logger
    }

    /// The tier of a connected org (nil: not connected).
    public func tier(of org: String) -> BillingTier? { tiers.withLock { $0[org] } }

    func rememberTier(_ tier: BillingTier?, of org: String) { tiers.withLock { $0[org] = tier } }

    /// The operator keys in use (the signer changes during a rotation).
    public var keys: OperatorKeys { currentKeys.withLock { $0 } }

    func setKeys(_ keys: OperatorKeys) { currentKeys.withLock { $0 = keys } }

    /// Runs `body` with the org's lock held: operations on one org never interleave.
    func withOrgLock<T>(_ org: String, _ body: () async throws -> T) async rethrows -> T {
        let lock = orgLocks.withLock { locks in
            if let lock = locks[org] { return lock }
            let lock = AsyncLock()
            locks[org] = lock
            return lock
        }
        return try await lock.withLock(body)
    }

    // MARK: Claims and pushes

    /// The account claims an org's row stands for.
    func claims(for record: OrgAccountRecord, publicKey: String, limits: AccountLimits? = nil) -> AccountClaims {
        AccountClaims(subject: publicKey, name: record.name, description: "notif org \(record.id)",
                      limits: limits ?? record.tier.limits.accountLimits)
    }

    /// Signs and pushes `claims`; returns the claims the server held before (nil: none), which
    /// `restore` puts back. Audited as `jwt.push` with the changes.
    /// - Parameter isNew: the account was just made, so the server holds nothing for it (no lookup).
    @discardableResult
    func push(_ claims: AccountClaims, org: String, caller: AccountCaller, operation: String,
              isNew: Bool = false) async throws -> AccountClaims? {
        let signer = keys.signer
        let before = isNew ? nil : try await previousClaims(of: claims.subject)
        let started = ContinuousClock.now
        do {
            try await pusher.push(claims.signed(by: signer))
        } catch {
            pushErrors.increment()
            throw error
        }
        pushDuration.recordNanoseconds((ContinuousClock.now - started).nanoseconds)
        pushed.withLock { $0[claims.subject] = claims }
        auditor(AccountAuditEvent(caller: caller, action: "jwt.push", orgID: org, target: claims.subject, detail: .object([
            "operation": .string(operation),
            "changes": ClaimsDiff.between(before?.claims, claims, beforeIssuer: before?.issuer, afterIssuer: signer.publicKey),
        ])))
        return before?.claims
    }

    /// Puts an account back as it was before a push: its previous claims (signed now, so the
    /// resolver takes them as newer), or no account at all.
    func restore(_ previous: AccountClaims?, account: String, org: String, caller: AccountCaller) async throws {
        if let previous {
            try await push(previous, org: org, caller: caller, operation: "rollback")
        } else {
            try await pusher.delete([account], operatorKey: keys.operatorKey)
            _ = pushed.withLock { $0.removeValue(forKey: account) }
        }
    }

    /// The claims the server holds for an account (remembered from our last push, else looked up).
    private func previousClaims(of account: String) async throws -> (claims: AccountClaims, issuer: String?)? {
        if let claims = pushed.withLock({ $0[account] }) { return (claims, nil) }
        guard let token = try await pusher.lookup(account),
              let decoded = try? AccountClaims.decode(token, now: nil) else { return nil }
        return (decoded.claims, decoded.jwt.issuer)
    }

    func forgetPushed(_ account: String) {
        _ = pushed.withLock { $0.removeValue(forKey: account) }
    }

    // MARK: Connections and streams

    /// The org's account key from its stored seed.
    func accountKey(of record: OrgAccountRecord) throws -> NKeyPair {
        guard let stored = record.encryptedSeed else { throw AccountError.invalid("org \(record.id) has no account key") }
        return try NKeyPair(seed: settings.cipher.decrypt(stored), expecting: .account)
    }

    /// Connects as notifd's own user of the account (JWT renewed before it expires). Retries for a
    /// moment: nats-server applies a just-pushed account a moment after confirming the push.
    func connect(account: NKeyPair, name: String) async throws -> BrokerConnection {
        let user = RefreshingUser(account: account, name: name, lifetime: settings.userJWTLifetime)
        return try await BrokerConnection.connect(
            BrokerConfiguration(url: settings.natsURL, userCredentials: user.credentials, name: name,
                                connectTimeout: settings.connectTimeout, requestTimeout: settings.requestTimeout),
            retryFor: .seconds(3), logger: logger)
    }

    /// Creates or resizes the org's streams for its tier.
    func ensureStreams(_ connection: BrokerConnection, org: String, tier: BillingTier) async throws {
        try await StreamProvisioner.ensureStreams(connection.jetStream, names: .perOrg(org), limits: tier.limits.streamLimits,
                                                  logger: logger)
    }

    func deleteStreams(_ connection: BrokerConnection, org: String) async throws {
        let names = StreamNames.perOrg(org)
        for stream in [names.events, names.deadLetters] {
            do {
                try await connection.jetStream.deleteStream(stream)
            } catch BrokerError.jetStream(_, 10059, _) {
                // Already gone (stream not found).
            }
        }
    }

    func updateAccountCount() async {
        if let count = try? await repository.count() { accountsTotal.record(count) }
    }
}
