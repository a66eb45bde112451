import Foundation
import Logging
import PostgresNIO

/// An event as the history index holds it.
public struct IndexedEvent: Sendable, Equatable {
    public var event: Event
    /// The events stream's sequence number.
    public var sequence: UInt64
    /// When the stream stored it.
    public var storedAt: Timestamp

    public init(event: Event, sequence: UInt64, storedAt: Timestamp) {
        self.event = event
        self.sequence = sequence
        self.storedAt = storedAt
    }
}

/// A filter over one project's history.
public struct EventQuery: Sendable {
    public var orgID: String
    public var projectID: String
    public var pattern: TopicPattern?
    public var from: Timestamp?
    public var to: Timestamp?
    public var limit: Int
    /// Continue after this stream sequence (exclusive), in the query's order.
    public var cursor: UInt64?
    /// Oldest first when true; newest first otherwise.
    public var ascending: Bool

    public init(orgID: String, projectID: String, pattern: TopicPattern? = nil, from: Timestamp? = nil, to: Timestamp? = nil,
                limit: Int = 100, cursor: UInt64? = nil, ascending: Bool = false) {
        self.orgID = orgID
        self.projectID = projectID
        self.pattern = pattern
        self.from = from
        self.to = to
        self.limit = limit
        self.cursor = cursor
        self.ascending = ascending
    }
}

/// Aggregate numbers over one project's history.
public struct EventStats: Sendable, Equatable {
    public var messages: Int64
    public var bytes: Int64
    public var firstSequence: UInt64?
    public var lastSequence: UInt64?
    public var firstTime: Timestamp?
    public var lastTime: Timestamp?
}

/// One row of the delivery log.
public struct EventDelivery: Sendable, Equatable {
    public var id: UUID
    public var eventID: String
    public var receiverType: String
    public var status: String
    public var attempt: Int
    public var createdAt: Timestamp
    public var receiverID: UUID?
    public var consumerName: String?
    public var clientID: String?
    public var deliveredAt: Timestamp?
    public var ackedAt: Timestamp?
    public var error: String?
}

/// The history index (written by the indexer) and the delivery log.
public struct EventRepository: Sendable {
    let client: PostgresClient
    let logger: Logger

    /// Inserts a batch in one statement. Idempotent by event id; events of projects that no longer
    /// exist are skipped. Returns how many rows were new.
    @discardableResult
    public func insert(_ batch: [IndexedEvent]) async throws -> Int {
        guard !batch.isEmpty else { return 0 }
        var binds = PostgresBindings()
        binds.append(batch.map(\.event.id))
        binds.append(batch.map { Int64(bitPattern: $0.sequence) })
        binds.append(batch.map(\.event.orgID))
        binds.append(batch.map(\.event.projectID))
        binds.append(batch.map(\.event.topic))
        binds.append(batch.map { String(decoding: $0.event.data, as: UTF8.self) })
        binds.append(batch.map { Int32($0.event.data.count) })
        binds.append(batch.map { Int32($0.event.attempt) })
        binds.append(batch.map(\.event.timestamp.microsecondsSinceEpoch))
        binds.append(batch.map(\.storedAt.microsecondsSinceEpoch))
        let sql = """
            INSERT INTO events (id, seq, org_id, project_id, topic, data, payload_size, attempt, created_at, stored_at)
            SELECT t.id, t.seq, t.org, t.prj, t.topic, t.data::json, t.size, t.attempt,
                   \(SQLTime.fromMicros("t.created")), \(SQLTime.fromMicros("t.stored"))
            FROM unnest($1::TEXT[], $2::INT8[], $3::TEXT[], $4::TEXT[], $5::TEXT[], $6::TEXT[], $7::INT4[], $8::INT4[],
                        $9::INT8[], $10::INT8[])
                 AS t(id, seq, org, prj, topic, data, size, attempt, created, stored)
            WHERE EXISTS (SELECT 1 FROM projects p WHERE p.id = t.prj AND p.org_id = t.org)
            ON CONFLICT (id) DO NOTHING
            RETURNING id
            """
        let rows = try await client.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
        var inserted = 0
        for try await _ in rows { inserted += 1 }
        return inserted
    }

    static let eventColumns = "id, seq, org_id, project_id, topic, data::TEXT, attempt, \(SQLTime.micros("created_at")), \(SQLTime.micros("stored_at"))"
    typealias EventRow = (String, Int64, String, String, String, String, Int32, Int64, Int64)

    static func indexedEvent(_ row: EventRow) -> IndexedEvent {
        IndexedEvent(
            event: Event(id: row.0, topic: row.4, data: Array(row.5.utf8), timestamp: Timestamp(microsecondsSinceEpoch: row.7),
                         orgID: row.2, projectID: row.3, attempt: Int(row.6)),
            sequence: UInt64(bitPattern: row.1), storedAt: Timestamp(microsecondsSinceEpoch: row.8))
    }

    public func list(_ query: EventQuery) async throws -> [IndexedEvent] {
        var binds = PostgresBindings()
        binds.append(query.orgID)
        binds.append(query.projectID)
        var conditions = ["org_id = $1", "project_id = $2"]
        if let pattern = query.pattern {
            if pattern.hasWildcards {
                binds.append(pattern.postgresRegex)
                conditions.append("topic ~ $\(binds.count)")
            } else {
                binds.append(pattern.text)
                conditions.append("topic = $\(binds.count)")
            }
        }
        if let from = query.from {
            binds.append(from.microsecondsSinceEpoch)
            conditions.append("created_at >= \(SQLTime.fromMicros("$\(binds.count)::INT8"))")
        }
        if let to = query.to {
            binds.append(to.microsecondsSinceEpoch)
            conditions.append("created_at <= \(SQLTime.fromMicros("$\(binds.count)::INT8"))")
        }
        if let cursor = query.cursor {
            binds.append(Int64(bitPattern: cursor))
            conditions.append("seq \(query.ascending ? ">" : "<") $\(binds.count)::INT8")
        }
        binds.append(Int64(query.limit))
        let sql = """
            SELECT \(Self.eventColumns) FROM events WHERE \(conditions.joined(separator: " AND "))
            ORDER BY seq \(query.ascending ? "ASC" : "DESC") LIMIT $\(binds.count)::INT8
            """
        let rows = try await client.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
        var events: [IndexedEvent] = []
        for try await row in rows.decode(EventRow.self) { events.append(Self.indexedEvent(row)) }
        return events
    }

    /// One event of the project by stream sequence.
    public func find(orgID: String, projectID: String, sequence: UInt64) async throws -> IndexedEvent? {
        let seq = Int64(bitPattern: sequence)
        let rows = try await client.query("""
            SELECT \(unescaped: Self.eventColumns) FROM events
            WHERE org_id = \(orgID) AND project_id = \(projectID) AND seq = \(seq)
            """, logger: logger)
        for try await row in rows.decode(EventRow.self) { return Self.indexedEvent(row) }
        return nil
    }

    /// One event of the project by event id.
    public func find(orgID: String, projectID: String, eventID: String) async throws -> IndexedEvent? {
        let rows = try await client.query("""
            SELECT \(unescaped: Self.eventColumns) FROM events
            WHERE org_id = \(orgID) AND project_id = \(projectID) AND id = \(eventID)
            """, logger: logger)
        for try await row in rows.decode(EventRow.self) { return Self.indexedEvent(row) }
        return nil
    }

    public func stats(orgID: String, projectID: String) async throws -> EventStats {
        let rows = try await client.query("""
            SELECT COUNT(*)::INT8, COALESCE(SUM(payload_size), 0)::INT8, MIN(seq), MAX(seq),
                   \(unescaped: SQLTime.micros("MIN(created_at)")), \(unescaped: SQLTime.micros("MAX(created_at)"))
            FROM events WHERE org_id = \(orgID) AND project_id = \(projectID)
            """, logger: logger)
        for try await (count, bytes, first, last, firstTime, lastTime) in rows.decode((Int64, Int64, Int64?, Int64?, Int64?, Int64?).self) {
            return EventStats(messages: count, bytes: bytes,
                              firstSequence: first.map { UInt64(bitPattern: $0) }, lastSequence: last.map { UInt64(bitPattern: $0) },
                              firstTime: firstTime.map { Timestamp(microsecondsSinceEpoch: $0) },
                              lastTime: lastTime.map { Timestamp(microsecondsSinceEpoch: $0) })
        }
        return EventStats(messages: 0, bytes: 0)
    }

    /// Delivery log rows of one event, newest first, within the org.
    public func deliveries(orgID: String, eventID: String) async throws -> [EventDelivery] {
        let rows = try await client.query("""
            SELECT id, event_id, receiver_type, status, attempt, \(unescaped: SQLTime.micros("created_at")),
                   receiver_id, consumer_name, client_id,
                   CASE WHEN delivered_at IS NULL THEN NULL ELSE \(unescaped: SQLTime.micros("delivered_at")) END,
                   CASE WHEN acked_at IS NULL THEN NULL ELSE \(unescaped: SQLTime.micros("acked_at")) END,
                   error
            FROM event_deliveries WHERE org_id = \(orgID) AND event_id = \(eventID)
            ORDER BY created_at DESC, id
            """, logger: logger)
        var deliveries: [EventDelivery] = []
        typealias Row = (UUID, String, String, String, Int32, Int64, UUID?, String?, String?, Int64?, Int64?, String?)
        for try await row in rows.decode(Row.self) {
            deliveries.append(EventDelivery(
                id: row.0, eventID: row.1, receiverType: row.2, status: row.3, attempt: Int(row.4),
                createdAt: Timestamp(microsecondsSinceEpoch: row.5), receiverID: row.6, consumerName: row.7, clientID: row.8,
                deliveredAt: row.9.map { Timestamp(microsecondsSinceEpoch: $0) },
                ackedAt: row.10.map { Timestamp(microsecondsSinceEpoch: $0) }, error: row.11))
        }
        return deliveries
    }
}
