import HTTPTypes
import HummingbirdWSClient
import Logging
import NotifCore
import Synchronization

/// A WebSocket client for tests: connect, send JSON frames, and receive the server's frames one at a
/// time with a deadline. Ping frames are answered by the library.
public final class TestWebSocket: Sendable {
    /// The connection could not be established (for example a refused upgrade), or a frame did not arrive in time.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    private struct State {
        var received: [JSONValue] = []
        var outgoing: [String?] = []
        var sendWaiter: CheckedContinuation<Void, Never>?
        var closed = false
        var connected: CheckedContinuation<Void, any Error>?
    }

    private let state = Mutex(State())
    private let arrivals = WakeSignal()
    private let task = Mutex<Task<Void, Never>?>(nil)

    private init() {}

    /// Connects to `url` (`ws://host:port/ws…`) with extra request headers; throws when the upgrade is refused.
    public static func connect(_ url: String, headers: [(String, String)] = []) async throws -> TestWebSocket {
        let socket = TestWebSocket()
        var fields = HTTPFields()
        for (name, value) in headers { if let name = HTTPField.Name(name) { fields.append(HTTPField(name: name, value: value)) } }
        let configuration = WebSocketClientConfiguration(maxFrameSize: 1 << 22, additionalHeaders: fields, autoPing: .disabled)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            socket.state.withLock { $0.connected = continuation }
            let task = Task {
                var logger = Logger(label: "test-websocket")
                logger.logLevel = .critical
                do {
                    try await WebSocketClient.connect(url: url, configuration: configuration, logger: logger) { inbound, outbound, _ in
                        socket.resolveConnected(nil)
                        try await withThrowingTaskGroup(of: Void.self) { group in
                            group.addTask {
                                while let text = await socket.nextOutgoing() {
                                    try await outbound.write(.text(text))
                                }
                                try await outbound.close(.normalClosure, reason: nil)
                            }
                            for try await message in inbound.messages(maxSize: 1 << 22) {
                                if case .text(let text) = message, let value = try? JSONValue.parse(text) {
                                    socket.deliver(value)
                                }
                            }
                            group.cancelAll()
                        }
                    }
                    socket.resolveConnected(Failure(description: "connection ended before it was established"))
                } catch {
                    socket.resolveConnected(error)
                }
                socket.markClosed()
            }
            socket.task.withLock { $0 = task }
        }
        return socket
    }

    /// Sends one text frame with `value` as compact JSON.
    public func send(_ value: JSONValue) {
        enqueue(value.jsonString)
    }

    /// Sends a raw text frame.
    public func send(text: String) {
        enqueue(text)
    }

    /// The next frame from the server; throws when none arrives within `timeout` or the socket closed.
    public func receive(timeout: Duration = .seconds(10)) async throws -> JSONValue {
        let deadline = ContinuousClock.now + timeout
        while true {
            enum Step { case value(JSONValue), closed, wait }
            let step = state.withLock { state -> Step in
                if !state.received.isEmpty { return .value(state.received.removeFirst()) }
                return state.closed ? .closed : .wait
            }
            switch step {
            case .value(let value): return value
            case .closed: throw Failure(description: "socket closed")
            case .wait:
                guard ContinuousClock.now < deadline else { throw Failure(description: "no frame within \(timeout)") }
                await arrivals.wait(upTo: deadline - ContinuousClock.now)
            }
        }
    }

    /// The next frame whose `type` is `type`, skipping others.
    public func receive(type: String, timeout: Duration = .seconds(10)) async throws -> JSONValue {
        let deadline = ContinuousClock.now + timeout
        while true {
            let value = try await receive(timeout: max(.zero, deadline - ContinuousClock.now))
            if value["type"]?.stringValue == type { return value }
        }
    }

    /// Collects frames until `count` events arrived or `timeout` passed.
    public func receiveEvents(_ count: Int, timeout: Duration = .seconds(10)) async -> [JSONValue] {
        var events: [JSONValue] = []
        let deadline = ContinuousClock.now + timeout
        while events.count < count, ContinuousClock.now < deadline {
            guard let value = try? await receive(timeout: deadline - ContinuousClock.now) else { break }
            if value["type"]?.stringValue == "event" { events.append(value) }
        }
        return events
    }

    /// Frames that arrived and were not read yet.
    public var unread: [JSONValue] { state.withLock { $0.received } }

    /// True once the connection ended.
    public var isClosed: Bool { state.withLock { $0.closed } }

    /// Sends `subscribe` and waits for its first reply (`subscribed` or `error`).
    public func subscribe(_ topics: [String], options: JSONValue = ["auto_ack": true]) async throws -> JSONValue {
        send(["action": "subscribe", "topics": .array(topics.map { .string($0) }), "options": options])
        return try await receive()
    }

    /// Closes the connection normally and waits until it is gone.
    public func close() async {
        enqueue(nil)
        await task.withLock { $0 }?.value
    }

    // MARK: Internals

    private func enqueue(_ text: String?) {
        state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.outgoing.append(text)
            defer { state.sendWaiter = nil }
            return state.sendWaiter
        }?.resume()
    }

    private func nextOutgoing() async -> String? {
        while true {
            let next = state.withLock { state -> String?? in
                state.outgoing.isEmpty ? .none : .some(state.outgoing.removeFirst())
            }
            if let next { return next }
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state -> Bool in
                    if !state.outgoing.isEmpty { return true }
                    state.sendWaiter = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
            if Task.isCancelled { return nil }
        }
    }

    private func deliver(_ value: JSONValue) {
        state.withLock { $0.received.append(value) }
        arrivals.wake()
    }

    private func markClosed() {
        let sender = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.closed = true
            defer { state.sendWaiter = nil }
            return state.sendWaiter
        }
        sender?.resume()
        arrivals.wake()
    }

    private func resolveConnected(_ error: (any Error)?) {
        let continuation = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            defer { state.connected = nil }
            return state.connected
        }
        if let error { continuation?.resume(throwing: error) } else { continuation?.resume() }
    }
}
