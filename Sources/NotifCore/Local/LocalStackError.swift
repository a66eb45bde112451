import Foundation

/// An error from starting or controlling a local child server (nats-server, PostgreSQL).
/// The description says what failed and, when there is one, ends with the tail of the server's log.
public struct LocalStackError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }

    /// `message`, followed by the last lines of `logTail` when it is not empty.
    static func withLog(_ message: String, logTail: String) -> LocalStackError {
        let tail = logTail.trimmingCharacters(in: .whitespacesAndNewlines)
        return LocalStackError(tail.isEmpty ? message : "\(message)\n--- log tail ---\n\(tail)")
    }
}
