import Hummingbird
import NotifCore

/// The dead-letter queue (api-spec §5.6), scoped to the caller's project. List items carry both the
/// dashboard's flattened fields and the CLI's `{seq, subject, message}` shape (api-spec §12.4);
/// `limit` is capped at 1000. A replay goes through the schema check of emit: an event its topic's
/// schema would refuse or dead-letter again stays in the queue (400 with the violations).
enum DeadLetterRoutes {
    static let bulkLimit = 1000

    static func register(_ routes: RouteRegistrar, _ server: ServerContext) {
        let queue = server.deadLetters

        routes.on(.get, "/dlq") { request, context in
            let key = try context.requireAuth()
            let topic = try topicFilter(request)
            var limit = 100
            if let value = request.query("limit") {
                guard let parsed = Int(value), parsed > 0 else { throw APIError.badRequest("limit must be a positive integer") }
                limit = min(parsed, bulkLimit)
            }
            let entries: [StoredDeadLetter]
            do {
                entries = try await queue.list(org: key.orgID, project: key.projectID, topic: topic, limit: limit)
            } catch {
                context.logger.error("dlq list failed", metadata: ["error": "\(error)"])
                throw APIError.internalError("failed to list DLQ")
            }
            return .json(.object(["messages": .array(entries.map(listItem)), "count": .int(entries.count)]))
        }

        routes.on(.post, "/dlq/replay-all") { request, context in
            let key = try context.requireAuth()
            let entries = try await bulk(request, context, key, queue)
            var replayed = 0
            var failed = 0
            for entry in entries {
                do {
                    try await server.intake.replay(entry)
                    replayed += 1
                } catch {
                    failed += 1
                }
            }
            server.audit("dlq.replay_all", context, target: request.query("topic"),
                         detail: ["replayed": .int(replayed), "failed": .int(failed)])
            return .json(.object(["replayed": .int(replayed), "failed": .int(failed)]))
        }

        routes.on(.delete, "/dlq/purge") { request, context in
            let key = try context.requireAuth()
            let entries = try await bulk(request, context, key, queue)
            var deleted = 0
            for entry in entries where (try? await queue.delete(entry)) == true {
                deleted += 1
            }
            server.audit("dlq.purge", context, target: request.query("topic"), detail: ["deleted": .int(deleted)])
            return .json(.object(["deleted": .int(deleted)]))
        }

        routes.on(.get, "/dlq/{seq}") { _, context in
            let key = try context.requireAuth()
            let sequence = try sequenceParameter(context)
            guard let entry = try await lookup({ try await queue.get(org: key.orgID, project: key.projectID, sequence: sequence) },
                                                context, failure: "failed to get message") else {
                throw APIError.notFound("message not found")
            }
            return .json(.object([
                "seq": .int(entry.sequence), "subject": .string(entry.subject), "message": entry.letter.json,
            ]))
        }

        routes.on(.post, "/dlq/{seq}/replay") { _, context in
            let key = try context.requireAuth()
            let sequence = try sequenceParameter(context)
            let replayed: Bool
            do {
                replayed = try await server.intake.replay(org: key.orgID, project: key.projectID, sequence: sequence)
            } catch {
                if !(error is EventIntake.Rejection) {
                    context.logger.error("dlq replay failed", metadata: ["error": "\(error)"])
                }
                throw APIError.intake(error, publishFailure: "failed to replay message", publishStatus: .internalServerError)
            }
            guard replayed else { throw APIError.notFound("message not found") }
            server.audit("dlq.replay", context, target: String(sequence))
            return .json(.object(["status": "replayed"]))
        }

        routes.on(.delete, "/dlq/{seq}") { _, context in
            let key = try context.requireAuth()
            let sequence = try sequenceParameter(context)
            guard try await lookup({ try await queue.delete(org: key.orgID, project: key.projectID, sequence: sequence) },
                                   context, failure: "failed to delete message") else {
                throw APIError.notFound("message not found")
            }
            server.audit("dlq.delete", context, target: String(sequence))
            return .json(.object(["status": "deleted"]))
        }
    }

    static func listItem(_ entry: StoredDeadLetter) -> JSONValue {
        let letter = entry.letter
        return .object([
            "seq": .int(entry.sequence),
            "subject": .string(entry.subject),
            "topic": .string(letter.originalTopic),
            "event_id": .string(letter.eventID),
            "error": .string(letter.lastError),
            "attempts": .int(letter.attempts),
            "created_at": .string(letter.failedAt.rfc3339),
            "data": .raw(letter.data),
            "message": letter.json,
        ])
    }

    private static func topicFilter(_ request: Request) throws -> TopicPattern? {
        guard let text = request.query("topic") else { return nil }
        guard let pattern = TopicPattern(subscriptionTopic: text) else { throw APIError.badRequest("invalid topic pattern") }
        return pattern
    }

    private static func sequenceParameter(_ context: NotifRequestContext) throws -> UInt64 {
        guard let text = context.parameters.get("seq"), let sequence = UInt64(text), sequence > 0 else {
            throw APIError.badRequest("invalid sequence number")
        }
        return sequence
    }

    private static func bulk(_ request: Request, _ context: NotifRequestContext, _ key: AuthenticatedKey,
                             _ queue: DeadLetterQueue) async throws -> [StoredDeadLetter] {
        let topic = try topicFilter(request)
        do {
            return try await queue.list(org: key.orgID, project: key.projectID, topic: topic, limit: bulkLimit)
        } catch {
            context.logger.error("dlq list failed", metadata: ["error": "\(error)"])
            throw APIError.internalError("failed to list DLQ")
        }
    }

    private static func lookup<T: Sendable>(_ body: () async throws -> T, _ context: NotifRequestContext,
                                            failure: String) async throws -> T {
        do {
            return try await body()
        } catch {
            context.logger.error("dlq operation failed", metadata: ["error": "\(error)"])
            throw APIError.internalError(failure)
        }
    }
}
