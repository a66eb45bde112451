import Foundation
import Glibc
import Logging
import Synchronization

/// A child nats-server with JetStream on, listening on 127.0.0.1 only.
///
/// Files under `directory`: `jetstream/` (the store), `nats-server.pid` and `nats-server.log`; in
/// operator mode also `nats-server.conf`, `operator.jwt` and `jwt/` (the full account resolver).
/// Dropping the last reference without `stop()` sends the server SIGTERM as a safety net.
public final class NATSServerProcess: Sendable {
    public let port: Int
    public var url: String { "nats://127.0.0.1:\(port)" }
    let directory: URL
    /// Where the server keeps its store, pid file, log and configuration.
    public var directoryURL: URL { directory }
    let executable: String
    private let logger: Logger
    private let lifecycle: ServerLifecycle
    private let operatorSettings: Mutex<NATSOperatorSettings?>

    static let startTimeout: Duration = .seconds(10)
    static let executableCandidates = ["/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server"]

    var pidFile: URL { directory.appendingPathComponent("nats-server.pid") }
    var logFile: URL { directory.appendingPathComponent("nats-server.log") }
    var storeDirectory: URL { directory.appendingPathComponent("jetstream") }
    var configFile: URL { directory.appendingPathComponent("nats-server.conf") }
    /// Where the full resolver keeps the account JWTs pushed to it.
    public var resolverDirectory: URL { directory.appendingPathComponent("jwt") }

    private init(directory: URL, port: Int, executable: String, operatorSettings: NATSOperatorSettings?, logger: Logger) {
        self.operatorSettings = Mutex(operatorSettings)
        self.directory = directory
        self.port = port
        self.executable = executable
        self.logger = logger
        self.lifecycle = ServerLifecycle(name: "nats-server", logger: logger, stopSignal: SIGTERM, stopGrace: .seconds(10))
    }

    deinit {
        lifecycle.signalCurrent(SIGTERM)
    }

    /// Starts nats-server and returns once its port accepts TCP connections (at most 10 s).
    /// - Parameters:
    ///   - port: nil picks a free port.
    ///   - executable: nil means `$NATS_SERVER_BIN`, else the first of /usr/sbin, /usr/bin, /usr/local/bin.
    ///   - operatorSettings: operator mode (accounts signed by an operator); nil runs without auth.
    public static func start(
        directory: URL, port: Int? = nil, executable: String? = nil, operatorSettings: NATSOperatorSettings? = nil,
        logger: Logger
    ) async throws -> NATSServerProcess {
        let executable = try resolveExecutable(executable)
        return try await FreePort.startServer(on: port, name: "nats-server", logger: logger) { port in
            let server = NATSServerProcess(
                directory: directory.standardizedFileURL, port: port,
                executable: executable, operatorSettings: operatorSettings, logger: logger)
            try await server.lifecycle.operations.withLock { try await server.launchLocked() }
            return server
        }
    }

    static func resolveExecutable(_ explicit: String?) throws -> String {
        let fileManager = FileManager.default
        if let path = explicit ?? ProcessInfo.processInfo.environment["NATS_SERVER_BIN"].flatMap({ $0.isEmpty ? nil : $0 }) {
            guard fileManager.isExecutableFile(atPath: path) else {
                throw LocalStackError("nats-server executable \(path) does not exist or is not executable")
            }
            return path
        }
        guard let found = executableCandidates.first(where: fileManager.isExecutableFile(atPath:)) else {
            throw LocalStackError(
                "nats-server not found (looked in \(executableCandidates.joined(separator: ", "))); "
                    + "install it or set NATS_SERVER_BIN")
        }
        return found
    }

    /// True once the server has finished starting, until it exits.
    public var isRunning: Bool { lifecycle.isRunning }

    /// The pid of the running server, if any.
    var pid: Int32? { lifecycle.pid }

    /// SIGTERM, wait up to 10 s, then SIGKILL. Idempotent.
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

    /// Stops the server if it runs, then starts it again on the same port and directory.
    public func restart() async throws {
        try await lifecycle.operations.withLock {
            await lifecycle.stopLocked(signal: SIGTERM, grace: .seconds(10), metadata: ["port": "\(port)"])
            try await launchLocked()
        }
    }

    /// Operator mode: replaces the trusted operators (a key rotation) and restarts the server on the
    /// same port and store; accounts already pushed stay in the resolver directory.
    public func restart(operatorSettings settings: NATSOperatorSettings) async throws {
        operatorSettings.withLock { $0 = settings }
        try await restart()
    }

    /// `handler` gets the exit status (128 + signal for a signal) when the server exits without
    /// `stop()` or `kill()`. Handlers accumulate; they run on a background thread.
    public func onUnexpectedExit(_ handler: @escaping @Sendable (Int32) -> Void) {
        lifecycle.onUnexpectedExit(handler)
    }

    /// Under `lifecycle.operations`.
    private func launchLocked() async throws {
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
        try fileManager.createDirectory(at: storeDirectory, withIntermediateDirectories: true)
        // Another nats-server on this store would corrupt it: the marker ties the pid to this directory.
        try await ProcessTable.terminateStale(
            pidFile: pidFile, markers: ["nats-server", storeDirectory.path], signal: SIGTERM,
            grace: .seconds(10), name: "nats-server", logger: logger)

        var arguments = [
            "-js", "-a", "127.0.0.1", "-p", "\(port)", "-sd", storeDirectory.path,
            "-P", pidFile.path,
        ]
        if let settings = operatorSettings.withLock({ $0 }) {
            try writeOperatorConfiguration(settings)
            arguments = ["-c", configFile.path, "-P", pidFile.path]
        }
        let log = try LogFile.openForAppend(logFile)
        let logOffset = (try? log.seekToEnd()) ?? 0
        let child = try ChildProcess.launch(
            name: "nats-server", executable: executable, arguments: arguments,
            currentDirectory: directory, output: log)
        lifecycle.adopt(child)
        do {
            let ready = try await Polling.until(timeout: Self.startTimeout, interval: .milliseconds(20)) {
                guard child.isRunning else {
                    throw LocalStackError.withLog(
                        "nats-server exited with status \(child.exitStatus ?? -1) while starting on port \(port)",
                        logTail: LogFile.tail(logFile))
                }
                // A connect alone could reach another process on this port (our child would then fail to
                // bind and exit a moment later): nats-server logs "Server is ready" only once it listens.
                return TCPProbe.accepts(port: port)
                    && LogFile.contains("[\(child.pid)] ", "Server is ready", in: logFile, from: logOffset)
            }
            guard ready else {
                throw LocalStackError.withLog(
                    "nats-server did not accept connections on port \(port) within \(Self.startTimeout)",
                    logTail: LogFile.tail(logFile))
            }
        } catch {
            await child.terminate(signal: SIGKILL, grace: .seconds(5))
            throw error
        }
        lifecycle.establish(child)
        logger.info(
            "nats-server started",
            metadata: ["port": "\(port)", "pid": "\(child.pid)", "directory": "\(directory.path)"])
    }

    /// Writes the operator JWTs and the server configuration, readable by this user only.
    private func writeOperatorConfiguration(_ settings: NATSOperatorSettings) throws {
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: resolverDirectory, withIntermediateDirectories: true)
        let operatorFile = directory.appendingPathComponent("operator.jwt")
        try Self.writePrivate(settings.operatorJWT, to: operatorFile)
        let text = settings.configuration(port: port, storeDirectory: storeDirectory, resolverDirectory: resolverDirectory,
                                          operatorFile: operatorFile)
        try Self.writePrivate(text, to: configFile)
    }

    private static func writePrivate(_ text: String, to file: URL) throws {
        try Data(text.utf8).write(to: file, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
    }
}
