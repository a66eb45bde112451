import Foundation
import Synchronization

/// Stops the servers a test process started when it exits: Swift Testing has no global tear-down, so
/// an `atexit` hook signals every direct child (Postgres gets SIGINT, its fast shutdown; others
/// SIGTERM), waits up to ten seconds for them to go, then removes the registered temporary directories.
enum ChildReaper {
    private static let directories = Mutex<[URL]>([])

    /// Deletes `directory` when the process exits (after its servers are stopped).
    static func removeOnExit(_ directory: URL) {
        install()
        directories.withLock { $0.append(directory) }
    }

    private static let installed: Bool = {
        atexit { ChildReaper.terminateChildren() }
        return true
    }()

    static func install() { _ = installed }

    static func terminateChildren() {
        let parent = getpid()
        var children: [pid_t] = []
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return }
        for entry in entries {
            guard let pid = pid_t(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 1, pid_t(fields[1]) == parent else { continue }
            let name = stat[stat.index(after: stat.firstIndex(of: "(")!)..<close]
            kill(pid, name.hasPrefix("postgres") ? SIGINT : SIGTERM)
            children.append(pid)
        }
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, children.contains(where: { kill($0, 0) == 0 && !isZombie($0) }) {
            usleep(50_000)
        }
        for directory in directories.withLock({ $0 }) {
            try? FileManager.default.removeItem(at: directory)
        }
    }

    private static func isZombie(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else {
            return true
        }
        return stat[stat.index(after: close)...].split(separator: " ").first == "Z"
    }
}
