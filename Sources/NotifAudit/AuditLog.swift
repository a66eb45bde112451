import Logging
import Metrics
import NotifCore
import ServiceLifecycle
import Synchronization

/// The audit writer. `record` never blocks and never drops: it logs the entry as one structured line
/// (`audit`) and appends it to an in-memory queue. A writer loop moves the queue into Postgres in
/// batches (each extends its org's hash chain); when Postgres fails, or the queue grows past
/// `capacity` while Postgres is slow, entries go to the JetStream spill instead and are written from
/// there once Postgres answers. Shutdown writes (or spills) everything still queued within a deadline.
public final class AuditLog: Service, Sendable {
    /// Tuning; the defaults suit one server.
    public struct Settings: Sendable {
        /// Entries kept in memory before the overflow goes to the spill.
        public var capacity = 10_000
        public var batchSize = 500
        /// How long a batch insert may take before Postgres counts as failing.
        public var insertTimeout: Duration = .seconds(2)
        /// How often a failing Postgres is tried again (meanwhile entries are spilled).
        public var probeInterval: Duration = .seconds(1)
        public var shutdownDeadline: Duration = .seconds(10)

        public init() {}
    }

    private struct State {
        var queue: [AuditEntry] = []
        /// Until when Postgres is skipped after a failure.
        var postgresFailingUntil: ContinuousClock.Instant?
        var written = 0
        var spilled = 0
    }

    public let repository: AuditRepository
    let spill: AuditSpill?
    let settings: Settings
    let logger: Logger
    private let state = Mutex(State())
    private let work = WakeSignal()
    private let metrics = AuditMetrics()

    public init(repository: AuditRepository, spill: AuditSpill?, settings: Settings = Settings(), logger: Logger) {
        self.repository = repository
        self.spill = spill
        self.settings = settings
        self.logger = logger
    }

    /// Records `entry`: one `audit` log line now, the database soon.
    public func record(_ entry: AuditEntry) {
        logger.info("audit", metadata: Self.metadata(entry))
        let depth = state.withLock { state -> Int in
            state.queue.append(entry)
            return state.queue.count
        }
        metrics.queueDepth.record(depth)
        if depth >= settings.batchSize || depth > settings.capacity { work.wake() }
    }

    /// Entries waiting in memory.
    public var queueDepth: Int { state.withLock { $0.queue.count } }

    /// Entries this writer stored in Postgres directly, and entries it handed to the spill.
    public var totals: (written: Int, spilled: Int) { state.withLock { ($0.written, $0.spilled) } }

    public func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            if let spill {
                let repository = self.repository, metrics = self.metrics
                group.addTask { await spill.replay(into: repository) { metrics.written.increment(by: $0) } }
            }
            await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    await self.work.wait(upTo: .milliseconds(100))
                    await self.drain()
                }
            }
            // Not cancellable: even when the run task is cancelled, what is queued is written.
            await Task { await self.shutdown() }.value
            group.cancelAll()
        }
    }

    /// Writes everything queued so far (to Postgres, or to the spill while Postgres fails).
    public func flush() async {
        await drain()
    }

    /// - Parameter deadline: at shutdown, inserts may take until then (a timed-out insert keeps
    ///   running in Postgres and holds the chain's lock, so retrying it sooner only queues behind it).
    private func drain(until deadline: ContinuousClock.Instant? = nil) async {
        while true {
            let (batch, depth, skipPostgres) = state.withLock { state -> ([AuditEntry], Int, Bool) in
                let batch = Array(state.queue.prefix(settings.batchSize))
                state.queue.removeFirst(batch.count)
                let failing = state.postgresFailingUntil.map { ContinuousClock.now < $0 } ?? false
                return (batch, state.queue.count, failing)
            }
            guard !batch.isEmpty else { return }
            metrics.queueDepth.record(depth)
            let overflowing = depth > settings.capacity
            // Without a spill, Postgres is the only way out, slow or not.
            let tryPostgres = spill == nil || (!skipPostgres && !overflowing)
            if tryPostgres, await write(batch, until: deadline) { continue }
            guard await spillOrRequeue(batch) else { return }
        }
    }

    /// One batch into Postgres; false (and Postgres marked failing for a while) when it did not commit.
    private func write(_ batch: [AuditEntry], until deadline: ContinuousClock.Instant? = nil) async -> Bool {
        do {
            let repository = self.repository
            // Without a spill there is nowhere else to go: a slow insert is waited for, not abandoned.
            var timeout = spill == nil ? max(settings.insertTimeout, .seconds(30)) : settings.insertTimeout
            if let deadline { timeout = max(.milliseconds(100), deadline - ContinuousClock.now) }
            let inserted = try await withDeadline(timeout) { try await repository.append(batch) }
            metrics.written.increment(by: inserted)
            state.withLock { state in
                state.postgresFailingUntil = nil
                state.written += inserted
            }
            return true
        } catch {
            // A timed-out insert may still commit: the spill replay then finds the ids stored and skips them.
            state.withLock { $0.postgresFailingUntil = .now + settings.probeInterval }
            logger.warning("audit entries go to the spill while Postgres fails", metadata: ["error": "\(error)", "entries": "\(batch.count)"])
            return false
        }
    }

    /// Spills `batch`; what the spill cannot take goes back to the front of the queue (false: stop for now).
    private func spillOrRequeue(_ batch: [AuditEntry]) async -> Bool {
        guard let spill else {
            state.withLock { $0.queue.insert(contentsOf: batch, at: 0) }
            return false
        }
        let refused = await spill.store(batch)
        metrics.spilled.increment(by: batch.count - refused.count)
        state.withLock { $0.spilled += batch.count - refused.count }
        guard refused.isEmpty else {
            state.withLock { $0.queue.insert(contentsOf: refused, at: 0) }
            logger.error("audit spill unavailable; entries stay queued in memory", metadata: ["entries": "\(refused.count)"])
            return false
        }
        return true
    }

    /// Writes what is left within the deadline; what cannot be written in time is spilled; what the
    /// spill cannot take is logged as lost (each entry was already logged as an `audit` line).
    private func shutdown() async {
        let deadline = ContinuousClock.now + settings.shutdownDeadline
        while queueDepth > 0 && ContinuousClock.now < deadline {
            await drain(until: spill == nil ? deadline : nil)
            if queueDepth > 0 { try? await Task.sleep(for: .milliseconds(50)) }
        }
        let left = state.withLock { state -> [AuditEntry] in
            defer { state.queue.removeAll() }
            return state.queue
        }
        if !left.isEmpty {
            logger.error("audit entries not stored at shutdown (they are in the log as 'audit' lines)", metadata: ["entries": "\(left.count)"])
        }
    }

    static func metadata(_ entry: AuditEntry) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            "audit_id": "\(entry.id)", "actor": "\(entry.actor)", "action": "\(entry.action)",
            "timestamp": "\(entry.timestamp.rfc3339)",
        ]
        if !entry.orgID.isEmpty { metadata["org_id"] = "\(entry.orgID)" }
        if let project = entry.projectID { metadata["project_id"] = "\(project)" }
        if let target = entry.target { metadata["target"] = "\(target)" }
        if let ip = entry.ipAddress { metadata["ip_address"] = "\(ip)" }
        if let request = entry.requestID { metadata["request_id"] = "\(request)" }
        if let detail = entry.detail { metadata["detail"] = "\(detail.jsonString)" }
        return metadata
    }
}

/// The audit writer's metrics (swift-metrics): queue depth, entries written and spilled.
struct AuditMetrics: Sendable {
    let queueDepth = Gauge(label: "notif_audit_queue_depth")
    let written = Counter(label: "notif_audit_written_total")
    let spilled = Counter(label: "notif_audit_spilled_total")
}
