import Foundation
import Logging
import PostgresNIO

/// One `event_deliveries` row as written: an event handed to one receiver (a WebSocket client or a
/// webhook), and its outcome.
public struct DeliveryRecord: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable { case pending, delivered, acked, nacked, failed, dlq }
    public enum Receiver: Sendable, Equatable {
        case websocket(consumer: String, client: String)
        case webhook(UUID)
    }

    public var id: UUID
    public var eventID: String
    public var orgID: String
    public var projectID: String
    public var receiver: Receiver
    public var status: Status
    public var attempt: Int
    public var error: String?
    public var at: Timestamp

    public init(id: UUID = UUID(), eventID: String, orgID: String, projectID: String, receiver: Receiver,
                status: Status, attempt: Int, error: String? = nil, at: Timestamp = .now()) {
        self.id = id
        self.eventID = eventID
        self.orgID = orgID
        self.projectID = projectID
        self.receiver = receiver
        self.status = status
        self.attempt = attempt
        self.error = error
        self.at = at
    }
}

/// A change of a delivery row's outcome.
public struct DeliveryOutcome: Sendable, Equatable {
    public var id: UUID
    public var status: DeliveryRecord.Status
    public var error: String?
    public var at: Timestamp

    public init(id: UUID, status: DeliveryRecord.Status, error: String? = nil, at: Timestamp = .now()) {
        self.id = id
        self.status = status
        self.error = error
        self.at = at
    }
}

/// Batched writes to `event_deliveries` (reads are in `EventRepository.deliveries`).
public struct DeliveryLogRepository: Sendable {
    let client: PostgresClient
    let logger: Logger

    /// Inserts new rows in one statement; `delivered_at` is the record's time, `acked_at` too when acked.
    public func insert(_ records: [DeliveryRecord]) async throws {
        guard !records.isEmpty else { return }
        var binds = PostgresBindings()
        binds.append(records.map(\.id))
        binds.append(records.map(\.eventID))
        binds.append(records.map(\.orgID))
        binds.append(records.map(\.projectID))
        binds.append(records.map { if case .webhook = $0.receiver { "webhook" } else { "websocket" } })
        binds.append(records.map { if case .webhook(let id) = $0.receiver { id.uuidString } else { "" } })
        binds.append(records.map { if case .websocket(let consumer, _) = $0.receiver { consumer } else { "" } })
        binds.append(records.map { if case .websocket(_, let client) = $0.receiver { client } else { "" } })
        binds.append(records.map(\.status.rawValue))
        binds.append(records.map { Int32(clamping: $0.attempt) })
        binds.append(records.map { $0.error ?? "" })
        binds.append(records.map(\.at.microsecondsSinceEpoch))
        let sql = """
            INSERT INTO event_deliveries (id, event_id, org_id, project_id, receiver_type, receiver_id, consumer_name,
                                          client_id, status, attempt, error, created_at, delivered_at, acked_at)
            SELECT t.id, t.event, t.org, t.prj, t.kind, NULLIF(t.receiver, '')::uuid, NULLIF(t.consumer, ''),
                   NULLIF(t.client, ''), t.status, t.attempt, NULLIF(t.error, ''), \(SQLTime.fromMicros("t.at")),
                   CASE WHEN t.status IN ('pending') THEN NULL ELSE \(SQLTime.fromMicros("t.at")) END,
                   CASE WHEN t.status = 'acked' THEN \(SQLTime.fromMicros("t.at")) END
            FROM unnest($1::UUID[], $2::TEXT[], $3::TEXT[], $4::TEXT[], $5::TEXT[], $6::TEXT[], $7::TEXT[], $8::TEXT[],
                        $9::TEXT[], $10::INT4[], $11::TEXT[], $12::INT8[])
                 AS t(id, event, org, prj, kind, receiver, consumer, client, status, attempt, error, at)
            ON CONFLICT (id) DO NOTHING
            """
        try await client.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
    }

    /// Applies outcome changes in one statement.
    public func update(_ outcomes: [DeliveryOutcome]) async throws {
        guard !outcomes.isEmpty else { return }
        var binds = PostgresBindings()
        binds.append(outcomes.map(\.id))
        binds.append(outcomes.map(\.status.rawValue))
        binds.append(outcomes.map { $0.error ?? "" })
        binds.append(outcomes.map(\.at.microsecondsSinceEpoch))
        let sql = """
            UPDATE event_deliveries d
            SET status = t.status, error = COALESCE(NULLIF(t.error, ''), d.error),
                acked_at = CASE WHEN t.status = 'acked' THEN \(SQLTime.fromMicros("t.at")) ELSE d.acked_at END
            FROM unnest($1::UUID[], $2::TEXT[], $3::TEXT[], $4::INT8[]) AS t(id, status, error, at)
            WHERE d.id = t.id
            """
        try await client.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
    }
}
