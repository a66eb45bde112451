import Foundation
import Logging
import NotifAccounts
import NotifCore
import NotifServer

/// notifd in multi-account mode on a stack of its own: an operator-mode nats-server (fresh operator
/// and system account keys), a fresh database on the shared Postgres, and a bootstrapped platform
/// key. For tests of orgs as NATS accounts.
public final class MultiAccountStack: Sendable {
    public let broker: OperatorModeBroker
    public let databaseURL: DatabaseURL
    public let encryptionKey: String
    public let server: SharedValue<RunningNotifServer?>
    /// The bootstrap key: a platform key of the default org.
    public let platformKey: String
    /// A handle on the stack's database (for tenants and for tests that edit rows).
    public let database: Database
    let logger: Logger

    private init(broker: OperatorModeBroker, databaseURL: DatabaseURL, encryptionKey: String, server: RunningNotifServer,
                 platformKey: String, logger: Logger) {
        self.broker = broker
        self.databaseURL = databaseURL
        self.encryptionKey = encryptionKey
        self.server = SharedValue(server)
        self.platformKey = platformKey
        self.logger = logger
        self.database = Database(url: databaseURL, maxConnections: 2, logger: logger)
        let database = self.database
        Task { await database.run() }
    }

    public static func start(keys: OperatorKeys = .generate(),
                             adjust: @Sendable (inout NotifServerConfiguration) -> Void = { _ in }) async throws -> MultiAccountStack {
        let environment = TestEnvironment.shared
        let services = try await environment.services()
        let name = "acct_" + RandomToken.hex(bytes: 6)
        try await services.postgres.createDatabase(name)
        let databaseURL = try DatabaseURL(services.postgres.databaseURL(database: name))
        let broker = try await OperatorModeBroker.start(keys: keys)
        let encryptionKey = SeedCipher.generateKey()
        do {
            let server = try await startServer(broker: broker, keys: keys, databaseURL: databaseURL, encryptionKey: encryptionKey,
                                               logger: environment.logger, adjust: adjust)
            guard let bootstrap = try await server.bootstrapLocally() else { throw ProgramError("bootstrap did nothing") }
            return MultiAccountStack(broker: broker, databaseURL: databaseURL, encryptionKey: encryptionKey, server: server,
                                     platformKey: bootstrap.apiKey, logger: environment.logger)
        } catch {
            await broker.stop()
            throw error
        }
    }

    static func startServer(broker: OperatorModeBroker, keys: OperatorKeys, databaseURL: DatabaseURL, encryptionKey: String,
                            logger: Logger, adjust: (inout NotifServerConfiguration) -> Void) async throws -> RunningNotifServer {
        var configuration = TestEnvironment.configuration(databaseURL: databaseURL, natsURL: broker.nats.url)
        var settings = AccountSettings(keys: keys, cipher: try SeedCipher(base64Key: encryptionKey), natsURL: broker.nats.url)
        settings.retryDelay = (.milliseconds(200), .seconds(2))
        configuration.accounts = settings
        adjust(&configuration)
        return try await NotifServer(configuration: configuration, logger: logger).start()
    }

    public var running: RunningNotifServer { server.value! }

    /// HTTP as the platform key.
    public var platform: TestHTTP { TestHTTP(baseURL: running.baseURL, apiKey: platformKey) }

    /// Stops notifd and starts it again with `keys` on the same port, database and nats-server.
    public func restart(keys: OperatorKeys, adjust: @Sendable (inout NotifServerConfiguration) -> Void = { _ in }) async throws {
        let port = running.port
        try await running.shutdown()
        server.value = try await Self.startServer(broker: broker, keys: keys, databaseURL: databaseURL,
                                                  encryptionKey: encryptionKey, logger: logger) { configuration in
            configuration.port = port
            adjust(&configuration)
        }
    }

    /// Creates an org through the API (its NATS account, streams and workers), then a project and
    /// a key in it.
    public func tenant(org: String? = nil, tier: BillingTier = .free, scope: APIKeyScope = .project) async throws -> TestTenant {
        let id = org ?? "org_" + RandomToken.hex(bytes: 5)
        let response = try await platform.post("/api/v1/orgs", json: .object([
            "id": .string(id), "name": .string("Org \(id)"), "billing_tier": .string(tier.rawValue),
        ]))
        guard response.status == 201 else { throw ProgramError("create org \(id): \(response.status) \(response.text)") }
        return try await TestTenant.create(database: database, baseURL: running.baseURL, scope: scope, orgID: id)
    }

    public func stop() async {
        try? await server.value?.shutdown()
        await broker.stop()
    }
}
