import HTTPTypes
import Hummingbird
import Metrics
import NotifCore

/// `POST /api/v1/emit`: validate, check the topic's schema, publish to `events.{org}.{project}.{topic}`,
/// answer after the stream's ack. An event its schema sends to the DLQ (`on_invalid: dlq`) is answered
/// `200` like any accepted event, with `"dead_lettered": true`.
enum EmitRoutes {
    static func register(_ routes: RouteRegistrar, _ server: ServerContext) {
        // `notif_events_emitted_total{outcome}`, made once rather than per request.
        let publishedCounter = Counter(label: "notif_events_emitted_total", dimensions: [("outcome", "published")])
        let deadLetteredCounter = Counter(label: "notif_events_emitted_total", dimensions: [("outcome", "dead_lettered")])
        routes.on(.post, "/emit") { request, context in
            let key = try context.requireAuth()
            let body = try await EventRequestBody.read(request, maxSize: server.payloadLimit(org: key.orgID))
            let idempotencyKey = try IdempotencyKey.of(request)
            let fingerprint = body.topic + "\n" + String(decoding: body.data, as: UTF8.self)
            return try await IdempotencyKey.respond(idempotencyKey, route: "emit", fingerprint: fingerprint, auth: key,
                                                    server: server, context: context) {
                var event = Event(id: Identifiers.newEventID(), topic: body.topic, data: body.data,
                                  timestamp: .now(), orgID: key.orgID, projectID: key.projectID)
                // Within JetStream's 2-minute window the key also de-duplicates at the stream itself.
                let messageID = idempotencyKey.map { "idem:\(key.projectID):\($0)" } ?? event.id
                let outcome: EventIntake.Outcome
                do {
                    outcome = try await server.intake.submit(event, messageID: messageID)
                } catch {
                    if !(error is EventIntake.Rejection || error is BrokerPool.OrgNotConnected) {
                        context.logger.error("emit failed", metadata: ["error": "\(error)", "topic": "\(body.topic)"])
                    }
                    throw APIError.intake(error, publishFailure: "failed to publish event")
                }
                var deadLettered = false
                switch outcome {
                case .published(let ack, _):
                    let broker = try server.pool.broker(forOrg: key.orgID)
                    if ack.duplicate, let original = try await broker.jetStream.message(stream: ack.stream, sequence: ack.sequence),
                       let stored = Event(envelope: original.payload) {
                        event = stored
                    }
                case .deadLettered:
                    deadLettered = true
                }
                (deadLettered ? deadLetteredCounter : publishedCounter).increment()
                let sampling = server.configuration.auditEmitSampling
                if sampling >= 1 || Double.random(in: 0..<1) < sampling {
                    server.audit("event.emit", context, target: event.topic, detail: .object([
                        "event_id": .string(event.id), "size": .int(body.data.count), "dead_lettered": deadLettered ? true : nil,
                    ]))
                }
                return (.object([
                    "id": .string(event.id),
                    "topic": .string(event.topic),
                    "created_at": .string(event.timestamp.rfc3339),
                    "dead_lettered": deadLettered ? true : nil,
                ]), .ok)
            }
        }
    }
}
