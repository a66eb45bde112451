import ArgumentParser
import Foundation
import Logging
import NotifAccounts
import NotifCore
import NotifServer
import ServiceLifecycle
import UnixSignals

/// `notifd`: serves by default; `keys` and `nats-config` help set up multi-account mode.
@main
struct Notifd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notifd",
        abstract: "The notif event hub daemon.",
        discussion: "Without a subcommand notifd serves (notifd serve --help lists its options).",
        version: NotifVersion.current,
        subcommands: [Serve.self, KeysCommand.self, NATSConfigCommand.self],
        defaultSubcommand: Serve.self)
}

/// `notifd serve`: configuration from flags and environment, then (in local mode) a supervised
/// nats-server and Postgres, then the server until SIGINT/SIGTERM.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the notif server.",
        discussion: """
            Every option can also be set through the environment variable named in its help.
            Flags win over the environment.

            Local mode: when DATABASE_URL and/or NATS_URL are not given, notifd starts and supervises its
            own Postgres and/or nats-server (JetStream, loopback only) under --data-dir, and on first start
            prints the server URL and the bootstrap API key.

            Multi-account mode (--multi-account): every org is a NATS account signed by the operator key.
            Secrets come from OPERATOR_SEED, SYSTEM_ACCOUNT_SEED, NOTIF_ENCRYPTION_KEY and optionally
            OPERATOR_SEED_NEXT (each also as <NAME>_FILE, a file holding it). In local mode notifd generates
            the missing ones once and keeps them under <data-dir>/accounts, and runs nats-server in operator
            mode with its store under <data-dir>/nats-accounts.
            """)

    @Flag(name: .customLong("multi-account"), help: "One NATS account per org. [env: NATS_MULTI_ACCOUNT=true]")
    var multiAccount = false

    @Option(help: "Address to listen on. [env: HOST] (default: 127.0.0.1)")
    var host: String?

    @Option(help: "HTTP port. [env: PORT] (default: 8080)")
    var port: Int?

    @Option(name: .customLong("database-url"), help: "Postgres URL, postgres://user:pass@host:port/db?sslmode=… [env: DATABASE_URL] (default: local mode)")
    var databaseURL: String?

    @Option(name: .customLong("nats-url"), help: "NATS URL(s), comma-separated. [env: NATS_URL] (default: local mode)")
    var natsURL: String?

    @Option(name: .customLong("nats-creds"), help: "NATS credentials (.creds) file. [env: NATS_CREDS]")
    var natsCreds: String?

    @Option(name: .customLong("max-payload-size"), help: "Largest emit body in bytes. [env: MAX_PAYLOAD_SIZE] (default: 262144)")
    var maxPayloadSize: Int?

    @Option(name: .customLong("cors-origins"), help: "Comma-separated allowed origins, or *. [env: CORS_ORIGINS] (default: http://localhost:3000,http://localhost:5173)")
    var corsOrigins: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical. [env: LOG_LEVEL] (default: info)")
    var logLevel: String?

    @Option(name: .customLong("log-format"), help: "json or text. [env: LOG_FORMAT] (default: text in local mode, json otherwise)")
    var logFormat: String?

    @Option(name: .customLong("data-dir"), help: "Local mode data directory. [env: NOTIF_DATA_DIR] (default: ~/.local/share/notif)")
    var dataDirectory: String?

    @Option(name: .customLong("shutdown-timeout"), help: "Graceful shutdown budget, Go duration syntax. [env: SHUTDOWN_TIMEOUT] (default: 30s)")
    var shutdownTimeout: String?

    @Option(name: .customLong("default-org-id"), help: "Org created by bootstrap. [env: DEFAULT_ORG_ID] (default: org_default)")
    var defaultOrgID: String?

    @Option(name: .customLong("events-max-age"), help: "How long the events stream keeps events, Go duration. [env: EVENTS_MAX_AGE] (default: 24h)")
    var eventsMaxAge: String?

    @Option(name: .customLong("events-max-bytes"), help: "Size cap of the events stream in bytes. [env: EVENTS_MAX_BYTES] (default: 1073741824)")
    var eventsMaxBytes: Int64?

    @Option(name: .customLong("schema-cache-ttl"), help: "How long a project's schemas are reused before they are read again (bounds how late other replicas see a change), Go duration. [env: SCHEMA_CACHE_TTL] (default: 5s)")
    var schemaCacheTTL: String?

    @Option(name: .customLong("audit-retention"), help: "Audit entries older than this are pruned, Go duration. [env: AUDIT_RETENTION] (default: 8760h, 365 days)")
    var auditRetention: String?

    @Option(name: .customLong("audit-emit-sampling"), help: "Share of event.emit audit entries recorded, 0 to 1; every other action is always recorded. [env: AUDIT_EMIT_SAMPLING] (default: 1)")
    var auditEmitSampling: String?

    @Flag(name: .customLong("disable-bootstrap"), help: "Refuse POST /api/v1/bootstrap. [env: NOTIF_DISABLE_BOOTSTRAP=true]")
    var disableBootstrap = false

    @Flag(name: .customLong("webhook-allow-private-networks"),
          help: "Let webhook URLs reach loopback and private networks (tests, trusted hosts only). [env: WEBHOOK_ALLOW_PRIVATE_NETWORKS=true]")
    var webhookAllowPrivateNetworks = false

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        func setting(_ flag: String?, _ variable: String) -> String? {
            if let flag, !flag.isEmpty { return flag }
            if let value = environment[variable], !value.isEmpty { return value }
            return nil
        }
        let databaseSetting = setting(databaseURL, "DATABASE_URL")
        let natsSetting = setting(natsURL, "NATS_URL")
        let localMode = databaseSetting == nil || natsSetting == nil

        let level = try parse(setting(logLevel, "LOG_LEVEL") ?? "info", "LOG_LEVEL") { Logger.Level(rawValue: $0.lowercased()) }
        let format = setting(logFormat, "LOG_FORMAT") ?? (localMode ? "text" : "json")
        guard format == "json" || format == "text" else { throw ValidationError("LOG_FORMAT must be json or text") }
        LoggingSystem.bootstrap { label in
            if format == "json" { return JSONLogHandler(label: label, level: level) }
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "notifd")
        // Each WebSocket subscriber is a file descriptor (and local mode's nats-server inherits the limit).
        if let limit = FileDescriptorLimit.raiseToHardLimit() {
            logger.debug("open file limit", metadata: ["soft": "\(limit.soft)", "hard": "\(limit.hard)"])
        }

        let home = environment["HOME"] ?? NSHomeDirectory()
        let dataDirectory = URL(fileURLWithPath: setting(self.dataDirectory, "NOTIF_DATA_DIR") ?? "\(home)/.local/share/notif")

        let multiAccount = self.multiAccount || environment["NATS_MULTI_ACCOUNT"] == "true"
        let accountKeys = try multiAccount
            ? AccountKeySources(environment: environment)
                .load(localDirectory: natsSetting == nil ? dataDirectory.appending(path: "accounts") : nil)
            : nil
        var local: LocalServices?
        if localMode {
            try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
            local = try await LocalServices.start(dataDirectory: dataDirectory, needPostgres: databaseSetting == nil,
                                                  needNATS: natsSetting == nil, operatorSettings: accountKeys?.keys.serverSettings,
                                                  logger: logger)
        }
        do {
            let databaseText = try databaseSetting ?? local!.databaseURL()
            var configuration = NotifServerConfiguration(
                databaseURL: try DatabaseURL(databaseText),
                broker: BrokerConfiguration(url: natsSetting ?? local!.natsURL!,
                                            credentialsFile: setting(natsCreds, "NATS_CREDS")))
            configuration.host = setting(host, "HOST") ?? "127.0.0.1"
            configuration.port = try parse(setting(port.map(String.init), "PORT") ?? "8080", "PORT") { Int($0).flatMap { (0...65535).contains($0) ? $0 : nil } }
            configuration.maxPayloadSize = try parse(setting(maxPayloadSize.map(String.init), "MAX_PAYLOAD_SIZE") ?? "262144", "MAX_PAYLOAD_SIZE") {
                Int($0).flatMap { $0 > 0 ? $0 : nil }
            }
            if let origins = setting(corsOrigins, "CORS_ORIGINS") {
                configuration.corsOrigins = origins.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            configuration.shutdownTimeout = try parse(setting(shutdownTimeout, "SHUTDOWN_TIMEOUT") ?? "30s", "SHUTDOWN_TIMEOUT", GoDuration.parse)
            if let org = setting(defaultOrgID, "DEFAULT_ORG_ID") {
                guard Identifiers.isValidOrgID(org) else { throw ValidationError("DEFAULT_ORG_ID must match ^[a-zA-Z0-9_-]{1,32}$") }
                configuration.defaultOrgID = org
            }
            if let age = setting(eventsMaxAge, "EVENTS_MAX_AGE") {
                configuration.streamLimits.eventsMaxAge = try parse(age, "EVENTS_MAX_AGE", GoDuration.parse)
            }
            if let bytes = setting(eventsMaxBytes.map(String.init), "EVENTS_MAX_BYTES") {
                configuration.streamLimits.eventsMaxBytes = try parse(bytes, "EVENTS_MAX_BYTES") { Int64($0) }
            }
            if let ttl = setting(schemaCacheTTL, "SCHEMA_CACHE_TTL") {
                configuration.schemaCacheTTL = try parse(ttl, "SCHEMA_CACHE_TTL", GoDuration.parse)
            }
            if let retention = setting(auditRetention, "AUDIT_RETENTION") {
                configuration.auditRetention = try parse(retention, "AUDIT_RETENTION") { GoDuration.parse($0).flatMap { $0 > .zero ? $0 : nil } }
            }
            if let sampling = setting(auditEmitSampling, "AUDIT_EMIT_SAMPLING") {
                configuration.auditEmitSampling = try parse(sampling, "AUDIT_EMIT_SAMPLING") { Double($0).flatMap { (0...1).contains($0) ? $0 : nil } }
            }
            configuration.prometheus = PrometheusExport.registry
            if let accountKeys {
                configuration.accounts = AccountSettings(keys: accountKeys.keys, cipher: try SeedCipher(base64Key: accountKeys.encryptionKey),
                                                         natsURL: configuration.broker.url)
            }
            configuration.bootstrapEnabled = !(disableBootstrap || environment["NOTIF_DISABLE_BOOTSTRAP"] == "true")
            configuration.webhooks.allowPrivateNetworks = webhookAllowPrivateNetworks
                || environment["WEBHOOK_ALLOW_PRIVATE_NETWORKS"] == "true"

            let server = try await NotifServer(configuration: configuration, logger: logger).start()
            if let local {
                let bootstrap = try await server.bootstrapLocally()
                LocalBanner.print(server: server, dataDirectory: dataDirectory, local: local, bootstrap: bootstrap,
                                  multiAccount: multiAccount)
            } else {
                logger.info("notifd listening", metadata: ["url": "\(server.baseURL)"])
            }
            for await signal in await UnixSignalsSequence(trapping: .sigterm, .sigint) {
                logger.info("shutting down", metadata: ["signal": "\(signal)"])
                break
            }
            try await server.shutdown()
        } catch {
            await local?.stop()
            throw error
        }
        await local?.stop()
    }

    private func parse<T>(_ text: String, _ name: String, _ transform: (String) -> T?) throws -> T {
        guard let value = transform(text) else { throw ValidationError("invalid \(name): \(text)") }
        return value
    }
}
