import Foundation

/// Runs a program to completion for a test (a compiler, node, python), without Foundation's
/// `Process` and without blocking a thread of the cooperative pool: stdout and stderr go to files,
/// the exit comes from `SpawnedChild`.
public enum TestProgram {
    /// Runs `executable` (a path, or a name looked up through `/usr/bin/env`) with `arguments`;
    /// the environment is this process's plus `environment`.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                           timeout: Duration = .seconds(300)) async throws -> NotifCLIResult {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("notif-program-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let path = executable.hasPrefix("/") ? executable : "/usr/bin/env"
        let argv = executable.hasPrefix("/") ? arguments : [executable] + arguments
        let running = try RunningNotifCLI(
            executable: path, arguments: argv,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
            stdin: nil, directory: scratch, scratch: scratch)
        return try await running.wait(timeout: timeout)
    }
}
