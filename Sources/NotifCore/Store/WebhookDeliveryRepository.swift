import Foundation
import Logging
import PostgresNIO

/// A delivery to create: one event for one webhook, with the exact body to POST.
public struct NewWebhookDelivery: Sendable {
    public var webhookID: UUID
    public var event: Event
    public var payload: [UInt8]
}

/// A due delivery claimed by a dispatcher, with what it needs to make the attempt.
public struct ClaimedWebhookDelivery: Sendable {
    public var id: UUID
    public var webhook: Webhook
    public var eventID: String
    public var topic: String
    public var eventTime: Timestamp
    public var payload: [UInt8]
    /// The number of this attempt (1-based).
    public var attempt: Int
}

/// How an attempt ended, as the outbox records it.
public enum WebhookAttemptOutcome: Sendable {
    case delivered
    /// Failed; try again at that time.
    case retry(at: Timestamp)
    /// Failed for the last time (the event went to the DLQ).
    case exhausted

    var isDelivered: Bool {
        if case .delivered = self { return true }
        return false
    }
}

/// One finished attempt, as the outbox records it.
public struct WebhookAttemptRecord: Sendable {
    public var delivery: ClaimedWebhookDelivery
    public var statusCode: Int?
    /// The response body (kept only when there was a response).
    public var responseBody: String?
    public var error: String?
    public var latency: Duration
    public var outcome: WebhookAttemptOutcome
}

/// The webhook outbox: deliveries waiting for their next attempt, claimed with a lease so that
/// several dispatchers (replicas) never attempt the same delivery at once.
public struct WebhookDeliveryRepository: Sendable {
    let client: PostgresClient
    let logger: Logger

    /// Inserts deliveries; a delivery already there (same webhook and event) is left as it is.
    public func enqueue(_ deliveries: [NewWebhookDelivery]) async throws {
        guard !deliveries.isEmpty else { return }
        var binds = PostgresBindings()
        binds.append(deliveries.map(\.webhookID))
        binds.append(deliveries.map(\.event.orgID))
        binds.append(deliveries.map(\.event.projectID))
        binds.append(deliveries.map(\.event.id))
        binds.append(deliveries.map(\.event.topic))
        binds.append(deliveries.map(\.event.timestamp.microsecondsSinceEpoch))
        binds.append(deliveries.map { String(decoding: $0.payload, as: UTF8.self) })
        let sql = """
            INSERT INTO webhook_deliveries (webhook_id, org_id, project_id, event_id, topic, event_time, payload)
            SELECT t.webhook, t.org, t.prj, t.event, t.topic, \(SQLTime.fromMicros("t.at")), t.payload
            FROM unnest($1::UUID[], $2::TEXT[], $3::TEXT[], $4::TEXT[], $5::TEXT[], $6::INT8[], $7::TEXT[])
                 AS t(webhook, org, prj, event, topic, at, payload)
            WHERE EXISTS (SELECT 1 FROM webhooks w WHERE w.id = t.webhook)
            ON CONFLICT (webhook_id, event_id) DO NOTHING
            """
        try await client.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
    }

    /// Claims up to `limit` due deliveries of enabled webhooks whose breaker is closed, so that no
    /// webhook has more than `perWebhook` in flight counting the caller's `inFlight` ones. Each claimed
    /// delivery counts an attempt and is leased: if this dispatcher dies mid-attempt, another takes it
    /// after `lease`.
    ///
    /// Deliveries are looked up per webhook, each up to its free slots (oldest first), so a webhook at
    /// its limit (a hanging endpoint with a backlog) is skipped entirely and cannot hide the others'.
    public func claimDue(limit: Int, perWebhook: Int, inFlight: [UUID: Int], lease: Duration) async throws -> [ClaimedWebhookDelivery] {
        let leaseMicros = lease.nanoseconds / 1000
        let sql = """
            WITH busy AS (
                SELECT * FROM unnest($3::UUID[], $5::INT8[]) AS b(webhook, running)
            ), open AS (
                SELECT w.id, $2 - COALESCE(busy.running, 0) AS room
                FROM webhooks w LEFT JOIN busy ON busy.webhook = w.id
                WHERE w.enabled AND (w.circuit_open_until IS NULL OR w.circuit_open_until <= now())
                  AND $2 - COALESCE(busy.running, 0) > 0
            ), picked AS (
                SELECT due.id FROM open CROSS JOIN LATERAL (
                    -- Locked row versions are re-checked: a row another dispatcher claimed meanwhile is skipped.
                    SELECT d.id, d.next_attempt_at FROM webhook_deliveries d
                    WHERE d.webhook_id = open.id AND d.status = 'pending' AND d.next_attempt_at <= now()
                    ORDER BY d.next_attempt_at LIMIT open.room
                    FOR UPDATE SKIP LOCKED
                ) due
                ORDER BY due.next_attempt_at
                LIMIT $1
            )
            UPDATE webhook_deliveries d
            SET attempt = d.attempt + 1, next_attempt_at = now() + $4 * interval '1 microsecond', updated_at = now()
            FROM picked, webhooks w
            WHERE d.id = picked.id AND w.id = d.webhook_id
            RETURNING d.id, d.event_id, d.topic, \(SQLTime.micros("d.event_time")), d.payload, d.attempt,
                      \(WebhookRepository.columns("w"))
            """
        var binds = PostgresBindings()
        binds.append(Int32(clamping: limit))
        binds.append(Int64(perWebhook))
        binds.append(Array(inFlight.keys))
        binds.append(leaseMicros)
        binds.append(inFlight.keys.map { Int64(inFlight[$0] ?? 0) })
        let rows = try await client.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
        var claimed: [ClaimedWebhookDelivery] = []
        for try await row in rows {
            let columns = row.makeRandomAccess()
            let webhookRow = try columns.decodeWebhook(startingAt: 6)
            claimed.append(ClaimedWebhookDelivery(
                id: try columns[0].decode(UUID.self), webhook: WebhookRepository.webhook(webhookRow),
                eventID: try columns[1].decode(String.self), topic: try columns[2].decode(String.self),
                eventTime: Timestamp(microsecondsSinceEpoch: try columns[3].decode(Int64.self)),
                payload: Array(try columns[4].decode(String.self).utf8), attempt: Int(try columns[5].decode(Int32.self))))
        }
        return claimed
    }

    /// Records finished attempts in one statement: the attempt log rows, each delivery's new state,
    /// and each webhook's consecutive failures (reset by a success; attempts count in the order given).
    /// Returns every webhook's consecutive failures after these attempts.
    public func record(_ attempts: [WebhookAttemptRecord]) async throws -> [UUID: Int] {
        guard !attempts.isEmpty else { return [:] }
        var health: [UUID: (reset: Bool, failures: Int)] = [:]
        let rows: [JSONValue] = attempts.map { record in
            let status: String
            var next: Int64? = nil
            switch record.outcome {
            case .delivered: status = "success"
            case .retry(let at): status = "pending"; next = at.microsecondsSinceEpoch
            case .exhausted: status = "failed"
            }
            let webhookID = record.delivery.webhook.id
            if status == "success" {
                health[webhookID] = (true, 0)
            } else {
                health[webhookID, default: (false, 0)].failures += 1
            }
            return .object([
                "id": .string(record.delivery.id.uuidString), "attempt": .int(record.delivery.attempt),
                "code": record.statusCode.map { .int($0) }, "body": record.responseBody.map { .string($0) },
                "error": record.error.map { .string($0) }, "latency": .int(record.latency.nanoseconds / 1_000_000),
                "status": .string(status), "next": next.map { .int($0) },
            ])
        }
        let webhooks = Array(health)
        let batch = String(decoding: JSONValue.array(rows).serialized(), as: UTF8.self)
        let result = try await client.query("""
            WITH input AS (
                SELECT * FROM jsonb_to_recordset(\(batch)::jsonb)
                    AS t(id UUID, attempt INT, code INT, body TEXT, error TEXT, latency INT8, status TEXT, next INT8)
            ), logged AS (
                INSERT INTO webhook_delivery_attempts (delivery_id, attempt, response_status, latency_ms, error)
                SELECT id, attempt, code, LEAST(latency, 2147483647)::INT, error FROM input
            ), updated AS (
                UPDATE webhook_deliveries d SET status = i.status, response_status = i.code, response_body = i.body,
                    error = i.error, latency_ms = LEAST(i.latency, 2147483647)::INT, updated_at = now(),
                    next_attempt_at = CASE WHEN i.next IS NULL THEN d.next_attempt_at
                                           ELSE 'epoch'::timestamptz + i.next * interval '1 microsecond' END,
                    delivered_at = CASE WHEN i.status = 'success' THEN now() ELSE d.delivered_at END
                FROM input i WHERE d.id = i.id
            ), health AS (
                SELECT * FROM unnest(\(webhooks.map(\.key))::UUID[], \(webhooks.map(\.value.reset))::BOOL[],
                                     \(webhooks.map { Int32(clamping: $0.value.failures) })::INT4[]) AS h(webhook, reset, failures)
            )
            UPDATE webhooks w
            SET consecutive_failures = CASE WHEN h.reset THEN h.failures ELSE w.consecutive_failures + h.failures END,
                circuit_open_until = CASE WHEN h.reset THEN NULL ELSE w.circuit_open_until END
            FROM health h WHERE w.id = h.webhook
            RETURNING w.id, w.consecutive_failures
            """, logger: logger)
        var failures: [UUID: Int] = [:]
        for try await (id, count) in result.decode((UUID, Int32).self) { failures[id] = Int(count) }
        return failures
    }

    /// Opens the webhook's breaker until `until` (no attempts before then).
    public func openCircuit(webhookID: UUID, until: Timestamp) async throws {
        try await client.query("""
            UPDATE webhooks SET circuit_open_until = 'epoch'::timestamptz + \(until.microsecondsSinceEpoch) * interval '1 microsecond'
            WHERE id = \(webhookID)
            """, logger: logger)
    }

    /// Disables the webhook, visibly (its `disabled_reason`), keeping its pending deliveries for a re-enable.
    public func disable(webhookID: UUID, reason: String) async throws {
        try await client.query("""
            UPDATE webhooks SET enabled = false, disabled_reason = \(reason), disabled_at = now(), updated_at = now()
            WHERE id = \(webhookID) AND enabled
            """, logger: logger)
    }

    /// Gives a claimed delivery back without counting the attempt (shutdown, DLQ unavailable).
    public func release(_ delivery: ClaimedWebhookDelivery, retryAt: Timestamp) async throws {
        try await client.query("""
            UPDATE webhook_deliveries SET attempt = attempt - 1,
                next_attempt_at = 'epoch'::timestamptz + \(retryAt.microsecondsSinceEpoch) * interval '1 microsecond'
            WHERE id = \(delivery.id) AND status = 'pending'
            """, logger: logger)
    }

    /// The last 100 deliveries of a webhook, newest first, each with its attempts.
    public func recent(webhookID: UUID, limit: Int = 100) async throws -> [(WebhookDelivery, [WebhookAttempt])] {
        let rows = try await client.query("""
            SELECT id, webhook_id, event_id, topic, status, attempt,
                   CASE WHEN status = 'pending' THEN \(unescaped: SQLTime.micros("next_attempt_at")) END,
                   response_status, response_body, error, latency_ms, \(unescaped: SQLTime.micros("created_at")),
                   CASE WHEN delivered_at IS NULL THEN NULL ELSE \(unescaped: SQLTime.micros("delivered_at")) END
            FROM webhook_deliveries WHERE webhook_id = \(webhookID)
            ORDER BY created_at DESC, id LIMIT \(Int32(clamping: limit))
            """, logger: logger)
        var deliveries: [WebhookDelivery] = []
        for try await row in rows.decode((UUID, UUID, String, String, String, Int32, Int64?, Int32?, String?, String?, Int32?, Int64, Int64?).self) {
            deliveries.append(WebhookDelivery(
                id: row.0, webhookID: row.1, eventID: row.2, topic: row.3, status: WebhookDelivery.Status(rawValue: row.4) ?? .pending,
                attempt: Int(row.5), nextAttemptAt: row.6.map { Timestamp(microsecondsSinceEpoch: $0) },
                responseStatus: row.7.map(Int.init), responseBody: row.8, error: row.9, latencyMilliseconds: row.10.map(Int.init),
                createdAt: Timestamp(microsecondsSinceEpoch: row.11), deliveredAt: row.12.map { Timestamp(microsecondsSinceEpoch: $0) }))
        }
        guard !deliveries.isEmpty else { return [] }
        var attempts: [UUID: [WebhookAttempt]] = [:]
        let attemptRows = try await client.query("""
            SELECT delivery_id, attempt, response_status, latency_ms, error, \(unescaped: SQLTime.micros("created_at"))
            FROM webhook_delivery_attempts WHERE delivery_id = ANY(\(deliveries.map(\.id)))
            ORDER BY delivery_id, attempt
            """, logger: logger)
        for try await row in attemptRows.decode((UUID, Int32, Int32?, Int32, String?, Int64).self) {
            attempts[row.0, default: []].append(WebhookAttempt(
                attempt: Int(row.1), responseStatus: row.2.map(Int.init), latencyMilliseconds: Int(row.3), error: row.4,
                at: Timestamp(microsecondsSinceEpoch: row.5)))
        }
        return deliveries.map { ($0, attempts[$0.id] ?? []) }
    }
}

extension PostgresRandomAccessRow {
    fileprivate func decodeWebhook(startingAt start: Int) throws -> WebhookRepository.Row {
        (try self[start].decode(UUID.self), try self[start + 1].decode(String.self), try self[start + 2].decode(String.self),
         try self[start + 3].decode(String.self), try self[start + 4].decode([String].self), try self[start + 5].decode(String.self),
         try self[start + 6].decode(String?.self), try self[start + 7].decode(Int64?.self), try self[start + 8].decode(Bool.self),
         try self[start + 9].decode(String?.self), try self[start + 10].decode(Int32.self), try self[start + 11].decode(Int64?.self),
         try self[start + 12].decode(Int64.self))
    }
}
