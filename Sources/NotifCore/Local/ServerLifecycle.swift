import Foundation
import Glibc
import Logging
import Synchronization

/// The part shared by `NATSServerProcess` and `PostgresProcess`: which child is current, the
/// unexpected-exit handlers, stopping and killing, and a lock that serialises start/stop/restart.
final class ServerLifecycle: Sendable {
    let name: String
    let logger: Logger
    /// Graceful stop: the signal and how long to wait for it before SIGKILL.
    let stopSignal: Int32
    let stopGrace: Duration
    /// Start, stop, kill and restart run one at a time under this lock.
    let operations = AsyncLock()

    private struct State {
        var child: ChildProcess?
        /// The current child finished starting; only then is an exit a "crash" worth reporting
        /// (a failed start is reported by the error the start throws).
        var established = false
        var handlers: [@Sendable (Int32) -> Void] = []
    }

    private let state = Mutex(State())

    init(name: String, logger: Logger, stopSignal: Int32, stopGrace: Duration) {
        self.name = name
        self.logger = logger
        self.stopSignal = stopSignal
        self.stopGrace = stopGrace
    }

    /// A child finished starting and has not exited since.
    var isRunning: Bool { state.withLock { $0.established && ($0.child?.isRunning ?? false) } }

    /// The pid of the current child while it runs, also while it is still starting.
    var pid: Int32? {
        state.withLock { state in state.child.flatMap { $0.isRunning ? $0.pid : nil } }
    }

    func onUnexpectedExit(_ handler: @escaping @Sendable (Int32) -> Void) {
        state.withLock { $0.handlers.append(handler) }
    }

    /// Makes `child` the current child (call right after launching it).
    func adopt(_ child: ChildProcess) {
        state.withLock { state in
            state.child = child
            state.established = false
        }
        let pid = child.pid
        child.onExit { [weak self] status, expected in
            self?.childExited(pid: pid, status: status, expected: expected)
        }
    }

    /// The child finished starting: from now on an exit we did not ask for is reported.
    func establish(_ child: ChildProcess) {
        state.withLock { state in
            if state.child === child { state.established = true }
        }
    }

    private func childExited(pid: Int32, status: Int32, expected: Bool) {
        let handlers: [@Sendable (Int32) -> Void]? = state.withLock { state in
            guard !expected, state.established, let child = state.child, child.pid == pid else { return nil }
            return state.handlers
        }
        guard let handlers else { return }
        logger.warning(
            "\(name) exited unexpectedly", metadata: ["pid": "\(pid)", "status": "\(status)"])
        for handler in handlers { handler(status) }
    }

    /// Sends `signal` to the current child at once, without waiting for the operation lock, after
    /// marking its exit as expected. A stop uses it to cut short a start that is in progress.
    func signalCurrent(_ signal: Int32) {
        guard let child = state.withLock({ $0.child }), child.isRunning else { return }
        child.markExpected()
        child.send(signal)
    }

    /// Under `operations`: ends the current child with `signal`, waiting `grace` before SIGKILL.
    /// Does nothing when no child is running.
    func stopLocked(signal: Int32, grace: Duration, metadata: Logger.Metadata) async {
        guard let child = state.withLock({ $0.child }), child.isRunning else { return }
        let status = await child.terminate(signal: signal, grace: grace)
        var metadata = metadata
        metadata["pid"] = "\(child.pid)"
        metadata["status"] = "\(status.map(String.init) ?? "still running")"
        if status == nil {
            logger.error("\(name) does not exit even after SIGKILL", metadata: metadata)
        } else {
            logger.info("\(name) stopped", metadata: metadata)
        }
    }

    /// A graceful stop: signal at once (interrupting a start), then stop under the lock.
    func stop(metadata: Logger.Metadata) async {
        signalCurrent(stopSignal)
        await operations.withLock {
            await stopLocked(signal: stopSignal, grace: stopGrace, metadata: metadata)
        }
    }

    /// SIGKILL, marked as expected, and wait for the reap.
    func kill(metadata: Logger.Metadata) async {
        signalCurrent(SIGKILL)
        await operations.withLock {
            await stopLocked(signal: SIGKILL, grace: .seconds(10), metadata: metadata)
        }
    }

    /// SIGKILL without marking the exit as expected, so the unexpected-exit handlers run (tests).
    func simulateCrash() async {
        guard let child = state.withLock({ $0.child }), child.isRunning else { return }
        logger.info("simulating a crash of \(name)", metadata: ["pid": "\(child.pid)"])
        child.send(SIGKILL)
        _ = await child.waitForExit(timeout: .seconds(10))
    }
}
