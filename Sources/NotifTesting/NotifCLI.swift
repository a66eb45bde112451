import Foundation
import NotifCore

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
            throw ProgramError("no notif binary at \(candidate); run `swift build --build-tests` first")
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
                    timeout: Duration = .seconds(60)) async throws -> ProgramResult {
        let process = try start(arguments, stdin: stdin, directory: directory)
        return try await process.wait(timeout: timeout)
    }

    /// Starts another program (`notifd`) with this CLI's environment and `HOME`, in the background.
    public func startProgram(_ executable: String, _ arguments: [String]) throws -> RunningProgram {
        try RunningProgram(executable: executable, arguments: arguments, environment: environment,
                            stdin: nil, directory: home, scratch: home)
    }

    /// Starts `arguments` in the background.
    public func start(_ arguments: [String], stdin: String? = nil, directory: URL? = nil) throws -> RunningProgram {
        try RunningProgram(executable: executable, arguments: arguments, environment: environment,
                            stdin: stdin, directory: directory ?? home, scratch: home)
    }
}
