import Logging
import Synchronization

/// Restarts servers that died unexpectedly, one restart loop per server, with exponential backoff
/// (0.5 s, 1 s, 2 s … capped at 10 s). The backoff grows while restarts keep failing or the server
/// keeps crashing within a minute of its last restart, and starts again at 0.5 s otherwise.
final class RestartSupervisor: Sendable {
    static let initialDelay: Duration = .milliseconds(500)
    static let maximumDelay: Duration = .seconds(10)
    /// A crash later than this after the last successful restart resets the backoff.
    static let stableAfter: Duration = .seconds(60)

    private struct Server {
        /// A crash was reported and not yet handled by the restart loop.
        var pending = false
        var task: Task<Void, Never>?
        var consecutiveFailures = 0
        var lastRestart: ContinuousClock.Instant?
    }

    private struct State {
        var shuttingDown = false
        var servers: [String: Server] = [:]
    }

    private let logger: Logger
    private let state = Mutex(State())

    init(logger: Logger) {
        self.logger = logger
    }

    static func delay(afterFailures failures: Int) -> Duration {
        let factor = 1 << min(failures, 10)
        return min(initialDelay * factor, maximumDelay)
    }

    /// Called from a server's unexpected-exit handler. Starts the restart loop for `name` unless one
    /// is already running (that loop then sees `pending` and restarts once more).
    func serverDied(_ name: String, restart: @escaping @Sendable () async throws -> Void) {
        state.withLock { state in
            guard !state.shuttingDown else { return }
            var server = state.servers[name, default: Server()]
            server.pending = true
            let now = ContinuousClock.now
            if let last = server.lastRestart, now - last < Self.stableAfter {
                server.consecutiveFailures += 1
            } else {
                server.consecutiveFailures = 0
            }
            if server.task == nil {
                server.task = Task { await self.restartLoop(name, restart: restart) }
            }
            state.servers[name] = server
        }
    }

    private func restartLoop(_ name: String, restart: @Sendable () async throws -> Void) async {
        while true {
            // Take the pending crash, or end the loop (atomically with clearing `task`).
            let failures: Int? = state.withLock { state in
                guard !state.shuttingDown, state.servers[name]?.pending == true else {
                    state.servers[name]?.task = nil
                    return nil
                }
                state.servers[name]?.pending = false
                return state.servers[name]?.consecutiveFailures ?? 0
            }
            guard var failures else { return }
            while true {
                let delay = Self.delay(afterFailures: failures)
                logger.warning("restarting \(name) in \(delay)", metadata: ["attempt": "\(failures + 1)"])
                do { try await Task.sleep(for: delay) } catch { break }
                if isShuttingDown || Task.isCancelled { break }
                do {
                    try await restart()
                    state.withLock { $0.servers[name]?.lastRestart = .now }
                    logger.warning("\(name) restarted after an unexpected exit")
                    break
                } catch {
                    if isShuttingDown || Task.isCancelled { break }
                    logger.error("restarting \(name) failed: \(error)")
                    failures += 1
                    state.withLock { $0.servers[name]?.consecutiveFailures = failures }
                }
            }
        }
    }

    private var isShuttingDown: Bool { state.withLock { $0.shuttingDown } }

    /// Stops supervising: no new restarts, running restart loops are cancelled and awaited
    /// (a cancelled start stops the child it had launched). Idempotent.
    func shutdown() async {
        let tasks = state.withLock { state in
            state.shuttingDown = true
            return state.servers.values.compactMap(\.task)
        }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }
}
