import Dispatch
import Foundation
import Synchronization

/// Ctrl-C: cancels the command running inside `notif shell`, otherwise ends the process with 130.
enum Interrupts {
    private static let current = Mutex<Task<Int32, Never>?>(nil)

    static func install() {
        signal(SIGINT, SIG_IGN)
        let signalSource = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        signalSource.setEventHandler {
            if let task = current.withLock({ $0 }) {
                task.cancel()
            } else {
                Spinner.clearLine()
                Terminal.flushStandardOutput()
                exit(130)
            }
        }
        signalSource.resume()
        // The handler lives as long as the process: keep one strong reference that is never released.
        _ = Unmanaged.passRetained(signalSource as AnyObject)
    }

    /// Runs `work` so that Ctrl-C cancels it instead of ending the process (`notif shell`).
    static func cancellable(_ work: @escaping @Sendable () async -> Int32) async -> Int32 {
        let task = Task { await work() }
        current.withLock { $0 = task }
        let code = await task.value
        current.withLock { $0 = nil }
        return task.isCancelled ? 130 : code
    }
}
