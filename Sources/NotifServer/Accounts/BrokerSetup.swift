import Logging
import NotifAccounts
import NotifAudit
import NotifCore

/// The broker side of a server: the pool the routes and workers use, where audit entries spill,
/// and in multi-account mode the system connection and the account manager.
struct BrokerSetup: Sendable {
    let pool: BrokerPool
    let auditSpill: AuditSpill
    /// Multi-account mode only.
    let accounts: AccountManager?
    let accountAudit: AccountAuditSink
    /// Connections besides the pool's (the system account's, the internal account's).
    let ownConnections: [BrokerConnection]

    static func connect(_ configuration: NotifServerConfiguration, database: Database, logger: Logger) async throws -> BrokerSetup {
        if let settings = configuration.accounts { return try await multiAccount(configuration, settings, database: database, logger: logger) }
        let connection = try await BrokerConnection.connect(configuration.broker, retryFor: configuration.brokerConnectRetry, logger: logger)
        do {
            try await StreamProvisioner.ensureStreams(connection.jetStream, names: .shared,
                                                      limits: configuration.streamLimits, logger: logger)
            let spill = AuditSpill(connection: connection, logger: logger)
            try await spill.prepare()
            return BrokerSetup(pool: BrokerPool(shared: connection), auditSpill: spill, accounts: nil, ownConnections: [])
        } catch {
            await connection.close()
            throw error
        }
    }

    /// Connects as a system-account user, pushes the system account, connects the internal
    /// account (audit spill), then connects every org in the background (`/ready` waits for them).
    private static func multiAccount(_ configuration: NotifServerConfiguration, _ settings: AccountSettings,
                                     database: Database, logger: Logger) async throws -> BrokerSetup {
        let systemUser = EphemeralUser(account: settings.keys.systemAccount, name: "notifd-system")
        var systemConfiguration = configuration.broker
        systemConfiguration.url = settings.natsURL
        systemConfiguration.userCredentials = systemUser.brokerCredentials
        systemConfiguration.credentialsFile = nil
        systemConfiguration.name = "notifd-system"
        let system = try await BrokerConnection.connect(systemConfiguration, retryFor: configuration.brokerConnectRetry, logger: logger)
        let pool = BrokerPool()
        let sink = AccountAuditSink()
        let manager = AccountManager(settings: settings, system: system, pool: pool,
                                     repository: AccountRepository(client: database.client, logger: logger),
                                     auditor: { sink.record($0) }, logger: logger)
        do {
            await manager.pushSystemAccount()
            let internalConnection = try await manager.connectInternalAccount()
            do {
                let spill = AuditSpill(connection: internalConnection, logger: logger)
                try await spill.prepare()
                try await manager.boot()
                return BrokerSetup(pool: pool, auditSpill: spill, accounts: manager, accountAudit: sink,
                                   ownConnections: [internalConnection, system])
            } catch {
                await internalConnection.close()
                throw error
            }
        } catch {
            await system.close()
            throw error
        }
    }

    private init(pool: BrokerPool, auditSpill: AuditSpill, accounts: AccountManager?, accountAudit: AccountAuditSink = AccountAuditSink(),
                 ownConnections: [BrokerConnection]) {
        self.pool = pool
        self.auditSpill = auditSpill
        self.accounts = accounts
        self.accountAudit = accountAudit
        self.ownConnections = ownConnections
    }

    func close() async {
        accounts?.stopBooting()
        await pool.close()
        for connection in ownConnections { await connection.close() }
    }
}
