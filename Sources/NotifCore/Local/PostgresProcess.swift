import Foundation
import Glibc
import Logging

/// A child PostgreSQL server (cluster created on first start) listening on 127.0.0.1 with a password.
///
/// The `postgres` program runs in the foreground as our child (no pg_ctl), as the `postgres` user
/// through setpriv when we are root. See `PostgresCluster` for the files under `directory`.
/// Dropping the last reference without `stop()` sends the server SIGINT as a safety net.
public final class PostgresProcess: Sendable {
    public let port: Int
    public var username: String { PostgresCluster.username }
    public let password: String
    let cluster: PostgresCluster
    let binaries: PostgresBinaries
    private let logger: Logger
    private let lifecycle: ServerLifecycle

    static let startTimeout: Duration = .seconds(30)

    /// False for throwaway clusters (tests): no fsync, so a busy disk cannot stall them. Never for real data.
    let durable: Bool

    private init(cluster: PostgresCluster, binaries: PostgresBinaries, port: Int, password: String, durable: Bool, logger: Logger) {
        self.durable = durable
        self.cluster = cluster
        self.binaries = binaries
        self.port = port
        self.password = password
        self.logger = logger
        self.lifecycle = ServerLifecycle(name: "postgres", logger: logger, stopSignal: SIGINT, stopGrace: .seconds(30))
    }

    deinit {
        lifecycle.signalCurrent(SIGINT)
    }

    /// Starts PostgreSQL (running initdb first when `<directory>/data/PG_VERSION` is missing; the
    /// `notif` database is created when missing) and returns once it accepts connections (at most 30 s).
    /// - Parameters:
    ///   - port: nil picks a free port.
    ///   - binDirectory: nil means `$POSTGRES_BIN_DIR`, else the newest /usr/lib/postgresql/*/bin.
    ///   - durable: false skips fsync (initdb `--no-sync`, `fsync=off`) and allows 400 connections
    ///     (many servers share one test cluster): only for throwaway test clusters.
    public static func start(
        directory: URL, port: Int? = nil, binDirectory: String? = nil, durable: Bool = true, logger: Logger
    ) async throws -> PostgresProcess {
        let binaries = try PostgresBinaries.resolve(binDirectory)
        let cluster = try await PostgresCluster.prepare(
            directory: directory.standardizedFileURL, binaries: binaries, logger: logger)
        let password = !cluster.isInitialised
            ? try await cluster.initialise(binaries: binaries, sync: durable, logger: logger)
            : try cluster.readPassword()
        return try await FreePort.startServer(on: port, name: "postgres", logger: logger) { port in
            let server = PostgresProcess(cluster: cluster, binaries: binaries, port: port, password: password, durable: durable,
                                         logger: logger)
            try await server.lifecycle.operations.withLock { try await server.launchLocked() }
            return server
        }
    }

    public func databaseURL(database: String = "notif") -> String {
        let encoded = password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? password
        return "postgres://\(username):\(encoded)@127.0.0.1:\(port)/\(database)?sslmode=disable"
    }

    /// The directory holding the server's Unix socket (`.s.PGSQL.<port>`).
    var socketDirectory: String { cluster.socketDirectory.path }

    /// True once the server has finished starting, until it exits.
    public var isRunning: Bool { lifecycle.isRunning }

    /// The pid of the running postmaster, if any.
    var pid: Int32? { lifecycle.pid }

    /// SIGINT (fast shutdown), wait up to 30 s, then SIGKILL. Idempotent.
    public func stop() async {
        await lifecycle.stop(metadata: ["port": "\(port)"])
    }

    /// SIGKILL and wait for the exit. The exit counts as expected (no unexpected-exit handlers).
    public func kill() async {
        await lifecycle.kill(metadata: ["port": "\(port)"])
    }

    /// SIGKILL without marking the exit as expected, so `onUnexpectedExit` handlers run. For tests.
    func simulateCrash() async {
        await lifecycle.simulateCrash()
    }

    /// Stops the server if it runs, then starts it again on the same port and data.
    public func restart() async throws {
        try await lifecycle.operations.withLock {
            await lifecycle.stopLocked(signal: SIGINT, grace: .seconds(30), metadata: ["port": "\(port)"])
            try await launchLocked()
        }
    }

    /// `handler` gets the exit status (128 + signal for a signal) when the server exits without
    /// `stop()` or `kill()`. Handlers accumulate; they run on a background thread.
    public func onUnexpectedExit(_ handler: @escaping @Sendable (Int32) -> Void) {
        lifecycle.onUnexpectedExit(handler)
    }

    /// Creates database `name` with psql over TCP; no error if it already exists.
    public func createDatabase(_ name: String) async throws {
        // Look first, so that routine starts do not leave "already exists" errors in the server log.
        let literal = "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
        let lookup = try await psql(
            database: "postgres", command: "SELECT 1 FROM pg_database WHERE datname = \(literal)", tuplesOnly: true)
        if lookup.status == 0, lookup.output.trimmingCharacters(in: .whitespacesAndNewlines) == "1" { return }

        let identifier = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let result = try await psql(database: "postgres", command: "CREATE DATABASE \(identifier)")
        if result.status == 0 || result.output.contains("already exists") { return }
        throw LocalStackError("creating database \(name) failed (psql status \(result.status)): \(result.output)")
    }

    /// Runs one SQL command through psql as `notif` over 127.0.0.1 (password in the environment only).
    /// `tuplesOnly` prints bare values (psql -tA).
    func psql(database: String, command: String, tuplesOnly: Bool = false) async throws -> CommandRunner.Result {
        try await CommandRunner.run(
            binaries.path("psql"),
            ["-X", "-q", "-h", "127.0.0.1", "-p", "\(port)", "-U", username, "-d", database,
             "-v", "ON_ERROR_STOP=1"] + (tuplesOnly ? ["-t", "-A"] : []) + ["-c", command],
            environment: CommandRunner.environmentWithoutPG(adding: ["PGPASSWORD": password, "PGCONNECT_TIMEOUT": "10"]),
            timeout: .seconds(60))
    }

    /// Under `lifecycle.operations`.
    /// Every start also makes sure database `notif` exists (cheap, and it heals a first start that
    /// was interrupted between initdb and the CREATE DATABASE).
    private func launchLocked() async throws {
        try await ProcessTable.terminateStale(
            pidFile: cluster.postmasterPIDFile, markers: ["postgres", cluster.dataDirectory.path], signal: SIGINT,
            grace: .seconds(30), name: "postgres", logger: logger)

        let command = binaries.serverCommand("postgres", [
            "-D", cluster.dataDirectory.path, "-p", "\(port)", "-k", cluster.socketDirectory.path,
            "-c", "listen_addresses=127.0.0.1",
        ] + (durable ? [] : ["-c", "fsync=off", "-c", "full_page_writes=off",
                      "-c", "max_connections=400"]))
        let child = try ChildProcess.launch(
            name: "postgres", executable: command.executable, arguments: command.arguments,
            environment: CommandRunner.environmentWithoutPG(), currentDirectory: cluster.clusterDirectory,
            output: try LogFile.openForAppend(cluster.logFile, owner: binaries.serverUser))
        lifecycle.adopt(child)
        do {
            try await waitUntilReady(child)
            try await createDatabase("notif")
        } catch {
            await child.terminate(signal: SIGINT, grace: .seconds(5))
            throw error
        }
        lifecycle.establish(child)
        logger.info(
            "postgres started",
            metadata: ["port": "\(port)", "pid": "\(child.pid)", "data": "\(cluster.dataDirectory.path)"])
    }

    private func waitUntilReady(_ child: ChildProcess) async throws {
        let ready = try await Polling.until(timeout: Self.startTimeout, interval: .milliseconds(50)) {
            guard child.isRunning else {
                throw LocalStackError.withLog(
                    "postgres exited with status \(child.exitStatus ?? -1) while starting on port \(port)",
                    logTail: LogFile.tail(cluster.logFile))
            }
            // postmaster.pid names our child and says "ready" once startup (and any crash recovery) is done;
            // pg_isready then confirms that it answers on 127.0.0.1:<port>.
            guard postmasterStatus(of: child) != .starting, TCPProbe.accepts(port: port) else { return false }
            let probe = try await CommandRunner.run(
                binaries.path("pg_isready"), ["-q", "-h", "127.0.0.1", "-p", "\(port)", "-t", "3"],
                environment: CommandRunner.environmentWithoutPG(), timeout: .seconds(10))
            return probe.status == 0
        }
        guard ready else {
            throw LocalStackError.withLog(
                "postgres did not accept connections on port \(port) within \(Self.startTimeout)",
                logTail: LogFile.tail(cluster.logFile))
        }
    }

    private enum PostmasterStatus { case starting, ready, unknown }

    /// Reads `<data>/postmaster.pid`: line 1 is the pid, line 8 the status ("starting", "ready", …).
    private func postmasterStatus(of child: ChildProcess) -> PostmasterStatus {
        guard let text = try? String(contentsOf: cluster.postmasterPIDFile, encoding: .utf8) else {
            // Missing while starting up; unreadable if root lacks CAP_DAC_OVERRIDE (then rely on pg_isready).
            return FileManager.default.fileExists(atPath: cluster.postmasterPIDFile.path) ? .unknown : .starting
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, Int32(first.trimmingCharacters(in: .whitespaces)) == child.pid,
              lines.count >= 8
        else { return .starting }
        return lines[7].trimmingCharacters(in: .whitespaces) == "ready" ? .ready : .starting
    }
}
