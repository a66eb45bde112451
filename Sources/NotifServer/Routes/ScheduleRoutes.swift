import Foundation
import Hummingbird
import NotifCore

/// Scheduled events (api-spec §5.7), with the reference's bugs fixed: schedules really fire (into the
/// schedule's own project), `run` is project-scoped, the list carries `total` as well as `count`,
/// a time without an offset is read as UTC, and bodies are capped like emit's. Schedules go through
/// the schema check of emit when created and again when they fire (a refusal then fails the schedule).
enum ScheduleRoutes {
    static func register(_ routes: RouteRegistrar, _ server: ServerContext) {
        routes.on(.post, "/schedules") { request, context in
            let key = try context.requireAuth()
            let body = try await EventRequestBody.read(request, maxSize: server.payloadLimit(org: key.orgID))
            let fields = body.fields
            let now = Timestamp.now()
            let when: Timestamp
            if let text = try fields.string("scheduled_for"), !text.isEmpty {
                guard let parsed = Timestamp(rfc3339: text, assumeUTC: true) else {
                    throw APIError.badRequest("scheduled_for must be an RFC 3339 time")
                }
                when = parsed
            } else if let text = try fields.string("in"), !text.isEmpty {
                guard let delay = GoDuration.parse(text) else {
                    throw APIError.badRequest("invalid duration format, use Go duration syntax (e.g. 5m, 1h30m)")
                }
                when = now + delay
            } else {
                throw APIError.badRequest("scheduled_for or in is required")
            }
            guard when > now else { throw APIError.badRequest("scheduled_for must be in the future") }
            // Data the topic's schema refuses now is refused now; the check runs again when the schedule fires.
            let provisional = Event(id: "", topic: body.topic, data: body.data, timestamp: now, orgID: key.orgID, projectID: key.projectID)
            if case .rejected(let report)? = try? await server.schemas.verdict(for: provisional) {
                throw APIError.schemaRejected(report)
            }
            let fingerprint = [body.topic, String(decoding: body.data, as: UTF8.self), try fields.string("scheduled_for") ?? "",
                               try fields.string("in") ?? ""].joined(separator: "\n")
            return try await IdempotencyKey.respond(try IdempotencyKey.of(request), route: "schedules", fingerprint: fingerprint,
                                                    auth: key, server: server, context: context) {
                let schedule: Schedule
                do {
                    schedule = try await server.database.schedules.create(
                        orgID: key.orgID, projectID: key.projectID, topic: body.topic,
                        data: body.data, scheduledFor: when, apiKeyID: key.keyID)
                } catch {
                    context.logger.error("schedule insert failed", metadata: ["error": "\(String(reflecting: error))"])
                    throw APIError.internalError("failed to create scheduled event")
                }
                server.audit("schedule.create", context, target: schedule.id, detail: [
                    "topic": .string(schedule.topic), "scheduled_for": .string(schedule.scheduledFor.rfc3339),
                ])
                return (.object([
                    "id": .string(schedule.id),
                    "topic": .string(schedule.topic),
                    "scheduled_for": .string(schedule.scheduledFor.rfc3339),
                    "created_at": .string(schedule.createdAt.rfc3339),
                ]), .created)
            }
        }

        routes.on(.get, "/schedules") { request, context in
            let key = try context.requireAuth()
            let status = request.query("status")
            if let status, !["pending", "completed", "cancelled", "failed"].contains(status) {
                throw APIError.badRequest("status must be pending, completed, cancelled or failed")
            }
            var limit = 50
            if let value = request.query("limit").flatMap(Int.init), (1...100).contains(value) { limit = value }
            var offset = 0
            if let value = request.query("offset").flatMap(Int.init), value >= 0 { offset = value }
            let page: (schedules: [Schedule], total: Int)
            do {
                page = try await server.database.schedules.list(orgID: key.orgID, projectID: key.projectID,
                                                                status: status, limit: limit, offset: offset)
            } catch {
                throw APIError.internalError("failed to list scheduled events")
            }
            return .json(.object([
                "schedules": .array(page.schedules.map(json)),
                "count": .int(page.schedules.count),
                "total": .int(page.total),
            ]))
        }

        routes.on(.get, "/schedules/{id}") { _, context in
            let key = try context.requireAuth()
            guard let schedule = try await server.database.schedules.find(orgID: key.orgID, projectID: key.projectID,
                                                                          id: context.parameters.get("id") ?? "") else {
                throw APIError.notFound("scheduled event not found")
            }
            return .json(json(schedule))
        }

        routes.on(.delete, "/schedules/{id}") { _, context in
            let key = try context.requireAuth()
            guard try await server.database.schedules.cancel(orgID: key.orgID, projectID: key.projectID,
                                                             id: context.parameters.get("id") ?? "") else {
                throw APIError.notFound("scheduled event not found or already executed")
            }
            server.audit("schedule.cancel", context, target: context.parameters.get("id"))
            return .json(.object(["status": "cancelled"]))
        }

        routes.on(.post, "/schedules/{id}/run") { _, context in
            let key = try context.requireAuth()
            guard let schedule = try await server.database.schedules.claimNow(orgID: key.orgID, projectID: key.projectID,
                                                                              id: context.parameters.get("id") ?? "") else {
                throw APIError.notFound("scheduled event not found or already executed")
            }
            let fired = await server.scheduler.fire(schedule)
            server.audit("schedule.run", context, target: schedule.id, detail: ["outcome": .string(Self.outcome(fired))])
            switch fired {
            case .published(let eventID):
                return .json(.object(["schedule_id": .string(schedule.id), "event_id": .string(eventID)]))
            case .deadLettered(let eventID):
                return .json(.object(["schedule_id": .string(schedule.id), "event_id": .string(eventID), "dead_lettered": true]))
            case .rejected(let report):
                throw APIError.schemaRejected(report)
            case .failed:
                throw APIError(.serviceUnavailable, "failed to publish event")
            }
        }

        routes.on(.get, "/stats/schedules") { _, context in
            let key = try context.requireAuth()
            let stats: ScheduleStats
            do {
                stats = try await server.database.schedules.stats(orgID: key.orgID, projectID: key.projectID)
            } catch {
                throw APIError.internalError("failed to get schedule stats")
            }
            return .json(.object([
                "cancelled": .int(stats.cancelled), "completed": .int(stats.completed),
                "failed": .int(stats.failed), "pending": .int(stats.pending),
            ]))
        }
    }

    /// `running` is an internal state: clients see such a schedule as `pending` until it completes.
    static func json(_ schedule: Schedule) -> JSONValue {
        .object([
            "id": .string(schedule.id),
            "topic": .string(schedule.topic),
            "data": .raw(schedule.data),
            "scheduled_for": .string(schedule.scheduledFor.rfc3339),
            "status": .string(schedule.status == .running ? "pending" : schedule.status.rawValue),
            "error": schedule.error.map { .string($0) },
            "created_at": .string(schedule.createdAt.rfc3339),
            "executed_at": schedule.executedAt.map { .string($0.rfc3339) },
        ])
    }
}

extension ScheduleRoutes {
    /// The audit detail's word for what running a schedule did.
    static func outcome(_ result: Scheduler.FireResult) -> String {
        switch result {
        case .published: "published"
        case .deadLettered: "dead_lettered"
        case .rejected: "rejected"
        case .failed: "failed"
        }
    }
}
