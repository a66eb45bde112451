import Foundation
import Logging
import NotifCore
import NotifServer

/// The servers every test in a process shares: one nats-server and one Postgres (started once, in a
/// temporary directory, on free ports), one in-process notifd on them, and a database handle for
/// creating tenants. Tests isolate themselves by tenant (`tenant()`), or take a whole stack of their
/// own (`isolatedStack()`) when they restart or break things.
public actor TestEnvironment {
    public static let shared = TestEnvironment()

    /// The shared in-process server and its database.
    public struct Shared: Sendable {
        public let server: RunningNotifServer
        public let database: Database
        public let natsURL: String
        public var baseURL: String { server.baseURL }
    }

    public nonisolated let logger: Logger
    private var servicesTask: Task<(URL, PostgresProcess, NATSServerProcess), any Error>?
    private var sharedTask: Task<Shared, any Error>?

    init() {
        var logger = Logger(label: "notif.test")
        let level = ProcessInfo.processInfo.environment["NOTIF_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
        logger.logLevel = level ?? .warning
        self.logger = logger
        ChildReaper.install()
    }

    /// Postgres and NATS for this process, started on first use.
    public func services() async throws -> (directory: URL, postgres: PostgresProcess, nats: NATSServerProcess) {
        if servicesTask == nil {
            let logger = self.logger
            servicesTask = Task {
                let directory = try Self.makeTemporaryDirectory(prefix: "notif-test")
                ChildReaper.removeOnExit(directory)
                async let postgres = PostgresProcess.start(directory: directory.appending(path: "postgres"), durable: false, logger: logger)
                async let nats = NATSServerProcess.start(directory: directory.appending(path: "nats"), logger: logger)
                return (directory, try await postgres, try await nats)
            }
        }
        return try await servicesTask!.value
    }

    /// The shared server, started on first use.
    public func shared() async throws -> Shared {
        if sharedTask == nil {
            // Set before any suspension: concurrent first callers (actor reentrancy) must share one server.
            let logger = self.logger
            sharedTask = Task {
                let services = try await self.services()
                let url = try DatabaseURL(services.postgres.databaseURL())
                let server = try await NotifServer(configuration: Self.configuration(databaseURL: url, natsURL: services.nats.url),
                                                   logger: logger).start()
                let database = Database(url: url, maxConnections: 4, logger: logger)
                Task { await database.run() }
                return Shared(server: server, database: database, natsURL: services.nats.url)
            }
        }
        return try await sharedTask!.value
    }

    /// A fresh org with one project and a key on the shared server.
    public func tenant(scope: APIKeyScope = .project, orgID: String? = nil) async throws -> TestTenant {
        let shared = try await shared()
        return try await TestTenant.create(database: shared.database, baseURL: shared.baseURL, scope: scope, orgID: orgID)
    }

    /// A stack of its own: a new nats-server and a new database, on the shared Postgres or (with
    /// `ownPostgres`, for tests that stop the database) on a Postgres server of its own.
    public func isolatedStack(ownPostgres: Bool = false) async throws -> IsolatedStack {
        let services = try await services()
        let name = "iso_" + RandomToken.hex(bytes: 6)
        let directory = services.directory.appending(path: name)
        let nats = try await NATSServerProcess.start(directory: directory.appending(path: "nats"), logger: logger)
        if ownPostgres {
            let postgres = try await PostgresProcess.start(directory: directory.appending(path: "postgres"), durable: false, logger: logger)
            return IsolatedStack(nats: nats, postgres: postgres, databaseURL: try DatabaseURL(postgres.databaseURL()), logger: logger)
        }
        try await services.postgres.createDatabase(name)
        return IsolatedStack(nats: nats, postgres: nil,
                             databaseURL: try DatabaseURL(services.postgres.databaseURL(database: name)), logger: logger)
    }

    /// The configuration tests run notifd with: loopback, a free port, short timeouts.
    public static func configuration(databaseURL: DatabaseURL, natsURL: String) -> NotifServerConfiguration {
        var configuration = NotifServerConfiguration(databaseURL: databaseURL, broker: BrokerConfiguration(url: natsURL, name: "notifd-test"))
        configuration.host = "127.0.0.1"
        configuration.port = 0
        // Many servers share the test Postgres: keep each pool small.
        configuration.databaseMaxConnections = 6
        configuration.shutdownTimeout = .seconds(10)
        configuration.unauthenticatedRateLimit = 1000
        configuration.prometheus = PrometheusExport.registry
        // Receivers run on loopback; retries and breaker cooldowns are shortened to keep tests quick.
        configuration.webhooks.allowPrivateNetworks = true
        configuration.webhooks.retryDelays = [.milliseconds(300), .milliseconds(300), .milliseconds(300), .milliseconds(300)]
        configuration.webhooks.breakerBaseCooldown = .milliseconds(300)
        configuration.webhooks.pollInterval = .milliseconds(100)
        configuration.webhooks.requestTimeout = .seconds(5)
        return configuration
    }

    static func makeTemporaryDirectory(prefix: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appending(path: "\(prefix)-\(RandomToken.hex(bytes: 6))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        return directory
    }
}

/// A nats-server and a database of its own, for tests that restart or kill things.
public final class IsolatedStack: Sendable {
    public let nats: NATSServerProcess
    /// The stack's own Postgres, when it was asked for one.
    public let postgres: PostgresProcess?
    public let databaseURL: DatabaseURL
    let logger: Logger

    init(nats: NATSServerProcess, postgres: PostgresProcess?, databaseURL: DatabaseURL, logger: Logger) {
        self.nats = nats
        self.postgres = postgres
        self.databaseURL = databaseURL
        self.logger = logger
    }

    public var configuration: NotifServerConfiguration {
        TestEnvironment.configuration(databaseURL: databaseURL, natsURL: nats.url)
    }

    /// Starts a notifd on this stack (call again after `shutdown()` to simulate a restart).
    public func startServer(_ adjust: (inout NotifServerConfiguration) -> Void = { _ in }) async throws -> RunningNotifServer {
        var configuration = self.configuration
        adjust(&configuration)
        return try await NotifServer(configuration: configuration, logger: logger).start()
    }

    /// A database handle on this stack's database (running until the task is cancelled).
    public func database() -> Database {
        let database = Database(url: databaseURL, maxConnections: 2, logger: logger)
        Task { await database.run() }
        return database
    }

    public func stop() async {
        await nats.stop()
        await postgres?.stop()
    }
}
