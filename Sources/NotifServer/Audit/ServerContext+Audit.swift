import NotifAudit
import NotifCore

extension ServerContext {
    /// Records `action` by the request's caller: `api:{key id}` in the key's org and project, with the
    /// peer's address and the request id. `detail` must not hold secrets.
    func audit(_ action: String, _ context: NotifRequestContext, target: String? = nil, detail: JSONValue? = nil) {
        guard let key = context.auth else {
            auditLog.record(AuditEntry(actor: "anonymous", action: action, orgID: "", target: target, detail: detail,
                                       ipAddress: context.clientIP, requestID: context.requestID))
            return
        }
        auditLog.record(AuditEntry(actor: Self.actor(key), action: action, orgID: key.orgID, projectID: key.projectID,
                                   target: target, detail: detail, ipAddress: context.clientIP, requestID: context.requestID))
    }

    /// `api:{key id}`.
    static func actor(_ key: AuthenticatedKey) -> String { "api:\(key.keyID.uuidString.lowercased())" }
}
