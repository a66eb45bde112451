import Foundation
import Hummingbird
import NotifCore

/// Webhook management (api-spec §5.5), scoped to the caller's project, plus secret rotation.
/// URLs pass the SSRF guard (with a live DNS lookup) on create and on every URL change.
enum WebhookRoutes {
    static func register(_ routes: RouteRegistrar, _ server: ServerContext) {
        let repository = server.database.webhooks

        routes.on(.post, "/webhooks") { request, context in
            let key = try context.requireAuth()
            let fields = JSONFields(try await request.jsonObject())
            guard let url = try fields.string("url"), !url.isEmpty else { throw APIError.badRequest("url is required") }
            let topics = try topicList(fields)
            guard let topics, !topics.isEmpty else { throw APIError.badRequest("at least one topic is required") }
            try await checkURL(url, server, context)
            let webhook: Webhook
            do {
                webhook = try await repository.create(orgID: key.orgID, projectID: key.projectID, url: url, topics: topics,
                                                      secret: RandomToken.hex(bytes: 32))
            } catch {
                context.logger.error("webhook insert failed", metadata: ["error": "\(String(reflecting: error))"])
                throw APIError.internalError("failed to create webhook")
            }
            server.webhooksChanged(orgID: key.orgID, projectID: key.projectID)
            server.audit("webhook.create", context, target: webhook.id.uuidString.lowercased(), detail: [
                "url": .string(webhook.url), "topics": .array(webhook.topics.map { .string($0) }),
            ])
            return .json(json(webhook, includeSecret: true), status: .created)
        }

        routes.on(.get, "/webhooks") { _, context in
            let key = try context.requireAuth()
            let webhooks: [Webhook]
            do {
                webhooks = try await repository.list(orgID: key.orgID, projectID: key.projectID)
            } catch {
                throw APIError.internalError("failed to list webhooks")
            }
            return .json(.object(["webhooks": .array(webhooks.map { json($0) }), "count": .int(webhooks.count)]))
        }

        routes.on(.get, "/webhooks/{id}") { _, context in
            let key = try context.requireAuth()
            return .json(json(try await existing(context, key, repository)))
        }

        routes.on(.put, "/webhooks/{id}") { request, context in
            let key = try context.requireAuth()
            let webhook = try await existing(context, key, repository)
            let fields = JSONFields(try await request.jsonObject())
            var url: String?
            if let text = try fields.string("url"), !text.isEmpty, text != webhook.url {
                try await checkURL(text, server, context)
                url = text
            }
            let topics = try topicList(fields).flatMap { $0.isEmpty ? nil : $0 }
            var enabled: Bool?
            switch fields.value("enabled") {
            case nil, .null?: break
            case .bool(let flag)?: enabled = flag
            default: throw APIError.badRequest("invalid JSON")
            }
            let updated: Webhook?
            do {
                updated = try await repository.update(orgID: key.orgID, projectID: key.projectID, id: webhook.id,
                                                      url: url, topics: topics, enabled: enabled)
            } catch {
                context.logger.error("webhook update failed", metadata: ["error": "\(String(reflecting: error))"])
                throw APIError.internalError("failed to update webhook")
            }
            guard let updated else { throw APIError.notFound("webhook not found") }
            server.webhooksChanged(orgID: key.orgID, projectID: key.projectID)
            if enabled == true { server.webhookDispatcher.wake() }
            let target = updated.id.uuidString.lowercased()
            if url != nil || topics != nil {
                server.audit("webhook.update", context, target: target, detail: .object([
                    "url": url.map { .string($0) }, "topics": topics.map { .array($0.map { .string($0) }) },
                ]))
            }
            if let enabled, enabled != webhook.enabled {
                server.audit(enabled ? "webhook.enable" : "webhook.disable", context, target: target)
            }
            return .json(json(updated))
        }

        routes.on(.delete, "/webhooks/{id}") { _, context in
            let key = try context.requireAuth()
            let webhook = try await existing(context, key, repository)
            do {
                guard try await repository.delete(orgID: key.orgID, projectID: key.projectID, id: webhook.id) else {
                    throw APIError.notFound("webhook not found")
                }
            } catch let error as APIError {
                throw error
            } catch {
                throw APIError.internalError("failed to delete webhook")
            }
            server.webhooksChanged(orgID: key.orgID, projectID: key.projectID)
            server.audit("webhook.delete", context, target: webhook.id.uuidString.lowercased(), detail: ["url": .string(webhook.url)])
            return .json(.object(["status": "deleted"]))
        }

        routes.on(.post, "/webhooks/{id}/rotate-secret") { _, context in
            let key = try context.requireAuth()
            let webhook = try await existing(context, key, repository)
            let graceUntil = Timestamp.now() + server.configuration.webhooks.secretGracePeriod
            guard let rotated = try? await repository.rotateSecret(orgID: key.orgID, projectID: key.projectID, id: webhook.id,
                                                                   newSecret: RandomToken.hex(bytes: 32), graceUntil: graceUntil) else {
                throw APIError.internalError("failed to rotate secret")
            }
            // The secrets themselves are never recorded.
            server.audit("webhook.secret.rotate", context, target: rotated.id.uuidString.lowercased(),
                         detail: .object(["previous_secret_expires_at": rotated.previousSecretExpiresAt.map { .string($0.rfc3339) }]))
            return .json(.object([
                "id": .string(rotated.id.uuidString.lowercased()),
                "secret": .string(rotated.secret),
                "previous_secret_expires_at": rotated.previousSecretExpiresAt.map { .string($0.rfc3339) },
            ]))
        }

        routes.on(.get, "/webhooks/{id}/deliveries") { _, context in
            let key = try context.requireAuth()
            let webhook = try await existing(context, key, repository)
            let recent: [(WebhookDelivery, [WebhookAttempt])]
            do {
                recent = try await server.database.webhookDeliveries.recent(webhookID: webhook.id)
            } catch {
                context.logger.error("webhook deliveries failed", metadata: ["error": "\(String(reflecting: error))"])
                throw APIError.internalError("failed to get deliveries")
            }
            return .json(.object(["deliveries": .array(recent.map(deliveryJSON)), "count": .int(recent.count)]))
        }
    }

    static func json(_ webhook: Webhook, includeSecret: Bool = false) -> JSONValue {
        .object([
            "id": .string(webhook.id.uuidString.lowercased()),
            "url": .string(webhook.url),
            "topics": .array(webhook.topics.map { .string($0) }),
            "secret": includeSecret ? .string(webhook.secret) : nil,
            "enabled": .bool(webhook.enabled),
            "created_at": .string(webhook.createdAt.rfc3339),
            "disabled_reason": webhook.disabledReason.map { .string($0) },
            "consecutive_failures": .int(webhook.consecutiveFailures),
        ])
    }

    static func deliveryJSON(_ entry: (WebhookDelivery, [WebhookAttempt])) -> JSONValue {
        let (delivery, attempts) = entry
        return .object([
            "id": .string(delivery.id.uuidString.lowercased()),
            "webhook_id": .string(delivery.webhookID.uuidString.lowercased()),
            "event_id": .string(delivery.eventID),
            "topic": .string(delivery.topic),
            "status": .string(delivery.status.rawValue),
            "attempt": .int(delivery.attempt),
            "created_at": .string(delivery.createdAt.rfc3339),
            "response_status": delivery.responseStatus.map { .int($0) },
            "response_body": delivery.responseBody.map { .string($0) },
            "error": delivery.error.map { .string($0) },
            "latency_ms": delivery.latencyMilliseconds.map { .int($0) },
            "delivered_at": delivery.deliveredAt.map { .string($0.rfc3339) },
            "next_attempt_at": delivery.nextAttemptAt.map { .string($0.rfc3339) },
            "attempts": .array(attempts.map { attempt in
                .object([
                    "attempt": .int(attempt.attempt),
                    "response_status": attempt.responseStatus.map { .int($0) },
                    "latency_ms": .int(attempt.latencyMilliseconds),
                    "error": attempt.error.map { .string($0) },
                    "at": .string(attempt.at.rfc3339),
                ])
            }),
        ])
    }

    /// The `topics` member: nil when absent, else every entry must be a valid pattern.
    private static func topicList(_ fields: JSONFields) throws -> [String]? {
        switch fields.value("topics") {
        case nil, .null?: return nil
        case .array(let items)?:
            return try items.map { item in
                guard let topic = item.stringValue else { throw APIError.badRequest("invalid JSON") }
                guard TopicPattern(subscriptionTopic: topic) != nil else { throw APIError.badRequest("invalid topic pattern: \(topic)") }
                return topic
            }
        default:
            throw APIError.badRequest("invalid JSON")
        }
    }

    private static func checkURL(_ url: String, _ server: ServerContext, _ context: NotifRequestContext) async throws {
        do {
            _ = try await server.webhookGuard.validate(url)
        } catch {
            context.logger.info("webhook URL refused", metadata: ["reason": "\(error)"])
            throw APIError(.badRequest, "invalid webhook URL", extra: [JSONMember(key: "reason", value: .string("\(error)"))])
        }
    }

    private static func existing(_ context: NotifRequestContext, _ key: AuthenticatedKey,
                                 _ repository: WebhookRepository) async throws -> Webhook {
        guard let text = context.parameters.get("id"), let id = UUID(uuidString: text) else {
            throw APIError.badRequest("invalid webhook ID")
        }
        let webhook: Webhook?
        do {
            webhook = try await repository.find(orgID: key.orgID, projectID: key.projectID, id: id)
        } catch {
            context.logger.error("webhook lookup failed", metadata: ["error": "\(String(reflecting: error))"])
            throw APIError.internalError("failed to get webhook")
        }
        guard let webhook else { throw APIError.notFound("webhook not found") }
        return webhook
    }
}
