import Hummingbird
import Logging
import NotifAccounts
import NotifAudit
import NotifCore

/// What route handlers share: the stores, the broker, the event intake (schemas + publisher) and the configuration.
struct ServerContext: Sendable {
    let configuration: NotifServerConfiguration
    let database: Database
    let pool: BrokerPool
    /// Emit, schedules and DLQ replays enter events through it (schema check, then publish).
    let intake: EventIntake
    let scheduler: Scheduler
    let deadLetters: DeadLetterQueue
    /// The `event_deliveries` log writer.
    let deliveries: DeliveryRecorder
    let webhookGuard: WebhookURLGuard
    let streamWorkers: StreamWorkers
    let webhookDispatcher: WebhookDispatcher
    let authenticator: APIKeyAuthenticator
    let bootstrapper: Bootstrapper
    /// The audit trail writer (`audit(_:_:target:detail:)` records the caller's actions).
    let auditLog: AuditLog
    /// Multi-account mode: the orgs' NATS accounts (nil in single-account mode).
    let accounts: AccountManager?
    let logger: Logger
}

extension ServerContext {
    var schemas: SchemaRegistry { intake.schemas }

    /// The largest emit or schedule body an org may send: its tier's payload in multi-account mode
    /// (at most what notifd's connection for the org may publish: a NATS client keeps the limit it
    /// learnt when it connected, so after an upgrade the larger limit applies once that connection
    /// reconnects), else `MAX_PAYLOAD_SIZE`.
    func payloadLimit(org: String) -> Int {
        guard let tier = accounts?.tier(of: org) else { return configuration.maxPayloadSize }
        let connectionLimit = (try? pool.broker(forOrg: org).connection.core.maxPayload)
            .map { $0 - Int(TierLimits.envelopeAllowance) } ?? Int.max
        return min(Int(tier.limits.maxPayload), connectionLimit)
    }

    /// Makes webhook changes apply to the next event at once in this process.
    func webhooksChanged(orgID: String, projectID: String) {
        streamWorkers.invalidateWebhooks(orgID: orgID, projectID: projectID)
    }
}

/// Registers routes on a router group and remembers each path and method for 405 answers.
struct RouteRegistrar {
    let group: RouterGroup<NotifRequestContext>
    let prefix: String
    let table: RouteTable

    func on(_ method: HTTPRequest.Method, _ path: String,
            _ handler: @escaping @Sendable (Request, NotifRequestContext) async throws -> Response) {
        table.add(prefix + path, method)
        group.on(RouterPath(path), method: method, use: handler)
    }
}

extension NotifRequestContext {
    /// The caller's key, which must be an admin key (projects and key management).
    func requireAdmin() throws -> AuthenticatedKey {
        let key = try requireAuth()
        guard key.scope.isAdmin else { throw APIError(.forbidden, "admin api key required") }
        return key
    }

    /// The caller's key, which must be a platform key (orgs, NATS accounts, other orgs' audit).
    func requirePlatform() throws -> AuthenticatedKey {
        let key = try requireAuth()
        guard key.scope == .platform else { throw APIError(.forbidden, "platform api key required") }
        return key
    }
}
