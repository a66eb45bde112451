import Foundation
import Glibc
import Logging

/// Looks at processes that are not (or no longer) our children through /proc.
enum ProcessTable {
    /// True when /proc/<pid> exists and is not a zombie.
    static func isAlive(_ pid: Int32) -> Bool {
        guard pid > 0,
              let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        else { return false }
        // "pid (comm) S …": the state letter follows the last ')'.
        guard let close = stat.lastIndex(of: ")") else { return true }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }

    /// The command line of `pid`, arguments joined by spaces ("" when unreadable).
    static func commandLine(_ pid: Int32) -> String {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return "" }
        return String(decoding: data.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
    }

    /// The pid on the first line of `pidFile`, if the file exists and starts with a number.
    static func pid(inFile pidFile: URL) -> Int32? {
        guard let text = try? String(contentsOf: pidFile, encoding: .utf8),
              let first = text.split(whereSeparator: \.isNewline).first
        else { return nil }
        return Int32(first.trimmingCharacters(in: .whitespaces))
    }

    /// A stale server from an earlier, crashed run would share our data directory. If `pidFile`
    /// names a live process whose command line contains every string of `markers`, send it `signal`,
    /// wait up to `grace` for it to go away, then SIGKILL it (and wait up to 5 s more).
    static func terminateStale(
        pidFile: URL, markers: [String], signal: Int32, grace: Duration, name: String, logger: Logger
    ) async throws {
        guard let pid = pid(inFile: pidFile), pid != getpid(), isAlive(pid) else { return }
        let commandLine = commandLine(pid)
        guard markers.allSatisfy({ commandLine.contains($0) }) else { return }
        logger.warning(
            "stopping a stale \(name) left over from an earlier run",
            metadata: ["pid": "\(pid)", "pidFile": "\(pidFile.path)"])
        Glibc.kill(pid, signal)
        if try await Polling.until(timeout: grace, interval: .milliseconds(50), { !isAlive(pid) }) { return }
        logger.warning("stale \(name) ignored the signal; sending SIGKILL", metadata: ["pid": "\(pid)"])
        Glibc.kill(pid, SIGKILL)
        if try await Polling.until(timeout: .seconds(5), interval: .milliseconds(50), { !isAlive(pid) }) { return }
        throw LocalStackError("a stale \(name) (pid \(pid)) from an earlier run does not exit")
    }
}
