import Foundation
import HummingbirdWebSocket
import Logging
import NIOCore
import NotifAudit
import NotifCore
import Synchronization

/// One `/ws` connection: its subscriptions, the events it holds unacknowledged, and the writer.
///
/// Every subscription has a pump task that pulls events from its consumer and queues them for the
/// single writer task; the reader loop handles client frames. `subscribed` is queued before the
/// subscription's pump starts, so it always precedes that subscription's events. On disconnect
/// pending events are settled: at `max_retries` they go to the DLQ, otherwise they are handed back
/// to JetStream at once.
final class WebSocketSession: Sendable {
    /// A delivered, unsettled event (manual-ack mode).
    struct Pending: Sendable {
        let delivery: SubscriptionDelivery
        let subscription: EventSubscription
        let recordID: UUID
    }

    private struct State {
        var subscriptions: [EventSubscription] = []
        var pumps: [Task<Void, Never>] = []
        /// By event id, oldest delivery first (two subscriptions of one socket may hold the same event).
        var pending: [String: [Pending]] = [:]
        var closing = false
    }

    let auth: AuthenticatedKey
    let clientID = "ws_" + RandomToken.hex(bytes: 8)
    private let server: ServerContext
    private let outbound: OutboundQueue
    private let state = Mutex(State())
    private let logger: Logger
    static let maxSubscriptions = 16
    static let maxInboundMessage = 64 * 1024

    /// Where the connection came from, for the audit trail.
    let clientIP: String
    let requestID: String

    init(auth: AuthenticatedKey, server: ServerContext, clientIP: String, requestID: String, logger: Logger) {
        self.auth = auth
        self.server = server
        self.clientIP = clientIP
        self.requestID = requestID
        self.outbound = OutboundQueue(capacity: server.configuration.webSocket.outboundBufferFrames)
        var logger = logger
        logger[metadataKey: "ws_client"] = .string(clientID)
        self.logger = logger
    }

    /// Serves the connection until the client leaves (or is dropped as a slow consumer).
    func run(inbound: WebSocketInboundStream, writer: WebSocketOutboundWriter, channel: any Channel) async {
        logger.debug("websocket connected", metadata: ["project_id": "\(auth.projectID)"])
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.writeFrames(to: writer) }
            group.addTask { await self.watchForStall(channel: channel) }
            do {
                for try await message in inbound.messages(maxSize: Self.maxInboundMessage) {
                    guard case .text(let text) = message else { continue }
                    await handle(text)
                }
            } catch {
                logger.debug("websocket read ended", metadata: ["error": "\(error)"])
            }
            await teardown()
            group.cancelAll()
        }
        logger.debug("websocket closed")
    }

    // MARK: Client frames

    private func handle(_ text: String) async {
        let message: ClientMessage
        do {
            message = try ClientMessage.parse(text)
        } catch {
            await reply(ServerMessage.error(code: error.code, message: error.message))
            return
        }
        switch message {
        case .ping:
            await reply(ServerMessage.pong)
        case .subscribe(let spec):
            await subscribe(spec)
        case .ack(let id):
            guard let pending = takePending(id) else {
                await reply(ServerMessage.error(code: "UNKNOWN_EVENT", message: "unknown event ID: \(id)"))
                return
            }
            do {
                try pending.delivery.message.ack()
                server.deliveries.update(DeliveryOutcome(id: pending.recordID, status: .acked))
            } catch {
                await reply(ServerMessage.error(code: "ACK_ERROR", message: "failed to acknowledge"))
            }
        case .nack(let id, let retryIn):
            guard let pending = takePending(id) else {
                await reply(ServerMessage.error(code: "UNKNOWN_EVENT", message: "unknown event ID: \(id)"))
                return
            }
            if pending.delivery.attempt >= pending.subscription.spec.maxRetries {
                if await pending.subscription.deadLetter(pending.delivery, reason: "max retries exceeded") {
                    server.deliveries.update(DeliveryOutcome(id: pending.recordID, status: .dlq, error: "max retries exceeded"))
                } else {
                    await reply(ServerMessage.error(code: "NACK_ERROR", message: "failed to negative acknowledge"))
                }
                return
            }
            do {
                try pending.delivery.message.nak(delay: retryIn)
                server.deliveries.update(DeliveryOutcome(id: pending.recordID, status: .nacked, error: "nacked for retry"))
            } catch {
                await reply(ServerMessage.error(code: "NACK_ERROR", message: "failed to negative acknowledge"))
            }
        }
    }

    private func subscribe(_ spec: SubscriptionSpec) async {
        let full = state.withLock { $0.subscriptions.count >= Self.maxSubscriptions }
        guard !full else {
            await reply(ServerMessage.error(code: "CONSUMER_ERROR", message: "too many subscriptions on one connection"))
            return
        }
        let subscription: EventSubscription
        do {
            subscription = try await EventSubscription.open(
                spec: spec, org: auth.orgID, project: auth.projectID, pool: server.pool,
                deadLetters: server.deadLetters, logger: logger)
        } catch {
            logger.warning("subscription failed", metadata: ["error": "\(error)", "topics": "\(spec.topics)"])
            await reply(ServerMessage.error(code: "CONSUMER_ERROR", message: "failed to create subscription"))
            return
        }
        // `subscribed` is queued before the pump exists, so no event of this subscription can precede it.
        guard await outbound.send(.init(ServerMessage.subscribed(topics: spec.topics, consumerID: subscription.consumerName))) else {
            await subscription.close()
            return
        }
        let added = state.withLock { state -> Bool in
            guard !state.closing else { return false }
            state.subscriptions.append(subscription)
            state.pumps.append(Task { await self.pump(subscription) })
            return true
        }
        if !added { await subscription.close() }
        if added { audit("subscription.create", subscription, spec: spec) }
        logger.debug("subscribed", metadata: ["consumer": "\(subscription.consumerName)", "topics": "\(spec.topics)"])
    }

    // MARK: Delivery

    private func pump(_ subscription: EventSubscription) async {
        let spec = subscription.spec
        let recorder = server.deliveries
        let receiver = DeliveryRecord.Receiver.websocket(consumer: subscription.consumerName, client: clientID)
        do {
            while let delivery = try await subscription.next() {
                let event = delivery.event
                let frame = ServerMessage.event(event, attempt: delivery.attempt, maxAttempts: spec.maxRetries)
                if spec.autoAck {
                    // Acknowledged only once written: an event the client never got is handed back.
                    let sent = await outbound.send(.init(frame, onWritten: {
                        try? delivery.message.ack()
                        recorder.record(DeliveryRecord(eventID: event.id, orgID: event.orgID, projectID: event.projectID,
                                                       receiver: receiver, status: .acked, attempt: delivery.attempt))
                    }, onDiscarded: { try? delivery.message.nak(delay: PullSubscription.handBackDelay) }))
                    if !sent { return }
                } else {
                    let record = DeliveryRecord(eventID: event.id, orgID: event.orgID, projectID: event.projectID,
                                                receiver: receiver, status: .delivered, attempt: delivery.attempt)
                    let tracked = state.withLock { state -> Bool in
                        guard !state.closing else { return false }
                        state.pending[event.id, default: []].append(Pending(delivery: delivery, subscription: subscription, recordID: record.id))
                        return true
                    }
                    guard tracked else { try? delivery.message.nak(delay: PullSubscription.handBackDelay); return }
                    recorder.record(record)
                    if !(await outbound.send(.init(frame))) { return }
                }
            }
        } catch is CancellationError {
        } catch {
            logger.warning("subscription read failed", metadata: ["consumer": "\(subscription.consumerName)", "error": "\(error)"])
            await reply(ServerMessage.error(code: "CONSUMER_ERROR", message: "failed to start subscription"))
        }
    }

    private func takePending(_ id: String) -> Pending? {
        state.withLock { state in
            guard var list = state.pending[id], !list.isEmpty else { return nil }
            let first = list.removeFirst()
            state.pending[id] = list.isEmpty ? nil : list
            return first
        }
    }

    private func reply(_ text: String) async {
        await outbound.send(.init(text))
    }

    // MARK: Writer and teardown

    private func writeFrames(to writer: WebSocketOutboundWriter) async {
        while let frame = await outbound.next() {
            do {
                try await writer.write(.text(frame.text))
                frame.onWritten?()
            } catch {
                frame.onDiscarded?()
                outbound.close()
                return
            }
        }
    }

    /// Drops a client whose socket stopped taking frames for the slow-consumer timeout (within a
    /// quarter of it: each check is a timer wake-up, and 10 000 idle connections checking every
    /// 0.5 s cost notifd about a third of a core).
    private func watchForStall(channel: any Channel) async {
        let timeout = server.configuration.webSocket.slowConsumerTimeout
        let period = max(.milliseconds(500), timeout / 4)
        while !Task.isCancelled {
            try? await Task.sleep(for: period)
            if outbound.isStalled(for: timeout) {
                logger.warning("closing slow websocket consumer", metadata: ["timeout": "\(timeout)"])
                outbound.close()
                try? await channel.close()
                return
            }
        }
    }

    private func teardown() async {
        let (subscriptions, pumps) = state.withLock { state -> ([EventSubscription], [Task<Void, Never>]) in
            state.closing = true
            return (state.subscriptions, state.pumps)
        }
        outbound.close()
        for subscription in subscriptions { subscription.stopReading() }
        for pump in pumps { await pump.value }
        let pending = state.withLock { state -> [Pending] in
            defer { state.pending.removeAll() }
            return state.pending.values.flatMap { $0 }
        }
        for entry in pending {
            if entry.delivery.attempt >= entry.subscription.spec.maxRetries {
                let reason = "client disconnected at max retries"
                if await entry.subscription.deadLetter(entry.delivery, reason: reason) {
                    server.deliveries.update(DeliveryOutcome(id: entry.recordID, status: .dlq, error: reason))
                }
            } else {
                try? entry.delivery.message.nak(delay: PullSubscription.handBackDelay)
                server.deliveries.update(DeliveryOutcome(id: entry.recordID, status: .nacked, error: "client disconnected"))
            }
        }
        for subscription in subscriptions {
            await subscription.close()
            audit("subscription.close", subscription, spec: subscription.spec)
        }
    }

    /// `subscription.create` / `subscription.close`, target = this connection's client id.
    private func audit(_ action: String, _ subscription: EventSubscription, spec: SubscriptionSpec) {
        server.auditLog.record(.byCaller(
            action, key: auth, ip: clientIP, requestID: requestID, target: clientID,
            detail: .object(["topics": .array(spec.topics.map { .string($0) }), "group": spec.group.map { .string($0) },
                             "consumer": .string(subscription.consumerName)])))
    }
}
