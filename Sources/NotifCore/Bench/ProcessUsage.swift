import Foundation
import Glibc

/// CPU time and resident memory of a process, read from `/proc` (Linux), to report what a
/// benchmark cost the server.
public struct ProcessUsage: Sendable, Equatable {
    /// User + system CPU time consumed so far.
    public var cpuSeconds: Double
    /// Resident set size.
    public var residentBytes: Int64

    /// The current usage of `pid`, nil when it cannot be read.
    public static func sample(pid: Int32) -> ProcessUsage? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // Fields after the command: state is field 3, utime 14 and stime 15 (1-based).
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = Int64(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
        return ProcessUsage(cpuSeconds: (user + system) / ticks, residentBytes: kilobytes * 1024)
    }

    /// The pid of the only running process whose command name is `name` (nil when none or several).
    public static func findProcess(named name: String) -> Int32? {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return nil }
        let matches = entries.compactMap(Int32.init).filter { pid in
            (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) == name
        }
        return matches.count == 1 ? matches[0] : nil
    }
}

/// A process's usage at the start of a run, to report what the run cost it (nothing when the
/// process is unknown or cannot be read).
struct ServerWatch {
    let pid: Int32?
    let start: ProcessUsage?

    init(pid: Int32?) {
        self.pid = pid
        start = pid.flatMap(ProcessUsage.sample(pid:))
    }

    func cost(elapsed: Duration) -> ProcessCost? {
        guard let pid, let start, let end = ProcessUsage.sample(pid: pid) else { return nil }
        return ProcessCost(from: start, to: end, elapsed: elapsed)
    }
}

/// `bytes` in MiB.
func mebibytes(_ bytes: Int64) -> Double { Double(bytes) / 1_048_576 }

/// What a process used during a benchmark: CPU as a share of one core, and memory at the end.
public struct ProcessCost: Sendable, Equatable {
    public var cpuPercent: Double
    public var residentBytes: Int64
    public var residentGrowthBytes: Int64

    public init(from start: ProcessUsage, to end: ProcessUsage, elapsed: Duration) {
        let seconds = max(0.001, elapsed.seconds)
        cpuPercent = (end.cpuSeconds - start.cpuSeconds) / seconds * 100
        residentBytes = end.residentBytes
        residentGrowthBytes = end.residentBytes - start.residentBytes
    }

    public var json: JSONValue {
        .object(["cpu_percent": .double(cpuPercent, places: 1), "rss_bytes": .int(residentBytes),
                 "rss_growth_bytes": .int(residentGrowthBytes)])
    }
}
