extension NotifClient {
    /// A page of the audit trail of the caller's org, newest first, and the cursor of the next page.
    /// `action` is exact or a prefix like `webhook.*`; `since`/`until` are RFC 3339 or durations
    /// (`1h` = an hour ago); `after` returns only entries newer than that entry id.
    public func auditEntries(org: String? = nil, action: String? = nil, actor: String? = nil, target: String? = nil,
                             since: String? = nil, until: String? = nil, limit: Int = 50, cursor: String? = nil,
                             after: Int64? = nil) async throws -> (entries: [JSONValue], nextCursor: String?) {
        let json = try await call(.GET, "/api/v1/audit", query: [
            ("org", org), ("action", action), ("actor", actor), ("target", target), ("since", since), ("until", until),
            ("limit", String(limit)), ("cursor", cursor), ("after", after.map(String.init)),
        ])
        return (json["entries"]?.arrayValue ?? [], json["next_cursor"]?.stringValue)
    }

    /// The hash-chain check of the caller's org: `valid`, `checked`, and the first bad row if any.
    public func verifyAudit(org: String? = nil) async throws -> JSONValue {
        try await call(.GET, "/api/v1/audit/verify", query: [("org", org)])
    }
}
