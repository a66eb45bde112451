import Foundation
import Glibc
import Logging
import Synchronization
import Testing

@testable import NotifCore

/// Real nats-server and PostgreSQL children. Every wait polls with a deadline.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct LocalStackTests {
    let logger = Logger(label: "LocalStackTests")

    /// A fresh directory (mode 0755, so the `postgres` user can reach it) removed after `body`.
    private func withTemporaryDirectory(_ body: (URL) async throws -> Void) async throws {
        let fileManager = FileManager.default
        let directory = fileManager.temporaryDirectory
            .appendingPathComponent("notif-localstack-\(RandomToken.hex(bytes: 6))")
        try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
        try fileManager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        do {
            try await body(directory)
        } catch {
            try? fileManager.removeItem(at: directory)
            throw error
        }
        try? fileManager.removeItem(at: directory)
    }

    private func eventually(
        within timeout: Duration = .seconds(10), _ condition: () async throws -> Bool
    ) async -> Bool {
        (try? await Polling.until(timeout: timeout, interval: .milliseconds(25), condition)) ?? false
    }

    /// A live process (a zombie, exited but not yet reaped by Foundation, does not count).
    private func processExists(_ pid: Int32?) -> Bool {
        guard let pid, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].split(separator: " ").first != "Z"
    }

    @Test func natsStartsAndStops() async throws {
        try await withTemporaryDirectory { directory in
            let nats = try await NATSServerProcess.start(directory: directory, logger: logger)
            #expect(nats.url == "nats://127.0.0.1:\(nats.port)")
            #expect(nats.isRunning)
            #expect(TCPProbe.accepts(port: nats.port))
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("jetstream").path))

            await nats.stop()
            #expect(!nats.isRunning)
            #expect(await eventually { !TCPProbe.accepts(port: nats.port) })
            await nats.stop()  // idempotent
            #expect(!nats.isRunning)
        }
    }

    @Test func natsKillThenRestartOnSamePort() async throws {
        try await withTemporaryDirectory { directory in
            let nats = try await NATSServerProcess.start(directory: directory, logger: logger)
            let port = nats.port
            let unexpected = Counter()
            nats.onUnexpectedExit { _ in unexpected.increment() }
            let firstPID = nats.pid

            await nats.kill()
            #expect(!nats.isRunning)
            #expect(!processExists(firstPID))
            #expect(await eventually { !TCPProbe.accepts(port: port) })

            do {
                try await nats.restart()
            } catch {
                Issue.record("restart failed: \(error)")
            }
            #expect(nats.port == port)
            #expect(nats.isRunning)
            #expect(nats.pid != firstPID)
            #expect(await eventually { TCPProbe.accepts(port: port) })
            #expect(unexpected.value == 0, "kill() is an expected exit")
            await nats.stop()
        }
    }

    @Test func postgresFirstStartThenReuse() async throws {
        try await withTemporaryDirectory { directory in
            let fileManager = FileManager.default
            let passwordFile = directory.appendingPathComponent("password")
            let versionFile = directory.appendingPathComponent("data/PG_VERSION")

            let first = try await PostgresProcess.start(directory: directory, logger: logger)
            #expect(first.isRunning)
            #expect(first.username == "notif")
            #expect(first.password.count == 32)
            #expect(first.databaseURL() == "postgres://notif:\(first.password)@127.0.0.1:\(first.port)/notif?sslmode=disable")
            let mode = (try? fileManager.attributesOfItem(atPath: passwordFile.path)[.posixPermissions] as? NSNumber)?.intValue
            #expect(mode == 0o600)
            let storedPassword = try? String(contentsOf: passwordFile, encoding: .utf8)
            #expect(storedPassword?.trimmingCharacters(in: .whitespacesAndNewlines) == first.password)

            let select = try? await first.psql(database: "notif", command: "select 1")
            #expect(select?.status == 0, "psql on database notif: \(select?.output ?? "did not run")")

            // createDatabase is idempotent.
            do {
                try await first.createDatabase("second db")
                try await first.createDatabase("second db")
            } catch {
                Issue.record("createDatabase failed: \(error)")
            }
            let second = try? await first.psql(database: "second db", command: "select 1")
            #expect(second?.status == 0, "psql on database 'second db': \(second?.output ?? "did not run")")

            let versionDate = try? fileManager.attributesOfItem(atPath: versionFile.path)[.modificationDate] as? Date
            #expect(versionDate != nil)
            let firstPID = first.pid
            await first.stop()
            #expect(!first.isRunning)
            #expect(!processExists(firstPID))

            let again = try await PostgresProcess.start(directory: directory, logger: logger)
            #expect(again.password == first.password)
            let versionDateAgain = try? fileManager.attributesOfItem(atPath: versionFile.path)[.modificationDate] as? Date
            #expect(versionDateAgain == versionDate, "no second initdb")
            let reused = try? await again.psql(database: "notif", command: "select 1")
            #expect(reused?.status == 0, "psql after reuse: \(reused?.output ?? "did not run")")
            await again.stop()
            #expect(!again.isRunning)
        }
    }

    @Test func stackRestartsCrashedNATS() async throws {
        try await withTemporaryDirectory { directory in
            let stack = try await LocalStack.start(dataDirectory: directory, logger: logger)
            #expect(stack.natsURL == stack.nats.url)
            #expect(stack.databaseURL(database: "x") == stack.postgres.databaseURL(database: "x"))
            let port = stack.nats.port
            let crashedPID = stack.nats.pid

            await stack.nats.simulateCrash()
            #expect(!processExists(crashedPID))
            let restarted = await eventually(within: .seconds(15)) {
                stack.nats.isRunning && stack.nats.pid != crashedPID && TCPProbe.accepts(port: port)
            }
            #expect(restarted, "the supervisor restarts nats-server on port \(port)")

            await stack.stop()
            #expect(!stack.nats.isRunning)
            #expect(!stack.postgres.isRunning)
        }
    }

    @Test func stackRestartsCrashedPostgres() async throws {
        try await withTemporaryDirectory { directory in
            let stack = try await LocalStack.start(dataDirectory: directory, logger: logger)
            let crashedPID = stack.postgres.pid

            await stack.postgres.simulateCrash()
            let restarted = await eventually(within: .seconds(30)) {
                stack.postgres.isRunning && stack.postgres.pid != crashedPID
            }
            #expect(restarted, "the supervisor restarts postgres")
            #expect(!processExists(crashedPID))
            let select = try? await stack.postgres.psql(database: "notif", command: "select 1")
            #expect(select?.status == 0, "psql after the restart: \(select?.output ?? "did not run")")

            await stack.stop()
            #expect(!stack.postgres.isRunning)
        }
    }

    @Test func stackStopLeavesNoProcess() async throws {
        try await withTemporaryDirectory { directory in
            let stack = try await LocalStack.start(dataDirectory: directory, logger: logger)
            let natsPID = try #require(stack.nats.pid)
            let postgresPID = stack.postgres.pid
            #expect(processExists(natsPID))
            #expect(processExists(postgresPID))

            await stack.stop()
            #expect(await eventually { !processExists(natsPID) && !processExists(postgresPID) })
            #expect(!stack.nats.isRunning)
            #expect(!stack.postgres.isRunning)
            await stack.stop()  // idempotent
        }
    }

    @Test func staleServersOnTheSameDirectoryAreStopped() async throws {
        try await withTemporaryDirectory { directory in
            // A server whose owner "crashed" (we just forget about it), then a new start on the same directory.
            let staleNATS = try await NATSServerProcess.start(directory: directory.appendingPathComponent("nats"), logger: logger)
            let staleNATSPID = staleNATS.pid
            let freshNATS = try await NATSServerProcess.start(directory: directory.appendingPathComponent("nats"), logger: logger)
            #expect(!processExists(staleNATSPID))
            #expect(!staleNATS.isRunning)
            #expect(freshNATS.isRunning)
            await freshNATS.stop()

            let stalePostgres = try await PostgresProcess.start(directory: directory.appendingPathComponent("pg"), logger: logger)
            let stalePostgresPID = stalePostgres.pid
            let freshPostgres = try await PostgresProcess.start(directory: directory.appendingPathComponent("pg"), logger: logger)
            #expect(!processExists(stalePostgresPID))
            #expect(!stalePostgres.isRunning)
            #expect(freshPostgres.isRunning)
            let select = try? await freshPostgres.psql(database: "notif", command: "select 1")
            #expect(select?.status == 0, "psql: \(select?.output ?? "did not run")")
            await freshPostgres.stop()
            await stalePostgres.stop()
            await staleNATS.stop()
        }
    }

    /// As root, a directory the `postgres` user cannot reach gets its cluster under /var/lib/notif.
    @Test(.enabled(if: getuid() == 0)) func postgresClusterIsRelocatedWhenUnreachable() async throws {
        try await withTemporaryDirectory { directory in
            let fileManager = FileManager.default
            try fileManager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory.path)
            let pgDirectory = directory.appendingPathComponent("postgres")
            let postgres = try await PostgresProcess.start(directory: pgDirectory, logger: logger)
            let cluster = postgres.cluster.clusterDirectory
            #expect(cluster.path.hasPrefix("/var/lib/notif/"))
            let link = try? fileManager.destinationOfSymbolicLink(atPath: pgDirectory.appendingPathComponent("postgres-cluster").path)
            #expect(link == cluster.path)
            let select = try? await postgres.psql(database: "notif", command: "select 1")
            #expect(select?.status == 0, "psql: \(select?.output ?? "did not run")")
            await postgres.stop()
            try? fileManager.removeItem(at: cluster)
        }
    }

    @Test func failedStartReportsTheLogAndLeavesNoChild() async throws {
        try await withTemporaryDirectory { directory in
            let first = try await NATSServerProcess.start(directory: directory.appendingPathComponent("a"), logger: logger)
            do {
                let second = try await NATSServerProcess.start(
                    directory: directory.appendingPathComponent("b"), port: first.port, logger: logger)
                Issue.record("a second nats-server started on the same port")
                await second.stop()
            } catch {
                let message = String(describing: error)
                #expect(message.contains("nats-server exited"), "\(message)")
                #expect(message.contains("log tail"), "\(message)")
            }
            #expect(first.isRunning)
            await first.stop()
        }
    }

    @Test func freePortsAreUsable() throws {
        let port = try FreePort.next()
        #expect((1...65_535).contains(port))
        #expect(!TCPProbe.accepts(port: port))
    }
}

/// A thread-safe counter for handler calls.
private final class Counter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
