import Dispatch

/// Runs blocking libnats calls on dispatch threads so they never occupy Swift's cooperative pool
/// (which has only as many threads as cores: two on our CI machines).
enum BlockingCalls {
    private static let queue = DispatchQueue(label: "notif.broker.blocking", qos: .userInitiated, attributes: .concurrent)

    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}

/// A C pointer that libnats documents as safe to use from any thread (`natsConnection`,
/// `natsSubscription` and `natsOptions` are internally locked and reference counted).
/// It never leaves the `Broker` folder.
struct NATSHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}
