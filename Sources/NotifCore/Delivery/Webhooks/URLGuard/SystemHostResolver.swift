import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Resolves names with the system resolver (`getaddrinfo`: /etc/hosts, DNS, search domains).
/// `getaddrinfo` blocks, so it runs on a Dispatch global queue, never on Swift's cooperative pool;
/// the caller gets an answer or a timeout error after `timeout` (default 5 s), or `CancellationError`
/// when its task is cancelled. A lookup that outlives its timeout finishes on its Dispatch thread
/// and its answer is dropped.
public struct SystemHostResolver: HostResolver {
    public var timeout: Duration

    public init(timeout: Duration = .seconds(5)) {
        self.timeout = timeout
    }

    public func resolve(host: String, port: Int) async throws -> [IPAddress] {
        let outcome = ResolutionOutcome()
        let timeout = self.timeout
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[IPAddress], any Error>) in
                outcome.install(continuation)
                DispatchQueue.global(qos: .userInitiated).async {
                    outcome.finish(Result { try Self.lookUp(host) })
                }
                let (seconds, attoseconds) = timeout.components
                let nanoseconds = Int(clamping: seconds) &* 1_000_000_000 &+ Int(attoseconds / 1_000_000_000)
                DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) {
                    outcome.finish(.failure(HostResolutionError(host: host, reason: "DNS lookup timed out after \(timeout)")))
                }
            }
        } onCancel: {
            outcome.finish(.failure(CancellationError()))
        }
    }

    /// Blocking `getaddrinfo`; distinct addresses in the resolver's preference order.
    private static func lookUp(_ host: String) throws -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if os(Linux)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0 else {
            throw HostResolutionError(host: host, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        var addresses: [IPAddress] = []
        var cursor = list
        while let entry = cursor {
            if let socketAddress = entry.pointee.ai_addr, let address = IPAddress(sockaddr: socketAddress),
               !addresses.contains(address) {
                addresses.append(address)
            }
            cursor = entry.pointee.ai_next
        }
        guard !addresses.isEmpty else { throw HostResolutionError(host: host, reason: "no addresses") }
        return addresses
    }
}

/// The first of answer, timeout or cancellation, delivered once to the one waiting continuation
/// (which may be installed after the outcome is already known).
private final class ResolutionOutcome: Sendable {
    private struct State {
        var result: Result<[IPAddress], any Error>?
        var continuation: CheckedContinuation<[IPAddress], any Error>?
    }

    private let state = Mutex(State())

    func install(_ continuation: CheckedContinuation<[IPAddress], any Error>) {
        let ready = state.withLock { state -> Result<[IPAddress], any Error>? in
            if let result = state.result { return result }
            state.continuation = continuation
            return nil
        }
        if let ready { continuation.resume(with: ready) }
    }

    func finish(_ result: Result<[IPAddress], any Error>) {
        let waiter = state.withLock { state -> CheckedContinuation<[IPAddress], any Error>? in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.continuation = nil }
            return state.continuation
        }
        waiter?.resume(with: result)
    }
}
