import NotifAudit
import NotifCore

extension AuditEntry {
    /// An entry for something a caller did: `api:{key id}` in the key's org and project, or
    /// `anonymous` (org-less) before authentication, with the peer's address and the request id.
    static func byCaller(_ action: String, key: AuthenticatedKey?, ip: String, requestID: String,
                         target: String? = nil, detail: JSONValue? = nil) -> AuditEntry {
        guard let key else {
            return AuditEntry(actor: "anonymous", action: action, orgID: "", target: target, detail: detail,
                              ipAddress: ip, requestID: requestID)
        }
        return AuditEntry(actor: key.actor, action: action, orgID: key.orgID,
                          projectID: key.projectID, target: target, detail: detail, ipAddress: ip, requestID: requestID)
    }
}

extension ServerContext {
    /// Records `action` by the request's caller. `detail` must not hold secrets.
    func audit(_ action: String, _ context: NotifRequestContext, target: String? = nil, detail: JSONValue? = nil) {
        auditLog.record(.byCaller(action, key: context.auth, ip: context.clientIP, requestID: context.requestID,
                                  target: target, detail: detail))
    }
}
