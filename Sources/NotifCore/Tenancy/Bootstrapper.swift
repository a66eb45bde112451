import Logging
import PostgresNIO

/// What bootstrapping produced: the first (admin) API key and the default project.
public struct BootstrapResult: Sendable {
    public var apiKey: String
    public var projectID: String
    public var orgID: String
}

/// First-run setup of a self-hosted instance: the default org, its `default` project and one platform
/// key (the instance owner's), created in one transaction under an advisory lock, so it succeeds exactly once even when
/// several requests or replicas race (the reference failed here on a fresh database).
public struct Bootstrapper: Sendable {
    let database: Database
    public let defaultOrgID: String
    let logger: Logger
    /// Makes the default org ready before its project and key are made (multi-account mode: its
    /// NATS account). nil: the org row alone is enough.
    let prepareOrg: (@Sendable (String) async throws -> Void)?

    static let lockKey: Int64 = 0x6E_6F74_6966_0001

    public init(database: Database, defaultOrgID: String, logger: Logger,
                prepareOrg: (@Sendable (String) async throws -> Void)? = nil) {
        self.database = database
        self.defaultOrgID = defaultOrgID
        self.logger = logger
        self.prepareOrg = prepareOrg
    }

    /// True once any API key (revoked or not) exists in the default org.
    public func isBootstrapped() async throws -> Bool {
        try await database.apiKeys.anyExists(orgID: defaultOrgID)
    }

    /// Creates the default org, project and an admin key; nil when the instance is already bootstrapped.
    public func bootstrap() async throws -> BootstrapResult? {
        let orgID = defaultOrgID
        let secret = APIKeySecret.generate()
        if let prepareOrg, try await !isBootstrapped() { try await prepareOrg(orgID) }
        return try await database.client.withTransaction(logger: logger) { connection -> BootstrapResult? in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))", logger: logger)
            let existing = try await connection.query("SELECT 1::INT4 FROM api_keys WHERE org_id = \(orgID) LIMIT 1", logger: logger)
            for try await _ in existing { return nil }
            try await connection.query("""
                INSERT INTO orgs (id, name) VALUES (\(orgID), \(orgID)) ON CONFLICT (id) DO NOTHING
                """, logger: logger)
            try await connection.query("""
                INSERT INTO projects (id, org_id, name, slug) VALUES (\(Identifiers.newProjectID()), \(orgID), 'Default', 'default')
                ON CONFLICT (org_id, slug) DO NOTHING
                """, logger: logger)
            var projectID: String?
            let rows = try await connection.query("SELECT id FROM projects WHERE org_id = \(orgID) AND slug = 'default'", logger: logger)
            for try await id in rows.decode(String.self) { projectID = id }
            guard let projectID else { throw PostgresError.protocol("default project missing") }
            try await connection.query("""
                INSERT INTO api_keys (key_hash, key_prefix, name, scope, org_id, project_id, rate_limit_per_second)
                VALUES (\(APIKeySecret.hash(secret)), \(APIKeySecret.displayPrefix(secret)), 'Bootstrap Key', 'platform',
                        \(orgID), \(projectID), NULL)
                """, logger: logger)
            logger.info("instance bootstrapped", metadata: ["org_id": "\(orgID)", "project_id": "\(projectID)"])
            return BootstrapResult(apiKey: secret, projectID: projectID, orgID: orgID)
        }
    }
}
