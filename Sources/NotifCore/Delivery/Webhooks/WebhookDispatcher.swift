import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Makes webhook attempts from the Postgres outbox: claims due deliveries (leased, so replicas share
/// the work and a crash only delays an attempt), POSTs them through the SSRF-guarded sender, and
/// records each outcome: success, a retry at the next time of the schedule, or, after the last
/// attempt, the DLQ with the reason. Outcomes are written in batches by one recorder, so the
/// database sees a few statements per batch, not several per attempt.
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
        /// Attempts finished since the last claim: the next claim waits for a few of them, so that a
        /// busy endpoint is refilled in batches instead of with one query per finished attempt.
        var freed = 0
    }

    let settings: WebhookSettings
    private let database: Database
    private let sender: WebhookSender
    private let deadLetters: DeadLetterQueue
    private let deliveries: DeliveryRecorder
    private let logger: Logger
    private let state = Mutex(State())
    private let work = WakeSignal()
    private let outcomes = WebhookOutcomeQueue()
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
        await withDiscardingTaskGroup { recording in
            recording.addTask { await self.recordOutcomes() }
            await withDiscardingTaskGroup { attempts in
                while !Task.isShuttingDownGracefully && !Task.isCancelled {
                    for delivery in await claim() {
                        attempts.addTask {
                            if let record = await self.attempt(delivery) { self.outcomes.append(record) }
                            self.finished(delivery.webhook.id)
                        }
                    }
                    let busy = state.withLock { $0.total > 0 }
                    // While attempts run, deliveries held back by an endpoint's limit are claimed as slots free.
                    await work.wait(upTo: busy ? settings.refillInterval : settings.pollInterval)
                }
            }
            // Every attempt has ended: the recorder writes what is left and stops.
            outcomes.close()
        }
    }

    /// Claims due deliveries for the free slots (none when all are taken).
    private func claim() async -> [ClaimedWebhookDelivery] {
        let (capacity, inFlight) = state.withLock { state -> (Int, [UUID: Int]) in
            state.freed = 0
            return (settings.concurrency - state.total, state.inFlight)
        }
        guard capacity > 0 else { return [] }
        do {
            let outbox = database.webhookDeliveries
            let perWebhook = settings.perEndpointConcurrency
            let lease = self.lease
            let claimed = try await withDeadline(.seconds(10)) {
                try await outbox.claimDue(limit: capacity, perWebhook: perWebhook, inFlight: inFlight, lease: lease)
            }
            state.withLock { state in
                for delivery in claimed { state.inFlight[delivery.webhook.id, default: 0] += 1 }
                state.total += claimed.count
            }
            return claimed
        } catch {
            logger.warning("webhook outbox poll failed", metadata: ["error": "\(String(reflecting: error))"])
            return []
        }
    }

    private func finished(_ webhookID: UUID) {
        let refill = state.withLock { state -> Bool in
            state.total -= 1
            state.freed += 1
            let left = (state.inFlight[webhookID] ?? 1) - 1
            state.inFlight[webhookID] = left > 0 ? left : nil
            return state.total == 0 || state.freed >= settings.refillBatch
        }
        if refill { work.wake() }
    }

    // MARK: One attempt

    /// Makes the attempt; returns what the outbox must record (nil: the delivery was given back).
    func attempt(_ delivery: ClaimedWebhookDelivery) async -> WebhookAttemptRecord? {
        let webhook = delivery.webhook
        let result = await sender.send(url: webhook.url, body: delivery.payload, headers: headers(for: delivery))
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
                try? await database.webhookDeliveries.release(delivery, retryAt: now + .seconds(30))
                return nil
            }
        } else {
            outcome = .retry(at: now + settings.delay(after: delivery.attempt))
        }
        if !result.succeeded {
            logger.info("webhook attempt failed", metadata: [
                "webhook_id": "\(webhook.id)", "attempt": "\(delivery.attempt)", "error": "\(result.error ?? "")"])
        }
        return WebhookAttemptRecord(delivery: delivery, statusCode: result.statusCode,
                                    responseBody: result.statusCode == nil ? nil : result.responseBody,
                                    error: result.error, latency: result.latency, outcome: outcome)
    }

    // MARK: Recording outcomes

    /// Writes finished attempts to the outbox in batches (whatever finished while the previous batch
    /// was written), until the queue is closed and empty.
    private func recordOutcomes() async {
        while let batch = await outcomes.next(max: 500) {
            guard await write(batch) else { continue }
            for record in batch {
                let webhook = record.delivery.webhook
                let status: DeliveryRecord.Status
                switch record.outcome {
                case .delivered: status = .acked
                case .retry: status = .failed
                case .exhausted: status = .dlq
                }
                deliveries.record(DeliveryRecord(eventID: record.delivery.eventID, orgID: webhook.orgID, projectID: webhook.projectID,
                                                 receiver: .webhook(webhook.id), status: status, attempt: record.delivery.attempt,
                                                 error: record.error))
            }
        }
    }

    /// Records a batch, retrying while the database is unavailable for up to half the lease (after
    /// that the deliveries are attempted again once their lease ends). Then trips the breakers.
    private func write(_ batch: [WebhookAttemptRecord]) async -> Bool {
        let outbox = database.webhookDeliveries
        let giveUp = ContinuousClock.now + lease / 2
        var pause = Duration.milliseconds(200)
        while true {
            do {
                let failures = try await withDeadline(.seconds(15)) { try await outbox.record(batch) }
                await updateHealth(batch, failures: failures)
                return true
            } catch {
                guard ContinuousClock.now + pause < giveUp, !Task.isCancelled else {
                    logger.error("webhook attempts not recorded; they will be made again after the lease",
                                 metadata: ["attempts": "\(batch.count)", "error": "\(String(reflecting: error))"])
                    return false
                }
                logger.warning("webhook attempts not recorded yet", metadata: ["error": "\(String(reflecting: error))"])
                try? await Task.sleep(for: pause)
                pause = min(pause * 2, .seconds(5))
            }
        }
    }

    /// Opens the breaker of, or disables, each webhook of the batch that kept failing.
    private func updateHealth(_ batch: [WebhookAttemptRecord], failures: [UUID: Int]) async {
        let failing = Set(batch.filter { !$0.outcome.isDelivered }.map(\.delivery.webhook.id))
        let outbox = database.webhookDeliveries
        let now = Timestamp.now()
        for webhookID in failing {
            guard let count = failures[webhookID] else { continue }
            do {
                if count >= settings.disableAfterFailures {
                    try await outbox.disable(webhookID: webhookID, reason: "disabled after \(count) consecutive failed deliveries")
                    logger.warning("webhook disabled", metadata: ["webhook_id": "\(webhookID)", "failures": "\(count)"])
                } else if count >= settings.breakerThreshold {
                    try await outbox.openCircuit(webhookID: webhookID, until: now + settings.cooldown(failures: count))
                }
            } catch {
                logger.warning("webhook health update failed", metadata: ["webhook_id": "\(webhookID)", "error": "\(error)"])
            }
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
