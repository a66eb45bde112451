import Foundation
import Glibc

/// Where the PostgreSQL programs are, and how to run the server-side ones (initdb, postgres):
/// directly, or, when we are root (they refuse to run as root), as the `postgres` user through
/// `setpriv`, which execs in place so the pid we hold is the program itself.
struct PostgresBinaries: Sendable {
    let binDirectory: String
    /// Set when we run as root: the server programs run as this user.
    let serverUser: SystemUser?

    static let setpriv = "/usr/bin/setpriv"

    /// `explicit`, else `$POSTGRES_BIN_DIR`, else the highest-versioned /usr/lib/postgresql/*/bin
    /// that holds `postgres` and `initdb`.
    static func resolve(_ explicit: String?) throws -> PostgresBinaries {
        let fileManager = FileManager.default
        let binDirectory: String
        if let path = explicit ?? ProcessInfo.processInfo.environment["POSTGRES_BIN_DIR"].flatMap({ $0.isEmpty ? nil : $0 }) {
            binDirectory = path
        } else {
            let root = "/usr/lib/postgresql"
            let versions = (try? fileManager.contentsOfDirectory(atPath: root)) ?? []
            let candidates = versions
                .filter { version in
                    ["postgres", "initdb"].allSatisfy { fileManager.isExecutableFile(atPath: "\(root)/\(version)/bin/\($0)") }
                }
                .sorted { versionKey($0).lexicographicallyPrecedes(versionKey($1)) }
            guard let newest = candidates.last else {
                throw LocalStackError(
                    "no PostgreSQL server found under \(root)/*/bin; install postgresql or set POSTGRES_BIN_DIR")
            }
            binDirectory = "\(root)/\(newest)/bin"
        }
        for tool in ["postgres", "initdb", "psql", "pg_isready"] where !fileManager.isExecutableFile(atPath: "\(binDirectory)/\(tool)") {
            throw LocalStackError("\(binDirectory)/\(tool) does not exist or is not executable")
        }
        var serverUser: SystemUser?
        if getuid() == 0 {
            serverUser = try SystemUser.lookup("postgres")
            guard fileManager.isExecutableFile(atPath: setpriv) else {
                throw LocalStackError("running as root needs \(setpriv) (util-linux) to run PostgreSQL as 'postgres'")
            }
        }
        return PostgresBinaries(binDirectory: binDirectory, serverUser: serverUser)
    }

    /// "15" → [15], "9.6" → [9, 6].
    private static func versionKey(_ name: String) -> [Int] {
        name.split(separator: ".").map { Int($0) ?? 0 }
    }

    func path(_ tool: String) -> String { "\(binDirectory)/\(tool)" }

    /// The executable and arguments that run `tool` (a PostgreSQL server program) as the server user.
    func serverCommand(_ tool: String, _ arguments: [String]) -> (executable: String, arguments: [String]) {
        asServerUser(path(tool), arguments)
    }

    /// `executable arguments`, wrapped in setpriv when we are root.
    func asServerUser(_ executable: String, _ arguments: [String]) -> (executable: String, arguments: [String]) {
        guard let user = serverUser else { return (executable, arguments) }
        return (
            Self.setpriv,
            ["--reuid=\(user.name)", "--regid=\(user.name)", "--init-groups", "--", executable] + arguments
        )
    }
}
