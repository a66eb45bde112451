import NotifAccounts
import NotifAudit
import Synchronization

/// Forwards account actions to the audit trail. The account manager exists before the audit log
/// (the log spills into the internal account's stream), so the log is attached once made.
final class AccountAuditSink: Sendable {
    private let log = Mutex<AuditLog?>(nil)

    func attach(_ auditLog: AuditLog) { log.withLock { $0 = auditLog } }

    func record(_ event: AccountAuditEvent) {
        log.withLock { $0 }?.record(AuditEntry(actor: event.caller.actor, action: event.action, orgID: event.orgID,
                                               target: event.target, detail: event.detail,
                                               ipAddress: event.caller.ipAddress, requestID: event.caller.requestID))
    }
}
