import Foundation
import Hummingbird
import NotifCore

/// API key management for admin keys, within their org (api-spec §5.11, with the reference's
/// "any key may revoke any id and gets 200" fixed: unknown ids are 404).
enum APIKeyRoutes {
    static func register(_ routes: RouteRegistrar, _ server: ServerContext) {
        routes.on(.post, "/api-keys") { request, context in
            let caller = try context.requireAdmin()
            let fields = JSONFields(try await request.jsonObject())
            let projectID = try fields.string("project_id") ?? caller.projectID
            guard Identifiers.isValidProjectID(projectID),
                  try await server.database.projects.find(orgID: caller.orgID, id: projectID) != nil else {
                throw APIError.badRequest("invalid project_id")
            }
            let name = try fields.string("name").flatMap { $0.isEmpty ? nil : $0 }
            guard (name?.count ?? 0) <= 255 else { throw APIError.badRequest("name is too long, max 255 characters") }
            let scopeText = try fields.string("scope") ?? "project"
            guard let scope = APIKeyScope(rawValue: scopeText) else {
                throw APIError.badRequest("scope must be project, admin or platform")
            }
            // A key can only hand out powers it has: platform keys come from platform keys.
            guard scope != .platform || caller.scope == .platform else {
                throw APIError(.forbidden, "only a platform api key may create platform keys")
            }
            var rateLimit = 100
            switch fields.value("rate_limit_per_second") {
            case nil, .null?: break
            case let value?:
                guard let number = value.int64Value, (1...1_000_000).contains(number) else {
                    throw APIError.badRequest("rate_limit_per_second must be an integer from 1 to 1000000")
                }
                rateLimit = Int(number)
            }
            let created: (record: APIKeyRecord, secret: String)
            do {
                created = try await server.database.apiKeys.create(orgID: caller.orgID, projectID: projectID, name: name,
                                                                   scope: scope, rateLimitPerSecond: rateLimit)
            } catch {
                throw APIError.internalError("failed to create API key")
            }
            // The key itself never: only its id and prefix.
            server.audit("api_key.create", context, target: created.record.id.uuidString.lowercased(), detail: .object([
                "key_prefix": .string(created.record.keyPrefix), "scope": .string(scope.rawValue),
                "project_id": .string(projectID), "name": name.map { .string($0) },
            ]))
            return .json(.object([
                "id": .string(created.record.id.uuidString.lowercased()),
                "key_prefix": .string(created.record.keyPrefix),
                "full_key": .string(created.secret),
                "name": created.record.name.map { .string($0) },
                "scope": .string(created.record.scope.rawValue),
                "project_id": .string(created.record.projectID),
                "rate_limit_per_second": created.record.rateLimitPerSecond.map { .int($0) },
                "created_at": .string(created.record.createdAt.rfc3339Seconds),
            ]), status: .created)
        }

        routes.on(.get, "/api-keys") { request, context in
            let caller = try context.requireAdmin()
            let projectID = request.query("project_id") ?? caller.projectID
            let keys: [APIKeyRecord]
            do {
                keys = try await server.database.apiKeys.list(orgID: caller.orgID, projectID: projectID)
            } catch {
                throw APIError.internalError("failed to list API keys")
            }
            return .json(.object(["api_keys": .array(keys.map(json)), "count": .int(keys.count)]))
        }

        routes.on(.delete, "/api-keys/{id}") { _, context in
            let caller = try context.requireAdmin()
            guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else {
                throw APIError.badRequest("invalid API key ID")
            }
            guard id != caller.keyID else { throw APIError.badRequest("cannot revoke the key used for this request") }
            guard let hash = try await server.database.apiKeys.revoke(orgID: caller.orgID, id: id) else {
                throw APIError.notFound("api key not found")
            }
            server.authenticator.invalidate(keyHash: hash)
            server.audit("api_key.revoke", context, target: id.uuidString.lowercased())
            return .json(.object(["status": "revoked"]))
        }
    }

    static func json(_ key: APIKeyRecord) -> JSONValue {
        .object([
            "id": .string(key.id.uuidString.lowercased()),
            "key_prefix": .string(key.keyPrefix),
            "name": key.name.map { .string($0) },
            "scope": .string(key.scope.rawValue),
            "project_id": .string(key.projectID),
            "created_at": .string(key.createdAt.rfc3339Seconds),
            "last_used_at": key.lastUsedAt.map { .string($0.rfc3339Seconds) },
        ])
    }
}
