import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import NotifAccounts
import NotifAudit
import NotifCore
import ServiceLifecycle
import Synchronization
import UnixSignals

/// The notif HTTP API with its workers, embeddable in any Swift program.
///
/// `run()` serves until SIGINT/SIGTERM; `start()` returns once the port is bound and gives back a
/// handle with the port and a `shutdown()` (tests, embedding). Boot order: Postgres pool and
/// migrations, NATS connection and streams, then the indexer, the scheduler, the key-usage recorder
/// and HTTP.
/// Shutdown runs in reverse: HTTP finishes in-flight requests, the indexer flushes its batch,
/// then NATS and Postgres close.
public struct NotifServer: Sendable {
    public let configuration: NotifServerConfiguration
    public let logger: Logger

    public init(configuration: NotifServerConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Serves until the process receives SIGINT or SIGTERM.
    public func run() async throws {
        let (group, _, _) = try await makeServiceGroup(signals: [.sigterm, .sigint], onRunning: { _ in })
        try await group.run()
    }

    /// Starts serving in the background and returns once the HTTP port is bound.
    public func start() async throws -> RunningNotifServer {
        let bound = BoundPortSignal()
        let (group, bootstrapper, auditLog) = try await makeServiceGroup(signals: [], onRunning: { port in bound.resolve(.success(port)) })
        let task = Task {
            do {
                try await group.run()
                bound.resolve(.failure(ServerStartError.stoppedBeforeBinding))
            } catch {
                bound.resolve(.failure(error))
                throw error
            }
        }
        let port = try await bound.value()
        return RunningNotifServer(port: port, host: configuration.host, group: group, task: task, bootstrapper: bootstrapper,
                                  auditLog: auditLog)
    }

    func makeServiceGroup(signals: [UnixSignal], onRunning: @escaping @Sendable (Int) -> Void) async throws -> (ServiceGroup, Bootstrapper, AuditLog) {
        let database = Database(url: configuration.databaseURL, maxConnections: configuration.databaseMaxConnections, logger: logger)
        let databaseTask = Task { await database.run() }
        let broker: BrokerSetup
        do {
            try await migrate(database)
            broker = try await BrokerSetup.connect(configuration, database: database, logger: logger)
        } catch {
            databaseTask.cancel()
            await databaseTask.value
            throw error
        }
        let pool = broker.pool, auditSpill = broker.auditSpill

        let usage = KeyUsageRecorder(database: database, logger: logger)
        let auditLog = AuditLog(repository: AuditRepository(client: database.client, logger: logger), spill: auditSpill, logger: logger)
        broker.accountAudit.attach(auditLog)
        var prepareOrg: (@Sendable (String) async throws -> Void)?
        if let accounts = broker.accounts {
            prepareOrg = { org in try await accounts.ensureOrg(id: org, name: org, caller: .notifd) }
        }
        let bootstrapper = Bootstrapper(database: database, defaultOrgID: configuration.defaultOrgID, logger: logger,
                                        prepareOrg: prepareOrg)
        let intake = EventIntake(pool: pool, database: database, schemaCacheTTL: configuration.schemaCacheTTL, logger: logger)
        let deadLetters = intake.deadLetters
        let scheduler = Scheduler(database: database, intake: intake, logger: logger)
        let deliveries = DeliveryRecorder(database: database, logger: logger)
        let webhookGuard = WebhookURLGuard(policy: WebhookURLPolicy(allowPrivateNetworks: configuration.webhooks.allowPrivateNetworks))
        let webhookSender = WebhookSender(guard: webhookGuard, userAgent: "notif-webhooks/\(NotifVersion.current)",
                                          connectTimeout: configuration.webhooks.connectTimeout,
                                          requestTimeout: configuration.webhooks.requestTimeout,
                                          connectionsPerDestination: configuration.webhooks.concurrency, logger: logger)
        let dispatcher = WebhookDispatcher(settings: configuration.webhooks, database: database, sender: webhookSender,
                                           deadLetters: deadLetters, deliveries: deliveries, logger: logger)
        let streamWorkers = StreamWorkers(pool: pool, database: database, dispatcher: dispatcher, logger: logger)
        let server = ServerContext(
            configuration: configuration, database: database, pool: pool,
            intake: intake, scheduler: scheduler,
            deadLetters: deadLetters,
            deliveries: deliveries,
            webhookGuard: webhookGuard, streamWorkers: streamWorkers, webhookDispatcher: dispatcher,
            authenticator: APIKeyAuthenticator(database: database, usage: usage),
            bootstrapper: bootstrapper, auditLog: auditLog, accounts: broker.accounts, logger: logger)

        // Idle keep-alive connections (and slow-loris clients that stop sending) are closed after 60 s.
        let router = APIRouter.make(server)
        let application = Application(
            router: router,
            server: .http1WebSocketUpgrade(webSocketRouter: router, configuration: .init(
                http1: .init(idleTimeout: .seconds(60)),
                ws: .init(maxFrameSize: 1 << 20, autoPing: .enabled(timePeriod: configuration.webSocket.pingInterval)))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in onRunning(channel.localAddress?.port ?? 0) },
            logger: logger)

        let lifetime = ResourceLifetime(broker: broker, databaseTask: databaseTask)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: lifetime, successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup),
            // Stops after everything that records entries (services stop in reverse order), and flushes.
            .init(service: auditLog, successTerminationBehavior: .ignore, failureTerminationBehavior: .gracefullyShutdownGroup),
            .init(service: AuditRetention(repository: auditLog.repository, maxAge: configuration.auditRetention, logger: logger),
                  successTerminationBehavior: .ignore, failureTerminationBehavior: .gracefullyShutdownGroup),
            .init(service: usage, successTerminationBehavior: .ignore, failureTerminationBehavior: .gracefullyShutdownGroup),
            .init(service: scheduler, successTerminationBehavior: .ignore, failureTerminationBehavior: .gracefullyShutdownGroup),
            .init(service: deliveries, successTerminationBehavior: .ignore, failureTerminationBehavior: .gracefullyShutdownGroup),
            .init(service: WebhookSenderLifetime(sender: webhookSender), successTerminationBehavior: .ignore,
                  failureTerminationBehavior: .gracefullyShutdownGroup),
            .init(service: dispatcher, successTerminationBehavior: .ignore, failureTerminationBehavior: .gracefullyShutdownGroup),
        ]
        services.append(.init(service: streamWorkers, successTerminationBehavior: .ignore,
                              failureTerminationBehavior: .gracefullyShutdownGroup))
        if let accounts = broker.accounts {
            services.append(.init(service: AccountConnectionGauges(accounts: accounts, logger: logger),
                                  successTerminationBehavior: .ignore, failureTerminationBehavior: .gracefullyShutdownGroup))
        }
        services.append(.init(service: application, successTerminationBehavior: .gracefullyShutdownGroup,
                              failureTerminationBehavior: .gracefullyShutdownGroup))
        var groupConfiguration = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: signals, logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = configuration.shutdownTimeout
        return (ServiceGroup(configuration: groupConfiguration), bootstrapper, auditLog)
    }

    /// Migrations wait for Postgres to accept connections (up to 30 s), so notifd may start with it.
    private func migrate(_ database: Database) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            do {
                try await database.migrate()
                return
            } catch let error as MigrationRunner.MigrationError {
                throw error
            } catch {
                guard ContinuousClock.now < deadline else { throw error }
                logger.warning("database not ready, retrying", metadata: ["error": "\(String(reflecting: error))"])
                try await Task.sleep(for: .milliseconds(500))
            }
        }
    }
}

/// A server started with `NotifServer.start()`.
public final class RunningNotifServer: Sendable {
    public let port: Int
    public let host: String
    public let bootstrapper: Bootstrapper
    /// The audit trail writer of this server.
    public let auditLog: AuditLog
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    init(port: Int, host: String, group: ServiceGroup, task: Task<Void, any Error>, bootstrapper: Bootstrapper, auditLog: AuditLog) {
        self.port = port
        self.host = host
        self.group = group
        self.task = task
        self.bootstrapper = bootstrapper
        self.auditLog = auditLog
    }

    /// First-run setup done by notifd itself (local mode), audited as `bootstrap` by `notifd`.
    public func bootstrapLocally() async throws -> BootstrapResult? {
        guard let result = try await bootstrapper.bootstrap() else { return nil }
        auditLog.record(AuditEntry(actor: "notifd", action: "bootstrap", orgID: result.orgID, projectID: result.projectID,
                                   target: result.projectID))
        return result
    }

    /// `http://host:port`
    public var baseURL: String { "http://\(host):\(port)" }

    /// Graceful shutdown: finishes in-flight requests, flushes the indexer, closes NATS and Postgres.
    public func shutdown() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
    }
}

enum ServerStartError: Error {
    case stoppedBeforeBinding
}

/// Keeps the NATS connections and the Postgres pool alive until every other service has stopped
/// (it is first in the group, so it is shut down last), then closes them.
struct ResourceLifetime: Service {
    let broker: BrokerSetup
    let databaseTask: Task<Void, Never>

    func run() async throws {
        try? await gracefulShutdown()
        await broker.close()
        databaseTask.cancel()
        await databaseTask.value
    }
}

/// Shuts the webhook sender's HTTP clients down after the dispatcher has stopped.
struct WebhookSenderLifetime: Service {
    let sender: WebhookSender

    func run() async throws {
        try? await gracefulShutdown()
        await sender.shutdown()
    }
}

