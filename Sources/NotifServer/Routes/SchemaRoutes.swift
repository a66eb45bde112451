import Hummingbird
import NotifCore

/// The JSON Schema registry (api-spec §5.10), scoped to the caller's project, with the reference's
/// defects fixed (runtime-spec §11): patterns match topics with NATS semantics, duplicate names get
/// 409, modes are checked against their enums, a new version becomes the latest in one transaction,
/// `compatibility` is enforced, examples must satisfy their schema, and every change reaches the emit
/// path's cache at once.
enum SchemaRoutes {
    static func register(_ routes: RouteRegistrar, _ server: ServerContext) {
        let repository = server.database.schemas

        routes.on(.post, "/schemas") { request, context in
            let key = try context.requireAuth()
            let fields = JSONFields(try await request.jsonObject())
            guard let name = try fields.string("name"), !name.isEmpty else { throw APIError.badRequest("name is required") }
            guard Schema.isValidName(name), name != "for-topic" else {
                throw APIError.badRequest("invalid name: use 1-255 letters, digits, '.', '_' or '-'")
            }
            guard let pattern = try fields.string("topic_pattern"), !pattern.isEmpty else {
                throw APIError.badRequest("topic_pattern is required")
            }
            try SchemaRequest.checkPattern(pattern)
            let description = try SchemaRequest.description(fields) ?? ""
            let tags = try SchemaRequest.tags(fields) ?? []
            let created: Schema?
            do {
                created = try await repository.create(orgID: key.orgID, projectID: key.projectID, name: name,
                                                      topicPattern: pattern, description: description, tags: tags)
            } catch {
                context.logger.error("schema insert failed", metadata: ["error": "\(String(reflecting: error))"])
                throw APIError.internalError("failed to create schema")
            }
            guard let created else { throw APIError(.conflict, "schema \(name) already exists") }
            server.schemas.invalidate(orgID: key.orgID, projectID: key.projectID)
            server.audit("schema.create", context, target: created.name, detail: ["topic_pattern": .string(created.topicPattern)])
            return .json(SchemaJSON.schema(created, latest: nil), status: .created)
        }

        routes.on(.get, "/schemas") { _, context in
            let key = try context.requireAuth()
            let all: [(Schema, SchemaVersion?)]
            do {
                all = try await repository.list(orgID: key.orgID, projectID: key.projectID)
            } catch {
                context.logger.error("schema list failed", metadata: ["error": "\(String(reflecting: error))"])
                throw APIError.internalError("failed to list schemas")
            }
            return .json(.object(["schemas": .array(all.map { SchemaJSON.schema($0.0, latest: $0.1) }), "count": .int(all.count)]))
        }

        routes.on(.get, "/schemas/for-topic/{topic}") { _, context in
            let key = try context.requireAuth()
            let topic = context.parameters.get("topic") ?? ""
            if let problem = Topic.validationError(topic) { throw APIError.badRequest(problem) }
            let entry: SchemaRegistry.Entry?
            do {
                entry = try await server.schemas.resolve(orgID: key.orgID, projectID: key.projectID, topic: topic)
            } catch {
                throw APIError.internalError("failed to get schema for topic")
            }
            guard let entry else { throw APIError.notFound("no schema found for topic") }
            return .json(SchemaJSON.schema(entry.schema, latest: entry.latest))
        }

        routes.on(.get, "/schemas/{name}") { _, context in
            let key = try context.requireAuth()
            let (schema, latest) = try await existing(context, key, repository)
            return .json(SchemaJSON.schema(schema, latest: latest))
        }

        routes.on(.put, "/schemas/{name}") { request, context in
            let key = try context.requireAuth()
            let (schema, _) = try await existing(context, key, repository)
            let fields = JSONFields(try await request.jsonObject())
            // Empty strings keep the old value (api-spec §5.10); tags: absent/null keeps, [] clears.
            let pattern = try fields.string("topic_pattern").flatMap { $0.isEmpty ? nil : $0 }
            if let pattern { try SchemaRequest.checkPattern(pattern) }
            let description = try SchemaRequest.description(fields).flatMap { $0.isEmpty ? nil : $0 }
            let tags = try SchemaRequest.tags(fields)
            let updated: Schema?
            do {
                updated = try await repository.update(orgID: key.orgID, projectID: key.projectID, name: schema.name,
                                                      topicPattern: pattern, description: description, tags: tags)
            } catch {
                context.logger.error("schema update failed", metadata: ["error": "\(String(reflecting: error))"])
                throw APIError.internalError("failed to update schema")
            }
            guard let updated else { throw APIError.notFound("schema not found") }
            server.schemas.invalidate(orgID: key.orgID, projectID: key.projectID)
            server.audit("schema.update", context, target: updated.name, detail: .object([
                "topic_pattern": pattern.map { .string($0) }, "description": description.map { .string($0) },
                "tags": tags.map { .array($0.map { .string($0) }) },
            ]))
            return .json(SchemaJSON.schema(updated, latest: nil))
        }

        routes.on(.delete, "/schemas/{name}") { _, context in
            let key = try context.requireAuth()
            let (schema, _) = try await existing(context, key, repository)
            let deleted: Bool
            do {
                deleted = try await repository.delete(orgID: key.orgID, projectID: key.projectID, name: schema.name)
            } catch {
                throw APIError.internalError("failed to delete schema")
            }
            guard deleted else { throw APIError.notFound("schema not found") }
            server.schemas.invalidate(orgID: key.orgID, projectID: key.projectID)
            server.audit("schema.delete", context, target: schema.name)
            return .json(.object(["status": "deleted"]))
        }

        SchemaVersionRoutes.register(routes, server)
    }

    /// The schema named in the path (and its latest version), or 404.
    static func existing(_ context: NotifRequestContext, _ key: AuthenticatedKey,
                         _ repository: SchemaRepository) async throws -> (Schema, SchemaVersion?) {
        let name = context.parameters.get("name") ?? ""
        let found: (Schema, SchemaVersion?)?
        do {
            found = try await repository.find(orgID: key.orgID, projectID: key.projectID, name: name)
        } catch {
            context.logger.error("schema lookup failed", metadata: ["error": "\(String(reflecting: error))"])
            throw APIError.internalError("failed to get schema")
        }
        guard let found else { throw APIError.notFound("schema not found") }
        return found
    }
}
