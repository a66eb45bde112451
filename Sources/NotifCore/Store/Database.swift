import Logging
import PostgresNIO

/// The Postgres side of notif: one pooled client and the repositories that use it.
/// The client must be running (`run()`, or as a service in a `ServiceGroup`) for queries to proceed.
public final class Database: Sendable {
    public let client: PostgresClient
    public let orgs: OrgRepository
    public let projects: ProjectRepository
    public let apiKeys: APIKeyRepository
    public let events: EventRepository
    public let schedules: ScheduleRepository
    public let deliveryLog: DeliveryLogRepository
    public let webhooks: WebhookRepository
    public let webhookDeliveries: WebhookDeliveryRepository
    public let idempotency: IdempotencyRepository
    public let schemas: SchemaRepository
    let logger: Logger

    public init(url: DatabaseURL, maxConnections: Int = 20, logger: Logger) {
        var configuration = url.clientConfiguration
        configuration.options.maximumConnections = maxConnections
        configuration.options.connectTimeout = .seconds(5)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        self.orgs = OrgRepository(client: client, logger: logger)
        self.projects = ProjectRepository(client: client, logger: logger)
        self.apiKeys = APIKeyRepository(client: client, logger: logger)
        self.events = EventRepository(client: client, logger: logger)
        self.schedules = ScheduleRepository(client: client, logger: logger)
        self.deliveryLog = DeliveryLogRepository(client: client, logger: logger)
        self.webhooks = WebhookRepository(client: client, logger: logger)
        self.webhookDeliveries = WebhookDeliveryRepository(client: client, logger: logger)
        self.idempotency = IdempotencyRepository(client: client, logger: logger)
        self.schemas = SchemaRepository(client: client, logger: logger)
    }

    /// Runs the connection pool until the task is cancelled.
    public func run() async {
        await client.run()
    }

    /// Applies every embedded migration that is not applied yet.
    @discardableResult
    public func migrate() async throws -> [Int] {
        try await MigrationRunner.migrate(client, logger: logger)
    }

    /// True when `SELECT 1` answers within `timeout` (a query that hangs counts as down, and is not waited for).
    public func ping(timeout: Duration = .seconds(2)) async -> Bool {
        let client = self.client
        let logger = self.logger
        return (try? await withDeadline(timeout) {
            let rows = try await client.query("SELECT 1::INT4", logger: logger)
            for try await value in rows.decode(Int32.self) { return value == 1 }
            return false
        }) ?? false
    }
}

/// SQL fragments converting between `TIMESTAMPTZ` and microseconds since the epoch, exactly.
public enum SQLTime {
    /// Wraps a microsecond bind parameter into a timestamptz expression.
    public static func fromMicros(_ column: String) -> String { "('epoch'::timestamptz + (\(column)) * interval '1 microsecond')" }
    /// Selects a timestamptz column as microseconds since the epoch.
    public static func micros(_ column: String) -> String { "(EXTRACT(EPOCH FROM \(column)) * 1000000)::INT8" }
}
