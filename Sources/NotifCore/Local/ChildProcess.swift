import Dispatch
import Foundation
import Glibc
import Synchronization

/// One launched child process. Foundation's `Process` reaps it (waitpid on its manager thread)
/// and then calls our termination handler, which records the exit status, wakes the waiters
/// and runs the exit callback.
final class ChildProcess: Sendable {
    let name: String
    let pid: Int32
    private let monitor: ExitMonitor
    /// Only kept so the `Process` (and the log `FileHandle` it holds) lives as long as we do.
    private let reference: ProcessReference

    private init(name: String, pid: Int32, monitor: ExitMonitor, reference: ProcessReference) {
        self.name = name
        self.pid = pid
        self.monitor = monitor
        self.reference = reference
    }

    /// Spawns `executable` with stdin from /dev/null and stdout+stderr into `output`
    /// (/dev/null when nil). Foundation closes every other descriptor in the child.
    static func launch(
        name: String,
        executable: String,
        arguments: [String],
        environment: [String: String]? = nil,
        currentDirectory: URL? = nil,
        output: FileHandle? = nil
    ) throws -> ChildProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output ?? FileHandle.nullDevice
        process.standardError = output ?? FileHandle.nullDevice
        let monitor = ExitMonitor()
        process.terminationHandler = { process in
            // Runs on a thread of Foundation's after the child was reaped.
            let status = process.terminationReason == .uncaughtSignal
                ? 128 + process.terminationStatus
                : process.terminationStatus
            monitor.exited(status: status)
        }
        do {
            try process.run()
        } catch {
            throw LocalStackError("could not launch \(name) (\(executable)): \(error)")
        }
        return ChildProcess(
            name: name, pid: process.processIdentifier, monitor: monitor,
            reference: ProcessReference(process: process))
    }

    /// The exit status once the child has exited (128 + signal number when a signal killed it).
    var exitStatus: Int32? { monitor.status }
    var isRunning: Bool { monitor.status == nil }

    /// Registers the callback run once when the child exits (at once if it already has).
    /// `expected` tells whether `markExpected()` was called before the exit.
    func onExit(_ handler: @escaping @Sendable (_ status: Int32, _ expected: Bool) -> Void) {
        monitor.setHandler(handler)
    }

    /// Records that the coming exit is on purpose (stop or kill), not a crash.
    func markExpected() { monitor.markExpected() }

    /// Sends `signal` unless the child has already been reaped (so we never signal a recycled pid,
    /// short of the instant between the reap and our status update).
    @discardableResult
    func send(_ signal: Int32) -> Bool {
        guard isRunning else { return false }
        return Glibc.kill(pid, signal) == 0
    }

    /// Waits until the child has exited; nil after `timeout`. Not cancellable, so it is safe in cleanup paths.
    ///
    /// Besides Foundation's termination handler it checks every 100 ms, without reaping
    /// (`waitid` with `WNOWAIT`), whether the child has already exited: a notification Foundation
    /// misses under load must not turn a finished command into a time-out.
    func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let status = monitor.status { return status }
            if let status = Self.exitStatusWithoutReaping(pid) {
                monitor.exited(status: status)
                return status
            }
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return nil }
            if let status = await monitor.wait(timeout: min(remaining, .milliseconds(100))) { return status }
        }
    }

    /// The exit status of a child that has exited but is not reaped yet (a zombie), else nil.
    private static func exitStatusWithoutReaping(_ pid: Int32) -> Int32? {
        var info = siginfo_t()
        guard waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0,
              info._sifields._sigchld.si_pid == pid else { return nil }
        let status = info._sifields._sigchld.si_status
        return info.si_code == CLD_EXITED ? status : 128 + status
    }

    /// Marks the exit as expected, sends `signal`, waits `grace`, then SIGKILLs and waits for the reap.
    /// Returns the exit status (nil only if even SIGKILL did not end it within 10 s).
    @discardableResult
    func terminate(signal: Int32, grace: Duration) async -> Int32? {
        markExpected()
        send(signal)
        if let status = await waitForExit(timeout: grace) { return status }
        send(SIGKILL)
        return await waitForExit(timeout: .seconds(10))
    }
}

/// Foundation's `Process` is not Sendable. After `run()` returns we never call it again: the pid was
/// copied out and the exit status arrives through the termination handler's own argument.
/// This box only holds the reference, so sharing it across threads is safe.
private struct ProcessReference: @unchecked Sendable {
    let process: Process
}

/// Exit status, waiters and the exit callback of one child, all under one `Mutex`.
private final class ExitMonitor: Sendable {
    private struct State {
        var status: Int32?
        var expected = false
        var nextWaiterID = 0
        var waiters: [Int: CheckedContinuation<Int32?, Never>] = [:]
        var handler: (@Sendable (Int32, Bool) -> Void)?
    }

    private let state = Mutex(State())

    var status: Int32? { state.withLock { $0.status } }

    func markExpected() { state.withLock { $0.expected = true } }

    func exited(status: Int32) {
        let (waiters, handler, expected) = state.withLock { state in
            state.status = status
            let waiters = Array(state.waiters.values)
            state.waiters.removeAll()
            let handler = state.handler
            state.handler = nil
            return (waiters, handler, state.expected)
        }
        for waiter in waiters { waiter.resume(returning: status) }
        handler?(status, expected)
    }

    func setHandler(_ handler: @escaping @Sendable (Int32, Bool) -> Void) {
        let exited: (Int32, Bool)? = state.withLock { state in
            if let status = state.status { return (status, state.expected) }
            state.handler = handler
            return nil
        }
        if let (status, expected) = exited { handler(status, expected) }
    }

    func wait(timeout: Duration) async -> Int32? {
        await withCheckedContinuation { (continuation: CheckedContinuation<Int32?, Never>) in
            let registered: Int? = state.withLock { state in
                if state.status != nil { return nil }
                let id = state.nextWaiterID
                state.nextWaiterID += 1
                state.waiters[id] = continuation
                return id
            }
            guard let id = registered else {
                continuation.resume(returning: status)
                return
            }
            let nanoseconds = Int(min(timeout.seconds, 86_400) * 1e9)
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) { [self] in
                let timedOut = state.withLock { $0.waiters.removeValue(forKey: id) }
                timedOut?.resume(returning: nil)
            }
        }
    }
}
