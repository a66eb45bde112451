import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Makes webhook attempts from the Postgres outbox: claims due deliveries (leased, so replicas share
/// the work and a crash only delays an attempt), POSTs them through the SSRF-guarded sender, and
/// records each outcome: success, a retry at the next time of the schedule, or, after the last
/// attempt, the DLQ with the reason.
///
/// Isolation: at most `perEndpointConcurrency` attempts per endpoint are in flight, out of
/// `concurrency` in all, so an endpoint that hangs or fails only ever occupies its own slots. An
/// endpoint failing `breakerThreshold` times in a row has its breaker opened (its deliveries wait,
/// without spending attempts) for a cooldown that doubles up to `breakerMaxCooldown`; after
/// `disableAfterFailures` consecutive failures the webhook is disabled, with the reason shown.
public final class WebhookDispatcher: Service, Sendable {
    private struct State {
        var inFlight: [UUID: Int] = [:]
        var total = 0
    }

    let settings: WebhookSettings
    private let database: Database
    private let sender: WebhookSender
    private let deadLetters: DeadLetterQueue
    private let deliveries: DeliveryRecorder
    private let logger: Logger
    private let state = Mutex(State())
    private let work = WakeSignal()
    /// A claimed attempt not finished within this time is claimed again (request timeout plus margin).
    let lease: Duration

    public init(settings: WebhookSettings, database: Database, sender: WebhookSender, deadLetters: DeadLetterQueue,
                deliveries: DeliveryRecorder, logger: Logger) {
        self.settings = settings
        self.database = database
        self.sender = sender
        self.deadLetters = deadLetters
        self.deliveries = deliveries
        self.logger = logger
        self.lease = settings.requestTimeout * 2 + .seconds(15)
    }

    /// Looks for due deliveries now (new ones were just queued).
    public func wake() {
        work.wake()
    }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                let (capacity, inFlight) = state.withLock { state -> (Int, [UUID: Int]) in
                    (settings.concurrency - state.total, state.inFlight)
                }
                var claimed: [ClaimedWebhookDelivery] = []
                if capacity > 0 {
                    do {
                        let outbox = database.webhookDeliveries
                        let perWebhook = settings.perEndpointConcurrency
                        let lease = self.lease
                        claimed = try await withDeadline(.seconds(10)) {
                            try await outbox.claimDue(limit: capacity, perWebhook: perWebhook, inFlight: inFlight, lease: lease)
                        }
                    } catch {
                        logger.warning("webhook outbox poll failed", metadata: ["error": "\(String(reflecting: error))"])
                    }
                }
                for delivery in claimed {
                    state.withLock { state in
                        state.inFlight[delivery.webhook.id, default: 0] += 1
                        state.total += 1
                    }
                    group.addTask {
                        await self.attempt(delivery)
                        self.finished(delivery.webhook.id)
                    }
                }
                if claimed.isEmpty || claimed.count == capacity {
                    await work.wait(upTo: settings.pollInterval)
                }
            }
        }
    }

    private func finished(_ webhookID: UUID) {
        state.withLock { state in
            state.total -= 1
            let left = (state.inFlight[webhookID] ?? 1) - 1
            state.inFlight[webhookID] = left > 0 ? left : nil
        }
        work.wake()
    }

    // MARK: One attempt

    func attempt(_ delivery: ClaimedWebhookDelivery) async {
        let webhook = delivery.webhook
        let result = await sender.send(url: webhook.url, body: delivery.payload, headers: headers(for: delivery))
        let outbox = database.webhookDeliveries
        let receiver = DeliveryRecord.Receiver.webhook(webhook.id)
        let now = Timestamp.now()
        var outcome: WebhookAttemptOutcome
        if result.succeeded {
            outcome = .delivered
        } else if delivery.attempt >= settings.maxAttempts {
            let reason = "webhook \(webhook.id.uuidString.lowercased()): \(result.error ?? "failed")"
            let event = Event(id: delivery.eventID, topic: delivery.topic, data: Self.data(of: delivery.payload),
                              timestamp: delivery.eventTime, orgID: webhook.orgID, projectID: webhook.projectID)
            do {
                try await deadLetters.publish(
                    DeadLetter(event: event, attempts: delivery.attempt, lastError: reason,
                               consumerGroup: "webhook:\(webhook.id.uuidString.lowercased())"),
                    deduplicationID: "webhook-\(webhook.id.uuidString.lowercased())-\(delivery.eventID)")
                outcome = .exhausted
            } catch {
                // Keep the delivery; its last attempt is made again once the DLQ is reachable.
                logger.error("webhook dead-lettering failed", metadata: ["delivery_id": "\(delivery.id)", "error": "\(error)"])
                try? await outbox.release(delivery, retryAt: now + .seconds(30))
                return
            }
        } else {
            outcome = .retry(at: now + settings.delay(after: delivery.attempt))
        }
        let failures: Int
        do {
            failures = try await outbox.record(delivery, statusCode: result.statusCode,
                                               responseBody: result.statusCode == nil ? nil : result.responseBody,
                                               error: result.error, latency: result.latency, outcome: outcome)
        } catch {
            logger.error("webhook attempt not recorded; it will be retried after the lease",
                         metadata: ["delivery_id": "\(delivery.id)", "error": "\(String(reflecting: error))"])
            return
        }
        let status: DeliveryRecord.Status
        switch outcome {
        case .delivered: status = .acked
        case .retry: status = .failed
        case .exhausted: status = .dlq
        }
        deliveries.record(DeliveryRecord(eventID: delivery.eventID, orgID: webhook.orgID, projectID: webhook.projectID,
                                         receiver: receiver, status: status, attempt: delivery.attempt, error: result.error))
        guard !result.succeeded else { return }
        logger.info("webhook attempt failed", metadata: [
            "webhook_id": "\(webhook.id)", "attempt": "\(delivery.attempt)", "error": "\(result.error ?? "")"])
        do {
            if failures >= settings.disableAfterFailures {
                try await outbox.disable(webhookID: webhook.id, reason: "disabled after \(failures) consecutive failed deliveries")
                logger.warning("webhook disabled", metadata: ["webhook_id": "\(webhook.id)", "failures": "\(failures)"])
            } else if failures >= settings.breakerThreshold {
                try await outbox.openCircuit(webhookID: webhook.id, until: now + settings.cooldown(failures: failures))
            }
        } catch {
            logger.warning("webhook health update failed", metadata: ["webhook_id": "\(webhook.id)", "error": "\(error)"])
        }
    }

    /// The request headers: the compatible `X-Notif-*` set plus Standard Webhooks' id, timestamp and
    /// signature (both secrets during a rotation's grace period).
    func headers(for delivery: ClaimedWebhookDelivery) -> [(String, String)] {
        let webhook = delivery.webhook
        let secrets = webhook.signingSecrets()
        let timestamp = Timestamp.now().nanosecondsSinceEpoch / 1_000_000_000
        var headers: [(String, String)] = [
            ("Content-Type", "application/json"),
            ("User-Agent", "notif-webhooks/\(NotifVersion.current)"),
            ("X-Notif-Signature", WebhookSignature.notif(body: delivery.payload, secret: webhook.secret)),
            ("X-Notif-Event-ID", delivery.eventID),
            ("X-Notif-Topic", delivery.topic),
            ("X-Notif-Attempt", "\(delivery.attempt)"),
            ("webhook-id", delivery.eventID),
            ("webhook-timestamp", "\(timestamp)"),
            ("webhook-signature", WebhookSignature.standardWebhooks(messageID: delivery.eventID, timestamp: timestamp,
                                                                    body: delivery.payload, secrets: secrets)),
        ]
        if secrets.count > 1 {
            headers.append(("X-Notif-Signature-Previous", WebhookSignature.notif(body: delivery.payload, secret: secrets[1])))
        }
        return headers
    }

    /// The `data` member of a stored payload (for the DLQ entry).
    static func data(of payload: [UInt8]) -> [UInt8] {
        ((try? JSONValue.parse(payload))?["data"] ?? .null).serialized()
    }
}
