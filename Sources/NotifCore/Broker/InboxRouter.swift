import Foundation
import Synchronization

/// Routes the replies arriving on one wildcard inbox subscription (`_INBOX.<id>.*`) to the request
/// waiting for each (JetStream API calls, publish acks). One subscription per connection serves any
/// number of concurrent requests, and no request holds a thread while it waits.
final class InboxRouter: Sendable {
    private struct PendingRequest {
        let continuation: CheckedContinuation<NATSMessage, any Error>
        let deadline: ContinuousClock.Instant
        let subject: String
    }

    private struct State {
        var nextToken: UInt64 = 0
        var requests: [Substring: PendingRequest] = [:]
        var closed = false
    }

    /// `_INBOX.<22 random chars>.`: every reply subject of this router starts with it.
    let prefix: String
    private let state = Mutex(State())
    private let connection: NATSConnection
    private let subscription = Mutex<NATSSubscription?>(nil)
    private let sweeper = Mutex<Task<Void, Never>?>(nil)

    private init(connection: NATSConnection) {
        self.connection = connection
        self.prefix = "_INBOX.\(RandomToken.alphanumeric(22))."
    }

    static func start(on connection: NATSConnection) async throws -> InboxRouter {
        let router = InboxRouter(connection: connection)
        let subscription = try await connection.subscribe(router.prefix + "*") { [weak router] message in
            router?.route(message)
        }
        router.subscription.withLock { $0 = subscription }
        router.sweeper.withLock {
            $0 = Task { [weak router] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(50))
                    router?.failExpiredRequests()
                }
            }
        }
        return router
    }

    /// Sends a request and waits for the first reply, the deadline, or cancellation.
    func request(_ subject: String, headers: NATSHeaders = NATSHeaders(), payload: [UInt8], timeout: Duration) async throws -> NATSMessage {
        let token = state.withLock { state -> Substring in
            state.nextToken &+= 1
            return Substring(String(state.nextToken, radix: 36))
        }
        let reply = prefix + token
        let message = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<NATSMessage, any Error>) in
                // A cancellation before the request is registered found nothing to fail, so it is checked
                // under the lock the cancellation handler's `fail` also takes.
                let refusal = state.withLock { state -> (any Error)? in
                    guard !state.closed else { return BrokerError.closed }
                    guard !Task.isCancelled else { return CancellationError() }
                    state.requests[token] = PendingRequest(continuation: continuation, deadline: .now + timeout, subject: subject)
                    return nil
                }
                if let refusal {
                    continuation.resume(throwing: refusal)
                    return
                }
                do {
                    try connection.publish(subject, reply: reply, headers: headers, payload: payload)
                } catch {
                    fail(token: token, with: error)
                }
            }
        } onCancel: {
            fail(token: token, with: CancellationError())
        }
        if message.status == 503 { throw BrokerError.noResponders(subject: subject) }
        return message
    }

    /// Fails everything still waiting and stops routing.
    func close() {
        let pending = state.withLock { state -> [PendingRequest] in
            state.closed = true
            defer { state.requests = [:] }
            return Array(state.requests.values)
        }
        for request in pending { request.continuation.resume(throwing: BrokerError.closed) }
        sweeper.withLock { $0?.cancel(); $0 = nil }
        if let subscription = self.subscription.withLock({ value -> NATSSubscription? in
            defer { value = nil }
            return value
        }) {
            connection.unsubscribe(subscription)
        }
    }

    private func route(_ message: NATSMessage) {
        guard message.subject.hasPrefix(prefix) else { return }
        let token = message.subject.dropFirst(prefix.count)
        let request = state.withLock { $0.requests.removeValue(forKey: token) }
        request?.continuation.resume(returning: message)
    }

    private func fail(token: Substring, with error: any Error) {
        let request = state.withLock { $0.requests.removeValue(forKey: token) }
        request?.continuation.resume(throwing: error)
    }

    private func failExpiredRequests() {
        let now = ContinuousClock.now
        let expired = state.withLock { state -> [PendingRequest] in
            let tokens = state.requests.filter { $0.value.deadline <= now }.map(\.key)
            return tokens.compactMap { state.requests.removeValue(forKey: $0) }
        }
        for request in expired {
            request.continuation.resume(throwing: BrokerError.timeout(subject: request.subject))
        }
    }
}
