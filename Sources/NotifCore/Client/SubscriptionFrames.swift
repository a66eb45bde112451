import Synchronization

/// A text frame waiting to be written on a subscription's connection; `writeID` names the callback
/// (in the runner's state) that hears when it is.
struct OutboundFrame: Sendable {
    var text: String
    var writeID: Int?
    /// Not a message: close the connection (after everything queued before it).
    var closes = false
}

/// Resumes a continuation once, whichever of several paths gets there first.
final class OneShot<Value: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<Value, Never>?>

    init(_ continuation: CheckedContinuation<Value, Never>) { self.continuation = Mutex(continuation) }

    func resume(_ value: Value) {
        let pending = continuation.withLock { value in
            defer { value = nil }
            return value
        }
        pending?.resume(returning: value)
    }
}
