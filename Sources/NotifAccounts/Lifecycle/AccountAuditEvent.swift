import NotifCore

/// An account action for the audit trail (`account.create`, `account.delete`, `tier.change`,
/// `jwt.push`, `credential.issue`, `operator.rotate`). NotifAccounts does not know the audit
/// writer; the server hands it an `AccountAuditor` that records these.
public struct AccountAuditEvent: Sendable, Equatable {
    /// Who caused it.
    public var caller: AccountCaller
    public var action: String
    /// The org concerned ("" for instance-wide actions).
    public var orgID: String
    public var target: String?
    /// Never holds secrets (no seeds, no JWTs).
    public var detail: JSONValue

    public init(caller: AccountCaller, action: String, orgID: String, target: String?, detail: JSONValue) {
        self.caller = caller
        self.action = action
        self.orgID = orgID
        self.target = target
        self.detail = detail
    }
}

/// Records account actions (the server passes one that writes the audit trail).
public typealias AccountAuditor = @Sendable (AccountAuditEvent) -> Void

/// Who asks for an account operation, as the audit trail records it.
public struct AccountCaller: Sendable, Equatable {
    /// `api:{key id}`, `notifd` (boot), `cli:…`.
    public var actor: String
    public var ipAddress: String?
    public var requestID: String?

    public init(actor: String, ipAddress: String? = nil, requestID: String? = nil) {
        self.actor = actor
        self.ipAddress = ipAddress
        self.requestID = requestID
    }

    /// notifd itself (boot, background work).
    public static let notifd = AccountCaller(actor: "notifd")
}
