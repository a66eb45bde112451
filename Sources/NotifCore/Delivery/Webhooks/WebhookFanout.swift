import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Turns every accepted event into outbox rows, one per matching webhook of the event's own project.
///
/// A durable JetStream consumer (`webhook-fanout`; created to start with new events, so a first boot
/// does not replay history to webhooks) reads the events stream; a batch is acknowledged only after
/// its rows are committed, and redelivered when Postgres is unavailable, so no event is skipped.
public final class WebhookFanout: Service, Sendable {
    static let consumerName = "webhook-fanout"
    private let connection: BrokerConnection
    private let streams: StreamNames
    private let database: Database
    private let dispatcher: WebhookDispatcher?
    private let logger: Logger
    private let cache = Mutex<[String: (loaded: ContinuousClock.Instant, webhooks: [Webhook])]>([:])
    /// How long a project's webhook list is reused (changes through this process apply at once).
    static let cacheTTL: Duration = .seconds(2)

    public init(connection: BrokerConnection, streams: StreamNames, database: Database, dispatcher: WebhookDispatcher?, logger: Logger) {
        self.connection = connection
        self.streams = streams
        self.database = database
        self.dispatcher = dispatcher
        self.logger = logger
    }

    /// Forgets the cached webhook list of a project (after a create, update or delete).
    public func invalidate(orgID: String, projectID: String) {
        _ = cache.withLock { $0.removeValue(forKey: "\(orgID)/\(projectID)") }
    }

    public func run() async throws {
        let jetStream = connection.jetStream
        let configuration = ConsumerConfiguration(
            durableName: Self.consumerName, filterSubjects: ["events.>"], deliverPolicy: .new,
            ackPolicy: .explicit, ackWait: .seconds(60), maxDeliver: nil, maxAckPending: 2000)
        while !Task.isShuttingDownGracefully {
            do {
                _ = try await jetStream.consumerInfo(stream: streams.events, name: Self.consumerName)
                break
            } catch let error as BrokerError where error.isConsumerNotFound {
                do {
                    try await jetStream.createConsumer(stream: streams.events, configuration)
                    break
                } catch {
                    logger.warning("webhook fan-out consumer not ready", metadata: ["error": "\(error)"])
                }
            } catch {
                logger.warning("webhook fan-out consumer not ready", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) }
        }
        let subscription = jetStream.pullSubscription(stream: streams.events, consumer: Self.consumerName)
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let batch = try await subscription.nextBatch(max: 200, batch: 200, expires: .seconds(5))
                    if batch.isEmpty { continue }
                    await self.process(batch)
                } catch is CancellationError {
                    return
                } catch {
                    self.logger.warning("webhook fan-out read failed", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: .seconds(1))
                }
            }
        }
        subscription.close()
    }

    private func process(_ batch: [JetStreamMessage]) async {
        var deliveries: [NewWebhookDelivery] = []
        do {
            for message in batch {
                guard let event = Event(envelope: message.payload), !event.orgID.isEmpty, !event.projectID.isEmpty else { continue }
                let webhooks = try await webhooks(orgID: event.orgID, projectID: event.projectID)
                let matching = webhooks.filter { $0.matches(topic: event.topic) }
                guard !matching.isEmpty else { continue }
                let payload = Self.payload(event)
                deliveries += matching.map { NewWebhookDelivery(webhookID: $0.id, event: event, payload: payload) }
            }
            let outbox = database.webhookDeliveries
            let rows = deliveries
            try await withDeadline(.seconds(15)) { try await outbox.enqueue(rows) }
        } catch {
            logger.warning("webhook fan-out failed; events will be redelivered", metadata: ["error": "\(String(reflecting: error))"])
            for message in batch { try? message.nak(delay: .seconds(2)) }
            return
        }
        for message in batch { try? message.ack() }
        if !deliveries.isEmpty { dispatcher?.wake() }
    }

    private func webhooks(orgID: String, projectID: String) async throws -> [Webhook] {
        let key = "\(orgID)/\(projectID)"
        let now = ContinuousClock.now
        if let cached = cache.withLock({ $0[key] }), now - cached.loaded < Self.cacheTTL { return cached.webhooks }
        let repository = database.webhooks
        let loaded = try await withDeadline(.seconds(10)) { try await repository.enabled(orgID: orgID, projectID: projectID) }
        cache.withLock { $0[key] = (now, loaded) }
        return loaded
    }

    /// The request body (api-spec §6.1): compact `{"id","topic","data","timestamp"}`, data as emitted.
    static func payload(_ event: Event) -> [UInt8] {
        JSONValue.object([
            "id": .string(event.id), "topic": .string(event.topic), "data": .raw(event.data),
            "timestamp": .string(event.timestamp.rfc3339),
        ]).serialized()
    }
}
