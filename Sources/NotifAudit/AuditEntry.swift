import NotifCore

/// One audited action: who (`actor`: `api:{key id}`, `admin`, `notifd`, `cli:…`) did what (`action`,
/// e.g. `webhook.create`) to what (`target`) in which org and project, from where. `detail` must
/// never hold secrets. `id` is chosen when the entry is made, so it is stored once however it travels.
public struct AuditEntry: Sendable, Equatable {
    public var id: String
    /// When it happened, to the microsecond (what Postgres keeps, and what the hash covers).
    public var timestamp: Timestamp
    public var actor: String
    public var action: String
    /// Empty for system-level entries (they form their own chain).
    public var orgID: String
    public var projectID: String?
    public var target: String?
    public var detail: JSONValue?
    /// Canonical text of a valid IPv4/IPv6 address; anything else is dropped (nil).
    public var ipAddress: String?
    public var requestID: String?

    public init(actor: String, action: String, orgID: String, projectID: String? = nil, target: String? = nil,
                detail: JSONValue? = nil, ipAddress: String? = nil, requestID: String? = nil,
                id: String = AuditEntry.newID(), timestamp: Timestamp = .now()) {
        self.id = id
        self.timestamp = Timestamp(microsecondsSinceEpoch: timestamp.microsecondsSinceEpoch)
        self.actor = actor
        self.action = action
        self.orgID = orgID
        self.projectID = projectID
        self.target = target
        self.detail = detail
        self.ipAddress = AuditIPAddress.canonical(ipAddress)
        self.requestID = requestID
    }

    /// `aud_` + 24 hex digits.
    public static func newID() -> String { "aud_" + RandomToken.hex(bytes: 12) }

    /// The entry as one JSON object: the spill stream's message body and the structured log's fields.
    public var json: JSONValue {
        .object([
            "id": .string(id), "timestamp": .string(timestamp.rfc3339), "actor": .string(actor), "action": .string(action),
            "org_id": .string(orgID), "project_id": projectID.map { .string($0) }, "target": target.map { .string($0) },
            "detail": detail, "ip_address": ipAddress.map { .string($0) }, "request_id": requestID.map { .string($0) },
        ])
    }

    /// Reads `json`; nil when it is not an audit entry.
    public init?(json: JSONValue) {
        guard let id = json["id"]?.stringValue, let time = json["timestamp"]?.stringValue.flatMap({ Timestamp(rfc3339: $0) }),
              let actor = json["actor"]?.stringValue, let action = json["action"]?.stringValue else { return nil }
        let detail = json["detail"].flatMap { $0.isNull ? nil : $0 }
        self.init(actor: actor, action: action, orgID: json["org_id"]?.stringValue ?? "",
                  projectID: json["project_id"]?.stringValue, target: json["target"]?.stringValue, detail: detail,
                  ipAddress: json["ip_address"]?.stringValue, requestID: json["request_id"]?.stringValue,
                  id: id, timestamp: time)
    }
}
