import Foundation
import NotifCore
import Synchronization

/// Runs a program to completion for a test (a compiler, node, python), without Foundation's
/// `Process` and without blocking a thread of the cooperative pool: stdout and stderr go to files,
/// the exit comes from `SpawnedChild`.
public enum TestProgram {
    /// Runs `executable` (a path, or a name looked up through `/usr/bin/env`) with `arguments`;
    /// the environment is this process's plus `environment`.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                           timeout: Duration = .seconds(300)) async throws -> ProgramResult {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("notif-program-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let path = executable.hasPrefix("/") ? executable : "/usr/bin/env"
        let argv = executable.hasPrefix("/") ? arguments : [executable] + arguments
        let running = try RunningProgram(
            executable: path, arguments: argv,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
            stdin: nil, directory: scratch, scratch: scratch)
        return try await running.wait(timeout: timeout)
    }
}

/// A program started by `NotifCLI.start` or `TestProgram.run`.
public final class RunningProgram: Sendable {
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
        self.commandLine = ([executable] + arguments).joined(separator: " ")
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
    public func wait(timeout: Duration = .seconds(60)) async throws -> ProgramResult {
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
            throw ProgramError("\(commandLine) still running after \(timeout)\nstdout: \(standardOutput)\nstderr: \(stderr)")
        }
        return ProgramResult(status: status, stdout: standardOutput, stderr: stderr)
    }
}

/// The exit status a termination handler records.
final class ExitStatus: Sendable {
    let value = Mutex<Int32?>(nil)
}

/// How a program run ended and what it printed.
public struct ProgramResult: Sendable, CustomStringConvertible {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    /// stdout's non-empty lines.
    public var lines: [String] { stdout.split(separator: "\n").map(String.init) }

    /// Every stdout line parsed as JSON (throws on a line that is not).
    public func jsonLines() throws -> [JSONValue] { try lines.map { try JSONValue.parse(Array($0.utf8)) } }

    public var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }
}

/// A program could not be found or did not finish.
public struct ProgramError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
