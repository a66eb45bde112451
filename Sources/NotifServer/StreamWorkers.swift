import Logging
import NotifCore
import ServiceLifecycle
import Synchronization

/// Runs the workers that read each connection's streams (the event indexer and the webhook
/// fan-out), following the broker pool: workers start when an org's connection is added and stop
/// when it is removed. In single-account mode that is one pair for the shared connection.
final class StreamWorkers: Service, Sendable {
    private let pool: BrokerPool
    private let database: Database
    private let dispatcher: WebhookDispatcher
    private let logger: Logger
    private let fanouts = Mutex<[String: WebhookFanout]>([:])

    init(pool: BrokerPool, database: Database, dispatcher: WebhookDispatcher, logger: Logger) {
        self.pool = pool
        self.database = database
        self.dispatcher = dispatcher
        self.logger = logger
    }

    /// Forgets cached webhook lists of a project (after a create, update or delete).
    func invalidateWebhooks(orgID: String, projectID: String) {
        for fanout in fanouts.withLock({ Array($0.values) }) { fanout.invalidate(orgID: orgID, projectID: projectID) }
    }

    func run() async throws {
        // The pool's change stream ends only when the pool closes, after every service: this loop
        // reads a copy of it that graceful shutdown ends.
        let (changes, continuation) = AsyncStream<BrokerPool.MemberChange>.makeStream()
        let forwarder = Task {
            for await change in pool.memberChanges() { continuation.yield(change) }
            continuation.finish()
        }
        var running: [String: Task<Void, Never>] = [:]
        await withGracefulShutdownHandler {
            for await change in changes {
                switch change {
                case .added(let member):
                    running[member.key]?.cancel()
                    running[member.key] = start(member)
                case .removed(let key):
                    running.removeValue(forKey: key)?.cancel()
                    _ = fanouts.withLock { $0.removeValue(forKey: key) }
                }
            }
        } onGracefulShutdown: {
            continuation.finish()
        }
        forwarder.cancel()
        // The workers see the shutdown themselves (they inherit it) and flush what they hold.
        for task in running.values { await task.value }
    }

    /// Runs the member's workers until cancelled or shut down.
    private func start(_ member: BrokerPool.Member) -> Task<Void, Never> {
        let fanout = WebhookFanout(connection: member.connection, streams: member.streams, database: database,
                                   dispatcher: dispatcher, logger: logger)
        let indexer = EventIndexer(connection: member.connection, streams: member.streams, database: database, logger: logger)
        fanouts.withLock { $0[member.key] = fanout }
        let logger = self.logger
        return Task {
            await withDiscardingTaskGroup { group in
                for worker in [fanout, indexer] as [any Service] {
                    group.addTask {
                        do { try await worker.run() } catch {
                            logger.error("stream worker failed", metadata: ["org": "\(member.key)", "error": "\(error)"])
                        }
                    }
                }
            }
        }
    }
}
