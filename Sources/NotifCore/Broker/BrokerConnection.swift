import Logging

/// A NATS connection ready for notif: core messaging, a shared reply inbox, and JetStream.
public final class BrokerConnection: Sendable {
    public let core: NATSConnection
    let inbox: InboxRouter
    public let jetStream: JetStream

    private init(core: NATSConnection, inbox: InboxRouter) {
        self.core = core
        self.inbox = inbox
        self.jetStream = JetStream(connection: core, inbox: inbox, timeout: core.configuration.requestTimeout)
    }

    /// Connects, retrying with backoff until `retryFor` has passed (0 = a single attempt).
    public static func connect(_ configuration: BrokerConfiguration, retryFor: Duration = .zero,
                               logger: Logger) async throws -> BrokerConnection {
        let deadline = ContinuousClock.now + retryFor
        var delay = Duration.milliseconds(100)
        while true {
            do {
                let core = try await NATSConnection.connect(configuration, logger: logger)
                do {
                    return BrokerConnection(core: core, inbox: try await InboxRouter.start(on: core))
                } catch {
                    await core.close()
                    throw error
                }
            } catch {
                guard ContinuousClock.now + delay < deadline else { throw error }
                logger.warning("nats connect failed, retrying", metadata: ["error": "\(error)", "retry_in": "\(delay)"])
                try await Task.sleep(for: delay)
                delay = min(delay * 2, configuration.maxReconnectDelay)
            }
        }
    }

    public var state: ConnectionState { core.state }

    /// Sends a core NATS request and waits for one reply.
    public func request(_ subject: String, payload: [UInt8], headers: NATSHeaders = NATSHeaders(),
                        timeout: Duration? = nil) async throws -> NATSMessage {
        try await inbox.request(subject, headers: headers, payload: payload,
                                timeout: timeout ?? core.configuration.requestTimeout)
    }

    /// Fails pending requests, then closes the connection.
    public func close() async {
        inbox.close()
        await core.close()
    }
}
