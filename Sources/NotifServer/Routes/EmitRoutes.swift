import HTTPTypes
import Hummingbird
import NotifCore

/// `POST /api/v1/emit`: validate, publish to `events.{org}.{project}.{topic}`, answer after the stream's ack.
enum EmitRoutes {
    static let idempotencyHeader = HTTPField.Name("Idempotency-Key")!

    static func register(_ routes: RouteRegistrar, _ server: ServerContext) {
        let maxSize = server.configuration.maxPayloadSize
        routes.on(.post, "/emit") { request, context in
            let key = try context.requireAuth()
            let body = try await EventRequestBody.read(request, maxSize: maxSize)
            let topic = body.topic
            var event = Event(id: Identifiers.newEventID(), topic: topic, data: body.data,
                              timestamp: .now(), orgID: key.orgID, projectID: key.projectID)
            var messageID = event.id
            if let idempotencyKey = request.headers[idempotencyHeader] {
                guard !idempotencyKey.isEmpty, idempotencyKey.utf8.count <= 128 else {
                    throw APIError.badRequest("Idempotency-Key must be 1 to 128 characters")
                }
                messageID = "idem:\(key.projectID):\(idempotencyKey)"
            }
            let broker = try server.pool.broker(forOrg: key.orgID)
            do {
                let ack = try await server.publisher.publish(event, messageID: messageID)
                if ack.duplicate, let original = try await broker.jetStream.message(stream: ack.stream, sequence: ack.sequence),
                   let stored = Event(envelope: original.payload) {
                    event = stored
                }
            } catch {
                context.logger.error("publish failed", metadata: ["error": "\(error)", "topic": "\(topic)"])
                throw APIError(.serviceUnavailable, "failed to publish event")
            }
            return .json(.object([
                "id": .string(event.id),
                "topic": .string(event.topic),
                "created_at": .string(event.timestamp.rfc3339),
            ]))
        }
    }
}
