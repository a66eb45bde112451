import Foundation
import Glibc

/// Runs a short-lived command (initdb, psql, pg_isready, test) to completion without blocking a
/// thread: output goes to a temporary file and the exit arrives through the termination handler.
/// (Never `Process.waitUntilExit()`: on Linux it spins a run loop and can miss terminations.)
public enum CommandRunner {
    public struct Result: Sendable {
        public let status: Int32
        /// stdout and stderr, interleaved.
        public let output: String
    }

    public static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String]? = nil,
        currentDirectory: URL? = nil,
        timeout: Duration = .seconds(60)
    ) async throws -> Result {
        let outputURL = FileManager.default.temporaryDirectory
            .appendingPathComponent("notif-command-\(RandomToken.hex(bytes: 8)).out")
        defer { try? FileManager.default.removeItem(at: outputURL) }
        let name = (executable as NSString).lastPathComponent
        let output = try LogFile.openForAppend(outputURL)
        let child = try ChildProcess.launch(
            name: name, executable: executable, arguments: arguments,
            environment: environment, currentDirectory: currentDirectory, output: output)
        guard let status = await child.waitForExit(timeout: timeout) else {
            await child.terminate(signal: SIGKILL, grace: .seconds(5))
            throw LocalStackError("\(name) did not finish within \(timeout)")
        }
        let data = FileManager.default.contents(atPath: outputURL.path) ?? Data()
        return Result(status: status, output: String(decoding: data, as: UTF8.self))
    }

    /// Our environment without the libpq/PostgreSQL variables (PGHOST, PGDATA, PGSERVICE …)
    /// that could redirect the tools, plus `extra`.
    static func environmentWithoutPG(adding extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
        environment.merge(extra) { _, new in new }
        return environment
    }
}
