import Hummingbird
import HummingbirdTLS
import Logging
import NIOCore
import NotifCore
import ServiceLifecycle
import Synchronization

/// One request a `WebhookReceiver` received.
public struct ReceivedWebhook: Sendable {
    public let method: String
    public let path: String
    public let query: String?
    /// In arrival order; includes `Host` (which HTTP/1 parsing turns into the request's authority).
    public let headers: [(String, String)]
    public let body: [UInt8]
    public let receivedAt: ContinuousClock.Instant
    /// `X-Notif-Signature` present and valid for the receiver's `secret` at arrival time.
    public let notifSignatureVerified: Bool
    /// `webhook-id`/`webhook-timestamp`/`webhook-signature` present and valid for the receiver's `secret` at arrival time.
    public let standardSignatureVerified: Bool

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// How a `WebhookReceiver` answers a request.
public enum WebhookReceiverResponse: Sendable {
    /// Answer with `status` and `body`.
    case status(Int, body: [UInt8] = Array("ok".utf8))
    /// Answer with a redirect to `location` (absolute or relative).
    case redirect(to: String, status: Int = 307)
    /// Never answer, until the receiver stops (then 503).
    case hang
}

/// Thrown by `WebhookReceiver.waitForRequests` when too few requests arrived in time.
public struct WebhookReceiverTimeout: Error, CustomStringConvertible {
    public let expected: Int
    public let received: Int
    public let path: String?

    public var description: String {
        "expected \(expected) webhook request(s)\(path.map { " to \($0)" } ?? ""), received \(received)"
    }
}

/// A real HTTP server on 127.0.0.1 (random port) for webhook integration tests: records every
/// request (checking both signature schemes against `secret`) and answers per path as programmed
/// (status sequences, redirects, or hanging until `stop()`). With `tls`, it serves HTTPS.
public final class WebhookReceiver: Sendable {
    public let port: Int
    /// "http", or "https" when started with a TLS configuration.
    public let scheme: String
    private let core: ReceiverCore
    private let group: ServiceGroup
    private let task: Task<Void, Never>

    private init(port: Int, scheme: String, core: ReceiverCore, group: ServiceGroup, task: Task<Void, Never>) {
        self.port = port
        self.scheme = scheme
        self.core = core
        self.group = group
        self.task = task
    }

    /// Starts a receiver and returns once its port is bound; HTTPS when `tls` is given.
    public static func start(secret: String? = nil, tls: TLSConfiguration? = nil) async throws -> WebhookReceiver {
        let core = ReceiverCore(secret: secret)
        let bound = BoundPortSignal()
        var logger = Logger(label: "notif.webhook-receiver")
        logger.logLevel = .warning
        let responder = CallbackResponder<BasicRequestContext> { request, _ in try await core.respond(to: request) }
        let address = ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0), serverName: nil)
        let onRunning: @Sendable (any Channel) async -> Void = { channel in bound.resolve(.success(channel.localAddress?.port ?? 0)) }
        let application = if let tls {
            Application(responder: responder, server: try .tls(.http1(), tlsConfiguration: tls), configuration: address,
                        onServerRunning: onRunning, logger: logger)
        } else {
            Application(responder: responder, server: .http1(), configuration: address, onServerRunning: onRunning, logger: logger)
        }
        var configuration = ServiceGroupConfiguration(services: [application], logger: logger)
        configuration.maximumGracefulShutdownDuration = .seconds(5)
        let group = ServiceGroup(configuration: configuration)
        let task = Task {
            do {
                try await group.run()
                bound.resolve(.failure(ReceiverStartError()))
            } catch {
                bound.resolve(.failure(error))
            }
        }
        do {
            let port = try await bound.value()
            return WebhookReceiver(port: port, scheme: tls == nil ? "http" : "https", core: core, group: group, task: task)
        } catch {
            await group.triggerGracefulShutdown()
            await task.value
            throw error
        }
    }

    /// `http://127.0.0.1:<port><path>` (`https://` with TLS).
    public func url(path: String = "/") -> String {
        url(host: "127.0.0.1", path: path)
    }

    /// `<scheme>://<host>:<port><path>`, for a host name a test resolver maps to 127.0.0.1.
    public func url(host: String, path: String = "/") -> String {
        "\(scheme)://\(host):\(port)\(path.hasPrefix("/") ? path : "/" + path)"
    }

    /// The secret signatures are checked against (nil: nothing verifies).
    public var secret: String? {
        get { core.state.withLock { $0.secret } }
        set { core.state.withLock { $0.secret = newValue } }
    }

    /// Answers for requests to `path`, in order; the last one repeats. Unprogrammed paths answer 200 "ok".
    public func respond(to path: String, with responses: [WebhookReceiverResponse]) {
        precondition(!responses.isEmpty, "give at least one response")
        core.state.withLock { $0.scripts[path] = responses }
    }

    /// Statuses for requests to `path`, in order (e.g. [500, 500, 200]); the last one repeats.
    public func respond(to path: String, statuses: [Int]) {
        respond(to: path, with: statuses.map { .status($0) })
    }

    /// Every request so far, in arrival order.
    public var requests: [ReceivedWebhook] { core.state.withLock { $0.requests } }

    /// Requests to `path` so far (all when nil).
    public func requests(path: String?) -> [ReceivedWebhook] {
        core.state.withLock { state in state.requests.filter { path == nil || $0.path == path } }
    }

    /// Waits until at least `count` requests (to `path`, or any) arrived and returns them; throws
    /// `WebhookReceiverTimeout` after `timeout`. Polls every 10 ms.
    public func waitForRequests(count: Int, path: String? = nil, timeout: Duration = .seconds(30)) async throws -> [ReceivedWebhook] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let matching = requests(path: path)
            if matching.count >= count { return matching }
            guard ContinuousClock.now < deadline else {
                throw WebhookReceiverTimeout(expected: count, received: matching.count, path: path)
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Releases hanging requests (they get 503), then shuts the server down gracefully (in-flight
    /// requests finish, idle connections close).
    public func stop() async {
        let hanging = core.state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.stopped = true
            defer { state.hanging = [] }
            return state.hanging
        }
        for continuation in hanging { continuation.resume() }
        await group.triggerGracefulShutdown()
        await task.value
    }
}

/// The receiver's shared state and request handler.
private final class ReceiverCore: Sendable {
    struct State {
        var secret: String?
        var requests: [ReceivedWebhook] = []
        var scripts: [String: [WebhookReceiverResponse]] = [:]
        var served: [String: Int] = [:]
        var hanging: [CheckedContinuation<Void, Never>] = []
        var stopped = false
    }

    let state: Mutex<State>

    init(secret: String?) {
        state = Mutex(State(secret: secret))
    }

    func respond(to request: Request) async throws -> Response {
        var request = request
        let body = Array(buffer: try await request.collectBody(upTo: 16 << 20))
        var headers: [(String, String)] = []
        if let authority = request.head.authority { headers.append(("Host", authority)) }
        for field in request.headers { headers.append((field.name.rawName, field.value)) }
        let path = request.uri.path

        let response = state.withLock { state -> WebhookReceiverResponse in
            let received = ReceivedWebhook(
                method: request.method.rawValue, path: path, query: request.uri.query, headers: headers, body: body,
                receivedAt: .now,
                notifSignatureVerified: Self.verifyNotif(headers: headers, body: body, secret: state.secret),
                standardSignatureVerified: Self.verifyStandard(headers: headers, body: body, secret: state.secret))
            state.requests.append(received)
            let script = state.scripts[path] ?? [.status(200)]
            let index = state.served[path, default: 0]
            state.served[path] = index + 1
            return script[min(index, script.count - 1)]
        }

        switch response {
        case .status(let code, let body):
            return Response(status: .init(code: code), headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: body)))
        case .redirect(let location, let code):
            return Response(status: .init(code: code), headers: [.location: location])
        case .hang:
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let released = state.withLock { state -> Bool in
                    if state.stopped { return true }
                    state.hanging.append(continuation)
                    return false
                }
                if released { continuation.resume() }
            }
            return Response(status: .serviceUnavailable)
        }
    }

    private static func value(_ name: String, in headers: [(String, String)]) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    private static func verifyNotif(headers: [(String, String)], body: [UInt8], secret: String?) -> Bool {
        guard let secret, let header = value(WebhookSignature.notifHeader, in: headers) else { return false }
        return WebhookSignature.verifyNotif(body: body, secret: secret, header: header)
    }

    private static func verifyStandard(headers: [(String, String)], body: [UInt8], secret: String?) -> Bool {
        guard let secret,
              let id = value(WebhookSignature.standardIDHeader, in: headers),
              let timestamp = value(WebhookSignature.standardTimestampHeader, in: headers).flatMap({ Int64($0) }),
              let signature = value(WebhookSignature.standardSignatureHeader, in: headers)
        else { return false }
        return WebhookSignature.verifyStandard(messageID: id, timestamp: timestamp, body: body, header: signature, secrets: [secret])
    }
}

private struct ReceiverStartError: Error, CustomStringConvertible {
    var description: String { "webhook receiver stopped before binding its port" }
}
