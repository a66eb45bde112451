import Foundation
import Logging
import NotifCore
import ServiceLifecycle
import Synchronization

/// Collects which keys were used and writes `last_used_at` for all of them in one statement every few
/// seconds, instead of one UPDATE per request. Flushes once more on shutdown.
public final class KeyUsageRecorder: Service, Sendable {
    private let used = Mutex<Set<UUID>>([])
    private let database: Database
    private let interval: Duration
    private let logger: Logger

    public init(database: Database, interval: Duration = .seconds(5), logger: Logger) {
        self.database = database
        self.interval = interval
        self.logger = logger
    }

    func record(_ id: UUID) {
        _ = used.withLock { $0.insert(id) }
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.interval) }
            await flush()
        }
        await flush()
    }

    func flush() async {
        let ids = used.withLock { set -> [UUID] in
            defer { set.removeAll() }
            return Array(set)
        }
        guard !ids.isEmpty else { return }
        do {
            try await database.apiKeys.touch(ids: ids, at: .now())
        } catch {
            logger.warning("could not record key usage", metadata: ["error": "\(String(reflecting: error))", "keys": "\(ids.count)"])
        }
    }
}
