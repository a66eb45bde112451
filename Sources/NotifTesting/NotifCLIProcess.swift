import Foundation
import NotifCore
import Synchronization

/// The built `notif` binary, run as a child process the way a person runs it: its own `HOME` (so the
/// config file, caches and history are the test's), the tenant's key and server in the environment,
/// stdin from a string, stdout and stderr captured.
public struct NotifCLI: Sendable {
    public let executable: String
    public let home: URL
    public var environment: [String: String]

    /// `NOTIF_CLI` when set, else `notif` beside the running test binary (`.build/<triple>/debug/`).
    public static func locate() throws -> String {
        if let path = ProcessInfo.processInfo.environment["NOTIF_CLI"], !path.isEmpty { return path }
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        // The test binary may sit inside a `.xctest` bundle directory.
        if directory.pathExtension == "xctest" { directory = directory.deletingLastPathComponent() }
        let candidate = directory.appendingPathComponent("notif").path
        guard FileManager.default.isExecutableFile(atPath: candidate) else {
            throw NotifCLIError("no notif binary at \(candidate); run `swift build --build-tests` first")
        }
        return candidate
    }

    /// A CLI with an empty `HOME` and, when given, `NOTIF_API_KEY`/`NOTIF_SERVER` for `tenant`.
    public init(tenant: TestTenant? = nil) throws {
        executable = try Self.locate()
        home = FileManager.default.temporaryDirectory.appendingPathComponent("notif-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        ChildReaper.removeOnExit(home)
        var environment = ["HOME": home.path, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "LANG": "C.UTF-8"]
        if let tenant {
            environment["NOTIF_API_KEY"] = tenant.apiKey
            environment["NOTIF_SERVER"] = tenant.http.baseURL
        }
        self.environment = environment
    }

    /// Runs `arguments` to completion (killed after `timeout`).
    public func run(_ arguments: [String], stdin: String? = nil, directory: URL? = nil,
                    timeout: Duration = .seconds(60)) async throws -> NotifCLIResult {
        let process = try start(arguments, stdin: stdin, directory: directory)
        return try await process.wait(timeout: timeout)
    }

    /// Starts `arguments` in the background.
    public func start(_ arguments: [String], stdin: String? = nil, directory: URL? = nil) throws -> RunningNotifCLI {
        try RunningNotifCLI(executable: executable, arguments: arguments, environment: environment,
                            stdin: stdin, directory: directory ?? home, scratch: home)
    }
}

/// A `notif` process started by `NotifCLI.start`.
public final class RunningNotifCLI: Sendable {
    private let pid: pid_t
    private let commandLine: String
    private let stdoutURL: URL
    private let stderrURL: URL
    private let exited: AsyncStream<Void>
    /// The exit status (signals as 128 + number, like a shell), once the process has ended.
    private let status: ExitStatus

    init(executable: String, arguments: [String], environment: [String: String], stdin: String?, directory: URL, scratch: URL) throws {
        let id = UUID().uuidString
        stdoutURL = scratch.appendingPathComponent("stdout-\(id)")
        stderrURL = scratch.appendingPathComponent("stderr-\(id)")
        let stdinURL = scratch.appendingPathComponent("stdin-\(id)")
        for (url, contents) in [(stdoutURL, Data()), (stderrURL, Data()), (stdinURL, Data((stdin ?? "").utf8))] {
            try contents.write(to: url)
        }
        let (exited, signal) = AsyncStream<Void>.makeStream()
        let status = ExitStatus()
        self.status = status
        self.exited = exited
        self.commandLine = arguments.joined(separator: " ")
        pid = try SpawnedChild.spawn(
            executable: executable, arguments: arguments, environment: environment, directory: directory.path,
            stdin: stdinURL.path, stdout: stdoutURL.path, stderr: stderrURL.path) { code in
                status.value.withLock { $0 = code }
                signal.finish()
            }
    }

    /// What the process has written to stdout so far.
    public var standardOutput: String {
        (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? ""
    }

    /// Sends SIGINT, as Ctrl-C does.
    public func interrupt() { kill(pid, SIGINT) }

    /// Waits for the process to exit; kills it and throws after `timeout`.
    public func wait(timeout: Duration = .seconds(60)) async throws -> NotifCLIResult {
        let finished = await withTaskGroup(of: Bool.self) { group in
            group.addTask { for await _ in self.exited {}; return true }
            group.addTask { try? await Task.sleep(for: timeout); return false }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        let stderr = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
        guard finished, let status = status.value.withLock({ $0 }) else {
            kill(pid, SIGKILL)
            throw NotifCLIError("notif \(commandLine) still running after \(timeout)\nstdout: \(standardOutput)\nstderr: \(stderr)")
        }
        return NotifCLIResult(status: status, stdout: standardOutput, stderr: stderr)
    }
}

/// The exit status a termination handler records.
final class ExitStatus: Sendable {
    let value = Mutex<Int32?>(nil)
}

/// How a `notif` run ended and what it printed.
public struct NotifCLIResult: Sendable, CustomStringConvertible {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    /// stdout's non-empty lines.
    public var lines: [String] { stdout.split(separator: "\n").map(String.init) }

    /// Every stdout line parsed as JSON (throws on a line that is not).
    public func jsonLines() throws -> [JSONValue] { try lines.map { try JSONValue.parse(Array($0.utf8)) } }

    public var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }
}

/// A `notif` process could not be found or did not finish.
public struct NotifCLIError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
