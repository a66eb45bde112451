import Foundation
import Glibc
import Logging

/// The files of one local PostgreSQL cluster and the steps that set it up: choosing where the
/// cluster lives, creating and chown'ing its directories, the password file and initdb.
///
/// Under `directory`: `password` (0600), `postgres.log`, and either the cluster itself (`data/`, `run/`
/// for the socket) or, when we are root and `postgres` cannot reach `directory`, a symlink
/// `postgres-cluster` → /var/lib/notif/<12 hex of sha256(directory)>/ holding `data/` and `run/`.
struct PostgresCluster: Sendable {
    let directory: URL
    /// Holds `data/` and `run/`: `directory` itself, or the relocated place under /var/lib/notif.
    let clusterDirectory: URL
    let socketDirectory: URL

    static let username = "notif"
    static let relocationRoot = "/var/lib/notif"

    var dataDirectory: URL { clusterDirectory.appendingPathComponent("data") }
    var logFile: URL { directory.appendingPathComponent("postgres.log") }
    var passwordFile: URL { directory.appendingPathComponent("password") }
    var postmasterPIDFile: URL { dataDirectory.appendingPathComponent("postmaster.pid") }
    var versionFile: URL { dataDirectory.appendingPathComponent("PG_VERSION") }
    var isInitialised: Bool { FileManager.default.fileExists(atPath: versionFile.path) }

    /// Creates the directories (chown'd to the server user when root) and decides where the cluster lives.
    static func prepare(directory: URL, binaries: PostgresBinaries, logger: Logger) async throws -> PostgresCluster {
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
        let hash = String(Digest.sha256Hex(directory.path).prefix(12))

        var clusterDirectory = directory
        if let user = binaries.serverUser, try await !user.canTraverse(directory, binaries: binaries) {
            clusterDirectory = URL(fileURLWithPath: relocationRoot).appendingPathComponent(hash)
            try fileManager.createDirectory(
                at: clusterDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
            try linkRelocatedCluster(from: directory.appendingPathComponent("postgres-cluster"), to: clusterDirectory)
            logger.info(
                "\(user.name) cannot reach \(directory.path); the PostgreSQL cluster lives in \(clusterDirectory.path)",
                metadata: ["link": "\(directory.path)/postgres-cluster"])
        }

        // A Unix socket path must fit in sun_path (108 bytes with the NUL).
        var socketDirectory = clusterDirectory.appendingPathComponent("run")
        if socketDirectory.path.utf8.count + "/.s.PGSQL.65535".utf8.count > 107 {
            socketDirectory = URL(fileURLWithPath: "/tmp/notif-pg-\(hash)")
        }

        let cluster = PostgresCluster(directory: directory, clusterDirectory: clusterDirectory, socketDirectory: socketDirectory)
        try fileManager.createDirectory(
            at: cluster.dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try fileManager.createDirectory(
            at: socketDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        if let user = binaries.serverUser {
            try user.chown(cluster.dataDirectory.path)
            try user.chown(socketDirectory.path)
        }
        return cluster
    }

    private static func linkRelocatedCluster(from link: URL, to target: URL) throws {
        let fileManager = FileManager.default
        if let existing = try? fileManager.destinationOfSymbolicLink(atPath: link.path) {
            if existing == target.path { return }
            try fileManager.removeItem(at: link)
        }
        try fileManager.createSymbolicLink(at: link, withDestinationURL: target)
    }

    /// Reads the password written by the first start.
    func readPassword() throws -> String {
        guard let text = try? String(contentsOf: passwordFile, encoding: .utf8) else {
            throw LocalStackError(
                "the PostgreSQL cluster in \(dataDirectory.path) exists but its password file \(passwordFile.path) "
                    + "cannot be read; restore the file or delete the cluster")
        }
        let password = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !password.isEmpty else { throw LocalStackError("password file \(passwordFile.path) is empty") }
        return password
    }

    /// Writes `password` to `url` with mode 0600 (replacing the file), chown'd to `owner` if given.
    static func writeSecret(_ password: String, to url: URL, owner: SystemUser? = nil) throws {
        try? FileManager.default.removeItem(at: url)
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw LocalStackError("cannot create \(url.path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let bytes = Array((password + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fchmod(fd, 0o600) == 0 else {
            throw LocalStackError("cannot write \(url.path): \(String(cString: strerror(errno)))")
        }
        if let owner, fchown(fd, owner.uid, owner.gid) != 0 {
            throw LocalStackError("cannot chown \(url.path) to \(owner.name): \(String(cString: strerror(errno)))")
        }
    }

    /// First start: a new random password in `password` (0600), then initdb with scram-sha-256 auth.
    /// Returns the password.
    func initialise(binaries: PostgresBinaries, sync: Bool = true, logger: Logger) async throws -> String {
        let fileManager = FileManager.default
        // A data directory without PG_VERSION is what an interrupted initdb leaves; initdb wants it empty.
        if let leftovers = try? fileManager.contentsOfDirectory(atPath: dataDirectory.path), !leftovers.isEmpty {
            logger.warning("emptying an incomplete PostgreSQL data directory", metadata: ["data": "\(dataDirectory.path)"])
            for entry in leftovers { try fileManager.removeItem(at: dataDirectory.appendingPathComponent(entry)) }
        }

        let password = RandomToken.alphanumeric(32)
        try Self.writeSecret(password, to: passwordFile)
        // initdb reads --pwfile as the server user, so this copy lives in the cluster directory and belongs to it.
        let passwordCopy = clusterDirectory.appendingPathComponent(".initdb-pw-\(RandomToken.hex(bytes: 6))")
        defer { try? fileManager.removeItem(at: passwordCopy) }
        try Self.writeSecret(password, to: passwordCopy, owner: binaries.serverUser)

        logger.info("initialising a PostgreSQL cluster", metadata: ["data": "\(dataDirectory.path)"])
        let command = binaries.serverCommand("initdb", [
            "-D", dataDirectory.path, "-U", Self.username, "--pwfile=\(passwordCopy.path)",
            "-A", "scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8",
        ] + (sync ? [] : ["--no-sync"]))
        let result = try await CommandRunner.run(
            command.executable, command.arguments, environment: CommandRunner.environmentWithoutPG(),
            currentDirectory: clusterDirectory, timeout: .seconds(180))
        LogFile.append(result.output, to: logFile)
        guard result.status == 0 else {
            throw LocalStackError.withLog("initdb failed with status \(result.status)", logTail: result.output)
        }
        return password
    }
}

extension SystemUser {
    /// Whether this user can traverse every directory down to `directory`
    /// (`test -x` run as the user, which checks search permission on each ancestor).
    func canTraverse(_ directory: URL, binaries: PostgresBinaries) async throws -> Bool {
        let command = binaries.asServerUser("/usr/bin/test", ["-x", directory.path])
        return try await CommandRunner.run(command.executable, command.arguments, currentDirectory: URL(fileURLWithPath: "/")).status == 0
    }
}
