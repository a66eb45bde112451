import CNATS
import Foundation
import Logging
import Synchronization

/// How to reach a NATS server.
public struct BrokerConfiguration: Sendable {
    /// One or more comma-separated `nats://host:port` URLs.
    public var url: String
    /// A `.creds` file (user JWT + NKey seed), as written by `nsc` or by NotifAccounts.
    public var credentialsFile: String?
    /// NKey authentication: the user's public key (`U…`) and the file holding its seed (`SU…`).
    public var nkey: (publicKey: String, seedFile: String)?
    /// A user JWT and nonce signer held in memory (no file): how notifd's own per-org users connect.
    public var userCredentials: UserCredentials?
    /// The client name the server shows in its connection list.
    public var name: String
    /// How long one connection attempt may take.
    public var connectTimeout: Duration
    /// The ceiling of the exponential reconnect backoff.
    public var maxReconnectDelay: Duration
    /// The default deadline of request/reply calls (JetStream API, publish acks).
    public var requestTimeout: Duration
    /// Publishes are written to the socket by the publishing thread at once (libnats' SendAsap)
    /// instead of by libnats' flusher thread, which waits about a millisecond before each write: an
    /// acknowledged publish then takes ~0.15 ms on loopback instead of ~1 ms. Off by default: under
    /// load every publish becomes a socket write under the connection's lock, which the reader
    /// thread also needs (measured in notifd: a 4-member group fell to 940 deliveries/s with it on,
    /// and single-subscriber latency got worse); the broker benchmark turns it on.
    public var sendImmediately: Bool

    public init(url: String, credentialsFile: String? = nil, nkey: (publicKey: String, seedFile: String)? = nil,
                userCredentials: UserCredentials? = nil, name: String = "notifd",
                connectTimeout: Duration = .seconds(2), maxReconnectDelay: Duration = .seconds(2),
                requestTimeout: Duration = .seconds(5), sendImmediately: Bool = false) {
        self.url = url
        self.credentialsFile = credentialsFile
        self.nkey = nkey
        self.userCredentials = userCredentials
        self.name = name
        self.connectTimeout = connectTimeout
        self.maxReconnectDelay = maxReconnectDelay
        self.requestTimeout = requestTimeout
        self.sendImmediately = sendImmediately
    }
}

/// The single bridge between libnats and Swift concurrency: one core NATS connection.
///
/// Blocking libnats calls (connect, flush, close) run on dispatch threads. Publishing is called
/// inline: it appends to libnats' outbound buffer, which libnats' flusher thread writes about 1 ms
/// later (or, with `sendImmediately`, the publishing thread at once).
/// Subscriptions deliver on libnats' threads into a Sendable handler.
public final class NATSConnection: Sendable {
    private let handle: NATSHandle
    private let events: ConnectionEvents
    private let subscriptions = Mutex<[ObjectIdentifier: NATSSubscription]>([:])
    private let isClosed = Atomic<Bool>(false)
    public let configuration: BrokerConfiguration
    let logger: Logger

    private static let libraryOpened: Bool = {
        guard nats_Open(-1) == NATS_OK else { return false }
        // Threads delivering messages for all subscriptions (see `UseGlobalMessageDelivery`).
        return nats_SetMessageDeliveryPoolSize(2) == NATS_OK
    }()

    private init(handle: NATSHandle, events: ConnectionEvents, configuration: BrokerConfiguration, logger: Logger) {
        self.handle = handle
        self.events = events
        self.configuration = configuration
        self.logger = logger
    }

    /// Connects once (failing fast with the server's reason); afterwards the connection reconnects
    /// by itself, forever, with exponential backoff.
    public static func connect(_ configuration: BrokerConfiguration, logger: Logger) async throws -> NATSConnection {
        guard libraryOpened else { throw BrokerError.nats(status: -1, text: "nats library failed to initialise") }
        let events = ConnectionEvents(
            maxReconnectDelayMilliseconds: configuration.maxReconnectDelay.milliseconds,
            credentials: configuration.userCredentials
        ) { state in
            logger.info("nats connection state changed", metadata: ["state": "\(state.rawValue)"])
        }
        let unmanagedEvents = Unmanaged.passRetained(events)
        let handle: NATSHandle
        do {
            handle = try await BlockingCalls.run {
                try openConnection(configuration, events: unmanagedEvents.toOpaque())
            }
        } catch {
            unmanagedEvents.release()
            throw error
        }
        return NATSConnection(handle: handle, events: events, configuration: configuration, logger: logger)
    }

    private static func openConnection(_ configuration: BrokerConfiguration, events: UnsafeMutableRawPointer) throws -> NATSHandle {
        var options: OpaquePointer?
        try check(natsOptions_Create(&options))
        defer { natsOptions_Destroy(options) }
        try check(natsOptions_SetServers(options, nil, 0))
        try configuration.url.withCString { try check(natsOptions_SetURL(options, $0)) }
        try configuration.name.withCString { try check(natsOptions_SetName(options, $0)) }
        try check(natsOptions_SetTimeout(options, configuration.connectTimeout.milliseconds))
        try check(natsOptions_SetMaxReconnect(options, -1))
        try check(natsOptions_SetReconnectBufSize(options, 64 * 1024 * 1024))
        try check(natsOptions_SetMaxPendingMsgs(options, 1_000_000))
        try check(natsOptions_SetSendAsap(options, configuration.sendImmediately))
        // Subscriptions share libnats' pool of delivery threads instead of one thread each.
        try check(natsOptions_UseGlobalMessageDelivery(options, true))
        try check(natsOptions_SetCustomReconnectDelay(options, { _, attempts, closure in
            guard let closure else { return 1000 }
            return Unmanaged<ConnectionEvents>.fromOpaque(closure).takeUnretainedValue().reconnectDelay(attempt: attempts)
        }, events))
        try check(natsOptions_SetDisconnectedCB(options, { _, closure in
            guard let closure else { return }
            Unmanaged<ConnectionEvents>.fromOpaque(closure).takeUnretainedValue().disconnected()
        }, events))
        try check(natsOptions_SetReconnectedCB(options, { _, closure in
            guard let closure else { return }
            Unmanaged<ConnectionEvents>.fromOpaque(closure).takeUnretainedValue().reconnected()
        }, events))
        // The closed callback is the last one libnats makes for a connection: it releases `events`.
        try check(natsOptions_SetClosedCB(options, { _, closure in
            guard let closure else { return }
            let events = Unmanaged<ConnectionEvents>.fromOpaque(closure).takeRetainedValue()
            events.closed()
        }, events))
        if let credentials = configuration.credentialsFile {
            try credentials.withCString { try check(natsOptions_SetUserCredentialsFromFiles(options, $0, nil)) }
        }
        if configuration.userCredentials != nil {
            // Asked on every connect and reconnect, so a refreshed JWT is picked up without reconnecting by hand.
            try check(natsOptions_SetUserCredentialsCallbacks(options, { jwt, _, closure in
                guard let jwt, let closure,
                      let credentials = Unmanaged<ConnectionEvents>.fromOpaque(closure).takeUnretainedValue().credentials
                else { return NATS_ERR }
                jwt.pointee = strdup(credentials.jwt())
                return NATS_OK
            }, events, { _, signature, length, nonce, closure in
                guard let signature, let length, let nonce, let closure,
                      let credentials = Unmanaged<ConnectionEvents>.fromOpaque(closure).takeUnretainedValue().credentials
                else { return NATS_ERR }
                let signed = credentials.sign(Array(UnsafeBufferPointer(start: nonce, count: strlen(nonce)))
                    .map { UInt8(bitPattern: $0) })
                guard let buffer = malloc(max(signed.count, 1))?.assumingMemoryBound(to: UInt8.self) else { return NATS_NO_MEMORY }
                buffer.initialize(from: signed, count: signed.count)
                signature.pointee = buffer
                length.pointee = Int32(signed.count)
                return NATS_OK
            }, events))
        }
        if let nkey = configuration.nkey {
            try check(natsOptions_SetNKeyFromSeed(options, nkey.publicKey, nkey.seedFile))
        }
        var connection: OpaquePointer?
        try check(natsConnection_Connect(&connection, options))
        guard let connection else { throw BrokerError.nats(status: -1, text: "connect returned no connection") }
        return NATSHandle(pointer: connection)
    }

    /// The current state: connected, reconnecting or closed.
    public var state: ConnectionState { events.current }

    /// Yields the current state, then every change until the connection closes.
    public func stateChanges() -> AsyncStream<ConnectionState> { events.changes() }

    /// Calls `handler` on libnats' thread after each reconnect; returns a token for `removeReconnectHandler`.
    public func addReconnectHandler(_ handler: @escaping @Sendable () -> Void) -> Int {
        events.addReconnectHandler(handler)
    }

    public func removeReconnectHandler(_ token: Int) {
        events.removeReconnectHandler(token)
    }

    /// Waits until the connection is connected again, or throws at the deadline.
    public func waitUntilConnected(timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        for await state in stateChanges() {
            if state == .connected { return }
            if state == .closed { throw BrokerError.closed }
            if ContinuousClock.now >= deadline { break }
        }
        throw BrokerError.timeout(subject: "(reconnect)")
    }

    /// The largest payload the server accepts.
    public var maxPayload: Int { Int(natsConnection_GetMaxPayload(handle.pointer)) }

    /// Publishes one core NATS message. Non-blocking: the message is buffered while reconnecting.
    public func publish(_ subject: String, reply: String? = nil, headers: NATSHeaders = NATSHeaders(), payload: [UInt8]) throws {
        guard !isClosed.load(ordering: .acquiring) else { throw BrokerError.closed }
        var message: OpaquePointer?
        let created = payload.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                natsMsg_Create(&message, subject, reply, chars.baseAddress, Int32(chars.count))
            }
        }
        try Self.check(created)
        defer { natsMsg_Destroy(message) }
        for field in headers {
            try Self.check(natsMsgHeader_Add(message, field.name, field.value))
        }
        try Self.check(natsConnection_PublishMsg(handle.pointer, message))
    }

    /// Subscribes with a handler that libnats calls on its delivery thread, one message at a time.
    /// The handler must be quick: hand the message to Swift concurrency and return.
    public func subscribe(_ subject: String, queue: String? = nil,
                          handler: @escaping @Sendable (NATSMessage) -> Void) async throws -> NATSSubscription {
        guard !isClosed.load(ordering: .acquiring) else { throw BrokerError.closed }
        let box = Unmanaged.passRetained(SubscriptionHandlerBox(handler))
        let connection = handle
        let subscriptionHandle: NATSHandle
        do {
            subscriptionHandle = try await BlockingCalls.run {
                var subscription: OpaquePointer?
                let callback: natsMsgHandler = { _, _, message, closure in
                    guard let message else { return }
                    let copy = NATSConnection.copy(message)
                    natsMsg_Destroy(message)
                    guard let closure else { return }
                    Unmanaged<SubscriptionHandlerBox>.fromOpaque(closure).takeUnretainedValue().handler(copy)
                }
                let status: natsStatus
                if let queue {
                    status = natsConnection_QueueSubscribe(&subscription, connection.pointer, subject, queue, callback, box.toOpaque())
                } else {
                    status = natsConnection_Subscribe(&subscription, connection.pointer, subject, callback, box.toOpaque())
                }
                try Self.check(status)
                guard let subscription else { throw BrokerError.nats(status: -1, text: "subscribe returned nothing") }
                // Runs after the last message callback once the subscription is closed: the box dies here.
                _ = natsSubscription_SetOnCompleteCB(subscription, { closure in
                    guard let closure else { return }
                    Unmanaged<SubscriptionHandlerBox>.fromOpaque(closure).release()
                }, box.toOpaque())
                _ = natsSubscription_SetPendingLimits(subscription, -1, -1)
                return NATSHandle(pointer: subscription)
            }
        } catch {
            box.release()
            throw error
        }
        let subscription = NATSSubscription(handle: subscriptionHandle, subject: subject)
        subscriptions.withLock { $0[ObjectIdentifier(subscription)] = subscription }
        return subscription
    }

    /// How many subscriptions made by `subscribe` are still open (for leak checks).
    public var activeSubscriptionCount: Int { subscriptions.withLock { $0.count } }

    /// Unsubscribes and frees a subscription made by `subscribe`.
    public func unsubscribe(_ subscription: NATSSubscription) {
        _ = subscriptions.withLock { $0.removeValue(forKey: ObjectIdentifier(subscription)) }
        subscription.close()
    }

    /// Sends everything buffered and waits for the server's PONG.
    public func flush(timeout: Duration = .seconds(5)) async throws {
        let connection = handle
        try await BlockingCalls.run {
            try Self.check(natsConnection_FlushTimeout(connection.pointer, timeout.milliseconds))
        }
    }

    /// Closes the connection and every subscription it still has. Idempotent.
    public func close() async {
        guard !isClosed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        events.markClosing()
        let open = subscriptions.withLock { state in
            defer { state = [:] }
            return Array(state.values)
        }
        for subscription in open { subscription.close() }
        let connection = handle
        _ = try? await BlockingCalls.run {
            natsConnection_Close(connection.pointer)
            natsConnection_Destroy(connection.pointer)
        }
    }

    // MARK: - Helpers

    static func check(_ status: natsStatus) throws {
        guard status != NATS_OK else { return }
        let text = natsStatus_GetText(status).map { String(cString: $0) } ?? "unknown"
        throw BrokerError.nats(status: Int32(status.rawValue), text: text)
    }

    /// Copies a libnats message into Swift values. Runs on the libnats thread that owns `message`.
    static func copy(_ message: OpaquePointer) -> NATSMessage {
        let subject = natsMsg_GetSubject(message).map { String(cString: $0) } ?? ""
        let reply = natsMsg_GetReply(message).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
        let length = Int(natsMsg_GetDataLength(message))
        var payload: [UInt8] = []
        if length > 0, let data = natsMsg_GetData(message) {
            payload = Array(UnsafeRawBufferPointer(start: data, count: length))
        }
        var headers = NATSHeaders()
        var status: Int?
        var statusDescription: String?
        var keys: UnsafeMutablePointer<UnsafePointer<CChar>?>?
        var keyCount: Int32 = 0
        if natsMsgHeader_Keys(message, &keys, &keyCount) == NATS_OK, let keys {
            for index in 0..<Int(keyCount) {
                guard let key = keys[index] else { continue }
                let name = String(cString: key)
                var values: UnsafeMutablePointer<UnsafePointer<CChar>?>?
                var valueCount: Int32 = 0
                if natsMsgHeader_Values(message, key, &values, &valueCount) == NATS_OK, let values {
                    for valueIndex in 0..<Int(valueCount) {
                        guard let value = values[valueIndex] else { continue }
                        let text = String(cString: value)
                        switch name {
                        case "Status": status = Int(text.prefix(3))
                        case "Description": statusDescription = text
                        default: headers.add(name, text)
                        }
                    }
                    free(values)
                }
            }
            free(keys)
        }
        if status == nil {
            var value: UnsafePointer<CChar>?
            if natsMsgHeader_Get(message, "Status", &value) == NATS_OK, let value {
                status = Int(String(cString: value).prefix(3))
            }
        }
        return NATSMessage(subject: subject, reply: reply, headers: headers, payload: payload,
                           status: status, statusDescription: statusDescription)
    }
}

/// Holds a subscription's handler while libnats may still call it.
final class SubscriptionHandlerBox: Sendable {
    let handler: @Sendable (NATSMessage) -> Void
    init(_ handler: @escaping @Sendable (NATSMessage) -> Void) { self.handler = handler }
}

/// A live core NATS subscription. Closing it unsubscribes exactly once.
public final class NATSSubscription: Sendable {
    private let handle: Mutex<NATSHandle?>
    public let subject: String

    init(handle: NATSHandle, subject: String) {
        self.handle = Mutex(handle)
        self.subject = subject
    }

    func close() {
        guard let handle = handle.withLock({ value -> NATSHandle? in
            defer { value = nil }
            return value
        }) else { return }
        _ = natsSubscription_Unsubscribe(handle.pointer)
        natsSubscription_Destroy(handle.pointer)
    }

    deinit { close() }
}

extension Duration {
    /// Whole milliseconds, rounded down.
    public var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// Whole nanoseconds, rounded down.
    public var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
