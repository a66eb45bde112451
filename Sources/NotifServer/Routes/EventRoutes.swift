import Hummingbird
import NotifCore

/// Event history served from the Postgres index: list, one by sequence, stats, delivery log.
enum EventRoutes {
    static func register(_ routes: RouteRegistrar, _ server: ServerContext) {
        routes.on(.get, "/events") { request, context in
            let key = try context.requireAuth()
            var query = EventQuery(orgID: key.orgID, projectID: key.projectID)
            if let topic = request.query("topic") {
                guard let pattern = TopicPattern(topic) else { throw APIError.badRequest("invalid topic pattern") }
                // `*` alone means every topic, as in subscriptions.
                query.pattern = topic == "*" ? nil : pattern
            }
            if let limit = request.query("limit").flatMap(Int.init), limit > 0 { query.limit = min(limit, 1000) }
            query.from = try time(request.query("from"), name: "from")
            query.to = try time(request.query("to"), name: "to")
            if let cursor = request.query("cursor") {
                guard let value = UInt64(cursor) else { throw APIError.badRequest("invalid cursor") }
                query.cursor = value
            }
            switch request.query("order") {
            case nil, "desc": query.ascending = false
            case "asc": query.ascending = true
            default: throw APIError.badRequest("order must be asc or desc")
            }
            await waitForIndex(server, org: key.orgID, context: context)
            let events: [IndexedEvent]
            do {
                events = try await server.database.events.list(query)
            } catch {
                context.logger.error("event query failed", metadata: ["error": "\(String(reflecting: error))"])
                throw APIError.internalError("failed to query events")
            }
            return .json(.object([
                "events": .array(events.map(item)),
                "count": .int(events.count),
                "next_cursor": events.count == query.limit ? events.last.map { .string(String($0.sequence)) } : nil,
            ]))
        }

        routes.on(.get, "/events/stats") { _, context in
            let key = try context.requireAuth()
            await waitForIndex(server, org: key.orgID, context: context)
            let stats: EventStats
            do {
                stats = try await server.database.events.stats(orgID: key.orgID, projectID: key.projectID)
            } catch {
                throw APIError.internalError("failed to get event stats")
            }
            return .json(.object([
                "messages": .int(stats.messages),
                "bytes": .int(stats.bytes),
                "first_seq": .int(stats.firstSequence ?? 0),
                "last_seq": .int(stats.lastSequence ?? 0),
                "first_time": stats.firstTime.map { .string($0.rfc3339) },
                "last_time": stats.lastTime.map { .string($0.rfc3339) },
            ]))
        }

        // `{seq}` is a stream sequence number (the reference's form) or an event id (`evt_…`).
        routes.on(.get, "/events/{seq}") { _, context in
            let key = try context.requireAuth()
            let segment = context.parameters.get("seq") ?? ""
            let sequence = UInt64(segment)
            guard sequence != nil || Identifiers.isValidEventID(segment) else {
                throw APIError.badRequest("invalid sequence number")
            }
            await waitForIndex(server, org: key.orgID, context: context)
            let found: IndexedEvent?
            if let sequence {
                found = try await server.database.events.find(orgID: key.orgID, projectID: key.projectID, sequence: sequence)
            } else {
                found = try await server.database.events.find(orgID: key.orgID, projectID: key.projectID, eventID: segment)
            }
            guard let event = found else { throw APIError.notFound("event not found") }
            return .json(item(event))
        }

        // The segment is an event id here; it shares the `{seq}` name with the route above (one trie node).
        routes.on(.get, "/events/{seq}/deliveries") { _, context in
            let key = try context.requireAuth()
            guard let id = context.parameters.get("seq"), !id.isEmpty else { throw APIError.badRequest("invalid event id") }
            let deliveries: [EventDelivery]
            do {
                deliveries = try await server.database.events.deliveries(orgID: key.orgID, eventID: id)
            } catch {
                throw APIError.internalError("failed to get deliveries")
            }
            return .json(.object(["deliveries": .array(deliveries.map(delivery)), "count": .int(deliveries.count)]))
        }
    }

    static func item(_ event: IndexedEvent) -> JSONValue {
        .object(["seq": .int(event.sequence), "event": event.event.envelope, "timestamp": .string(event.storedAt.rfc3339)])
    }

    static func delivery(_ row: EventDelivery) -> JSONValue {
        .object([
            "id": .string(row.id.uuidString.lowercased()),
            "event_id": .string(row.eventID),
            "receiver_type": .string(row.receiverType),
            "status": .string(row.status),
            "attempt": .int(row.attempt),
            "created_at": .string(row.createdAt.rfc3339Seconds),
            "receiver_id": row.receiverID.map { .string($0.uuidString.lowercased()) },
            "consumer_name": row.consumerName.map { .string($0) },
            "client_id": row.clientID.map { .string($0) },
            "delivered_at": row.deliveredAt.map { .string($0.rfc3339Seconds) },
            "acked_at": row.ackedAt.map { .string($0.rfc3339Seconds) },
            "error": row.error.map { .string($0) },
        ])
    }

    /// RFC 3339 or whole Unix seconds; anything else is a 400 naming the parameter.
    static func time(_ text: String?, name: String) throws -> Timestamp? {
        guard let text else { return nil }
        if let seconds = Int64(text) { return Timestamp(nanosecondsSinceEpoch: seconds * 1_000_000_000) }
        guard let timestamp = Timestamp(rfc3339: text) else {
            throw APIError.badRequest("\(name) must be an RFC 3339 time or Unix seconds")
        }
        return timestamp
    }

    /// Reads reflect every event acknowledged before the request: wait (briefly) for the indexer.
    static func waitForIndex(_ server: ServerContext, org: String, context: NotifRequestContext) async {
        do {
            let broker = try server.pool.broker(forOrg: org)
            let caughtUp = try await EventIndexer.waitUntilIndexed(broker.jetStream, streams: broker.streams, timeout: .seconds(2))
            if !caughtUp { context.logger.warning("history index is behind; answering with what it has") }
        } catch {
            context.logger.warning("could not check the history index", metadata: ["error": "\(error)"])
        }
    }
}
