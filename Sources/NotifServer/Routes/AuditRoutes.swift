import Hummingbird
import NotifAudit
import NotifCore

/// `GET /api/v1/audit` (filters and cursor paging) and `GET /api/v1/audit/verify` (the chain check),
/// both for the caller's org only: `org` may name it, any other org is 403 (the reference ignored it).
enum AuditRoutes {
    static func register(_ routes: RouteRegistrar, _ server: ServerContext) {
        let repository = server.auditLog.repository

        routes.on(.get, "/audit") { request, context in
            let key = try context.requireAuth()
            let orgID = try scope(request, key)
            var query = AuditQuery(orgID: orgID, action: nonEmpty(request.query("action")), actor: nonEmpty(request.query("actor")),
                                   target: nonEmpty(request.query("target")))
            query.since = try request.query("since").map { try time($0, name: "since") }
            query.until = try request.query("until").map { try time($0, name: "until") }
            if let limit = request.query("limit") {
                guard let value = Int(limit), (1...1000).contains(value) else {
                    throw APIError.badRequest("limit must be an integer from 1 to 1000")
                }
                query.limit = value
            }
            if let cursor = request.query("cursor") {
                guard let value = Int64(cursor), value > 0 else { throw APIError.badRequest("invalid cursor") }
                query.before = value
            }
            if let after = request.query("after") {
                guard let value = Int64(after), value >= 0 else { throw APIError.badRequest("invalid after") }
                query.after = value
            }
            let entries: [StoredAuditEntry]
            do {
                entries = try await repository.entries(query)
            } catch {
                context.logger.error("audit query failed", metadata: ["error": "\(String(reflecting: error))"])
                throw APIError.internalError("failed to query audit log")
            }
            let next = entries.count == query.limit ? entries.last.map { JSONValue.string(String($0.rowID)) } : nil
            return .json(.object([
                "entries": .array(entries.map(\.json)), "count": .int(entries.count), "next_cursor": next,
            ]))
        }

        routes.on(.get, "/audit/verify") { request, context in
            let key = try context.requireAuth()
            let orgID = try scope(request, key)
            do {
                return .json(try await AuditVerifier(repository: repository).verify(orgID: orgID).json)
            } catch {
                context.logger.error("audit verify failed", metadata: ["error": "\(String(reflecting: error))"])
                throw APIError.internalError("failed to verify audit log")
            }
        }
    }

    /// The org to read: the caller's own. `org` may repeat it; naming another is refused, except to a
    /// platform key, which may read any org's trail, and the instance-wide one (auth failures,
    /// operator actions) with `org=` left empty.
    static func scope(_ request: Request, _ key: AuthenticatedKey) throws -> String {
        guard let org = request.uri.queryParameters.get("org").map({ String($0) }) else { return key.orgID }
        if org == key.orgID || key.scope == .platform { return org }
        if org.isEmpty { return key.orgID }
        throw APIError(.forbidden, "org \(org) is not accessible with this key")
    }

    /// RFC 3339, or a Go duration meaning that long ago (`1h`).
    static func time(_ text: String, name: String) throws -> Timestamp {
        if let instant = Timestamp(rfc3339OrAgo: text) { return instant }
        throw APIError.badRequest("invalid \(name): use RFC 3339 or a duration such as 1h")
    }

    static func nonEmpty(_ text: String?) -> String? { text.flatMap { $0.isEmpty ? nil : $0 } }
}
