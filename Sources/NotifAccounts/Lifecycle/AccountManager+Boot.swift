import Foundation
import Logging
import Metrics
import NotifCore

/// Progress of connecting every org at boot.
struct BootState {
    var started: ContinuousClock.Instant?
    var pending: Set<String> = []
    var finished = false
    var tasks: [Task<Void, Never>] = []
}

extension AccountManager {
    /// Pushes the system account's JWT (signed by the current signer). A refusal is logged: the
    /// server may hold a newer one.
    public func pushSystemAccount() async {
        let keys = self.keys
        do {
            try await pusher.push(AccountClaims(subject: keys.systemAccount.publicKey, name: "SYS").signed(by: keys.signer))
        } catch {
            logger.warning("system account JWT not pushed", metadata: ["error": "\(error)"])
        }
    }

    /// notifd's own account for its internal streams (the audit spill): made on first boot, its
    /// seed kept encrypted in `notif_accounts`, JetStream without limits, connected as `notifd-internal`.
    public func connectInternalAccount() async throws -> BrokerConnection {
        let cipher = settings.cipher
        let stored = try await repository.internalAccount(role: "internal") {
            let key = NKeyPair.generate(.account)
            return (key.publicKey, cipher.encrypt(key.seed))
        }
        let account = try NKeyPair(seed: cipher.decrypt(stored), expecting: .account)
        internalAccount.withLock { $0 = account }
        try await pushInternalAccount()
        return try await connect(account: account, name: "notifd-internal")
    }

    /// Signs and pushes notifd's own account (JetStream without limits).
    func pushInternalAccount() async throws {
        guard let account = internalAccount.withLock({ $0 }) else { return }
        var limits = AccountLimits()
        limits.memoryStorage = -1; limits.diskStorage = -1; limits.streams = -1; limits.consumers = -1
        try await pusher.push(AccountClaims(subject: account.publicKey, name: "notif-internal", limits: limits).signed(by: keys.signer))
    }

    /// Connects every org, `bootConcurrency` at a time, in the background. An org that fails is
    /// retried with backoff while the others serve; `isBooted` turns true once all are connected.
    public func boot() async throws {
        let records = try await repository.list()
        let started = ContinuousClock.now
        bootState.withLock { state in
            state.started = started
            state.pending = Set(records.map(\.id))
            state.finished = records.isEmpty
        }
        accountsTotal.record(records.count)
        if records.isEmpty { logger.info("multi-account boot complete", metadata: ["orgs": "0"]) }
        let queue = BootQueue(records)
        for _ in 0..<max(1, min(settings.bootConcurrency, records.count)) {
            let task = Task {
                while let record = await queue.next() { await bootWithRetry(record) }
            }
            bootState.withLock { $0.tasks.append(task) }
        }
    }

    /// Whether the system-account connection (pushes, lookups) is up.
    public var isSystemConnected: Bool { system.state == .connected }

    /// True once every org that existed at boot is connected.
    public var isBooted: Bool { bootState.withLock { $0.finished } }

    /// Orgs boot has not connected yet.
    public var pendingOrgs: [String] { bootState.withLock { $0.pending.sorted() } }

    /// Stops boot retries (at shutdown).
    public func stopBooting() {
        let tasks = bootState.withLock { state in
            defer { state.tasks.removeAll() }
            return state.tasks
        }
        for task in tasks { task.cancel() }
    }

    private func bootWithRetry(_ record: OrgAccountRecord) async {
        var delay = settings.retryDelay.first
        while !Task.isCancelled {
            do {
                try await bootOrg(record)
                let (finished, started) = bootState.withLock { state -> (Bool, ContinuousClock.Instant?) in
                    state.pending.remove(record.id)
                    let done = state.pending.isEmpty && !state.finished
                    if done { state.finished = true }
                    return (done, state.started)
                }
                if finished, let started {
                    let elapsed = ContinuousClock.now - started
                    Metrics.Timer(label: "notifd_boot_duration_seconds", preferredDisplayUnit: .seconds)
                        .recordNanoseconds(elapsed.nanoseconds)
                    logger.info("multi-account boot complete", metadata: ["orgs": "\(pool.orgs.count)", "duration": "\(elapsed)"])
                }
                return
            } catch {
                logger.warning("org not connected, retrying", metadata: ["org": "\(record.id)", "error": "\(error)", "retry_in": "\(delay)"])
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, settings.retryDelay.max)
            }
        }
    }

    /// One org at boot: a key if it has none (orgs from single-account mode), its JWT rebuilt and
    /// pushed when the server's differs, a connection, its streams, and the pool.
    private func bootOrg(_ stored: OrgAccountRecord) async throws {
        try await withOrgLock(stored.id) {
            guard var record = try await repository.get(stored.id) else { return }  // deleted meanwhile
            if (try? pool.broker(forOrg: record.id)) != nil { return }
            if record.publicKey == nil {
                let account = NKeyPair.generate(.account)
                let sealed = settings.cipher.encrypt(account.seed)
                try await repository.setKey(id: record.id, publicKey: account.publicKey, encryptedSeed: sealed)
                record.publicKey = account.publicKey
                record.encryptedSeed = sealed
            }
            let account = try accountKey(of: record)
            let wanted = claims(for: record, publicKey: account.publicKey)
            if try await !serverHolds(wanted) {
                try await push(wanted, org: record.id, caller: .notifd, operation: "boot")
            }
            let connection = try await connect(account: account, name: "notifd-\(record.id)")
            do {
                try await ensureStreams(connection, org: record.id, tier: record.tier)
                rememberTier(record.tier, of: record.id)
                try pool.add(org: record.id, connection: connection, streams: .perOrg(record.id))
            } catch {
                await connection.close()
                throw error
            }
        }
    }

    /// Whether the resolver already holds exactly these claims, signed by the current signer.
    func serverHolds(_ claims: AccountClaims) async throws -> Bool {
        guard let token = try await pusher.lookup(claims.subject),
              let (stored, jwt) = try? AccountClaims.decode(token, now: nil) else { return false }
        return stored == claims && jwt.issuer == keys.signer.publicKey
    }
}

/// Hands out boot work to a fixed number of workers.
actor BootQueue {
    private var records: [OrgAccountRecord]

    init(_ records: [OrgAccountRecord]) { self.records = records.reversed() }

    func next() -> OrgAccountRecord? { records.popLast() }
}
