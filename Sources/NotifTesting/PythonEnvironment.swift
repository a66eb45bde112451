import Foundation
import NotifCore
import Synchronization

/// A Python virtualenv with some packages, created on first use — once, even when several tests ask
/// at the same time (two concurrent `venv --clear` runs in one directory break each other).
public enum PythonEnvironment {
    private static let creations = Mutex<[String: Task<String, any Error>]>([:])

    /// The virtualenv's python, after creating it (and installing `packages`) unless `probe` already runs.
    public static func ensure(at directory: URL, packages: [String], probe: String) async throws -> String {
        let task = creations.withLock { creations in
            if let running = creations[directory.path] { return running }
            let created = Task { try await create(at: directory, packages: packages, probe: probe) }
            creations[directory.path] = created
            return created
        }
        return try await task.value
    }

    private static func create(at directory: URL, packages: [String], probe: String) async throws -> String {
        let python = directory.appending(path: "bin/python").path
        if FileManager.default.fileExists(atPath: python),
           try await run(python, ["-c", probe]).status == 0 {
            return python
        }
        let create = try await run("/usr/bin/env", ["python3", "-m", "venv", "--clear", directory.path])
        guard create.status == 0 else { throw Failure(description: "python3 -m venv failed: \(create.output)") }
        let install = try await run(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check"] + packages)
        guard install.status == 0 else { throw Failure(description: "pip install failed: \(install.output)") }
        return python
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    private static func run(_ executable: String, _ arguments: [String]) async throws -> CommandRunner.Result {
        try await CommandRunner.run(executable, arguments, environment: ProcessInfo.processInfo.environment, timeout: .seconds(300))
    }
}
