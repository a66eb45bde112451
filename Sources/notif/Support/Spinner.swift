import Foundation
import Synchronization

/// A spinner on stderr for waits longer than a second, shown only when stdout and stderr are a
/// terminal (never in pipes, files or `--json` output).
enum Spinner {
    private static let visible = Mutex(false)

    /// Runs `work`, showing `label` with a spinner if it takes more than a second.
    static func during<T: Sendable>(_ label: String, enabled: Bool = true, _ work: () async throws -> T) async throws -> T {
        guard enabled, Terminal.standardOutputIsTerminal, Terminal.standardErrorIsTerminal else { return try await work() }
        let animation = Task {
            try await Task.sleep(for: .seconds(1))
            let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
            var index = 0
            while !Task.isCancelled {
                // Checked and written under the lock, so nothing is drawn after `clearLine`.
                visible.withLock { shown in
                    guard !Task.isCancelled else { return }
                    shown = true
                    FileHandle.standardError.write(Data("\r\(frames[index % frames.count]) \(label)".utf8))
                }
                index += 1
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        defer {
            animation.cancel()
            clearLine()
        }
        return try await work()
    }

    /// Erases the spinner line, if one is shown, before other output.
    static func clearLine() {
        visible.withLock { shown in
            if shown { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
            shown = false
        }
    }
}
