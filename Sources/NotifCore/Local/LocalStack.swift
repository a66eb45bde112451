import Foundation
import Logging
import Synchronization

/// Starts both servers under one data directory, restarts either one if it dies unexpectedly
/// (with backoff: 0.5 s, 1 s, 2 s … capped at 10 s), and stops both cleanly.
///
/// nats-server lives under `<dataDirectory>/nats`, PostgreSQL under `<dataDirectory>/postgres`.
public final class LocalStack: Sendable {
    public let nats: NATSServerProcess
    public let postgres: PostgresProcess
    private let logger: Logger
    private let supervisor: RestartSupervisor

    public var natsURL: String { nats.url }

    public func databaseURL(database: String = "notif") -> String {
        postgres.databaseURL(database: database)
    }

    private init(nats: NATSServerProcess, postgres: PostgresProcess, logger: Logger) {
        self.nats = nats
        self.postgres = postgres
        self.logger = logger
        self.supervisor = RestartSupervisor(logger: logger)
    }

    /// Starts nats-server and PostgreSQL concurrently. If either fails, the other is stopped
    /// before the error is rethrown.
    /// - Parameter operatorSettings: run nats-server in operator mode (multi-account), with its
    ///   store under `nats-accounts/` so that the single-account store under `nats/` stays as it was.
    public static func start(dataDirectory: URL, operatorSettings: NATSOperatorSettings? = nil,
                             logger: Logger) async throws -> LocalStack {
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        async let natsResult = capture {
            try await NATSServerProcess.start(directory: dataDirectory.appendingPathComponent(natsDirectoryName(operatorSettings)),
                                              operatorSettings: operatorSettings, logger: logger)
        }
        async let postgresResult = capture {
            try await PostgresProcess.start(directory: dataDirectory.appendingPathComponent("postgres"), logger: logger)
        }
        switch await (natsResult, postgresResult) {
        case let (.success(nats), .success(postgres)):
            let stack = LocalStack(nats: nats, postgres: postgres, logger: logger)
            stack.supervise()
            logger.info(
                "local stack running",
                metadata: ["nats": "\(nats.url)", "postgresPort": "\(postgres.port)", "data": "\(dataDirectory.path)"])
            return stack
        case let (.success(nats), .failure(error)):
            await nats.stop()
            throw error
        case let (.failure(error), .success(postgres)):
            await postgres.stop()
            throw error
        case let (.failure(error), .failure):
            throw error
        }
    }

    /// `nats`, or `nats-accounts` in operator mode.
    public static func natsDirectoryName(_ operatorSettings: NATSOperatorSettings?) -> String {
        operatorSettings == nil ? "nats" : "nats-accounts"
    }

    private static func capture<T: Sendable>(_ body: () async throws -> T) async -> Result<T, any Error> {
        do { return .success(try await body()) } catch { return .failure(error) }
    }

    private func supervise() {
        let nats = self.nats
        let postgres = self.postgres
        let supervisor = self.supervisor
        // Weak: the servers hold these handlers, and a dropped server should still deinit.
        nats.onUnexpectedExit { [weak nats] _ in
            guard let nats else { return }
            supervisor.serverDied("nats-server") { [weak nats] in try await nats?.restart() }
        }
        postgres.onUnexpectedExit { [weak postgres] _ in
            guard let postgres else { return }
            supervisor.serverDied("postgres") { [weak postgres] in try await postgres?.restart() }
        }
    }

    /// Ends supervision, then stops PostgreSQL and nats-server concurrently. Idempotent.
    public func stop() async {
        await supervisor.shutdown()
        async let postgresStopped: Void = postgres.stop()
        async let natsStopped: Void = nats.stop()
        _ = await (postgresStopped, natsStopped)
        logger.info("local stack stopped")
    }
}
