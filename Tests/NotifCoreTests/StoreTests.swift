import Foundation
import Logging
import NotifCore
import NotifTesting
import PostgresNIO
import Testing

/// The migration runner and repositories against a real Postgres (a fresh database per test).
@Suite struct StoreTests {
    let logger = TestEnvironment.shared.logger

    func freshDatabase() async throws -> DatabaseURL {
        let services = try await TestEnvironment.shared.services()
        let name = "store_" + RandomToken.hex(bytes: 6)
        try await services.postgres.createDatabase(name)
        return try DatabaseURL(services.postgres.databaseURL(database: name))
    }

    func withDatabase<T>(_ url: DatabaseURL, _ body: (Database) async throws -> T) async throws -> T {
        let database = Database(url: url, maxConnections: 2, logger: logger)
        let task = Task { await database.run() }
        defer { task.cancel() }
        return try await body(database)
    }

    @Test func concurrentReplicasApplyEachMigrationExactlyOnce() async throws {
        let url = try await freshDatabase()
        let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
            for _ in 0..<3 {
                group.addTask { try await withDatabase(url) { try await $0.migrate() } }
            }
            return try await group.reduce(into: [[Int]]()) { $0.append($1) }
        }
        let all = applied.flatMap { $0 }
        #expect(all.sorted() == Migration.embedded.map(\.version).sorted())
        let again = try await withDatabase(url) { try await $0.migrate() }
        #expect(again.isEmpty)
    }

    @Test func anEditedMigrationStopsTheBoot() async throws {
        let url = try await freshDatabase()
        try await withDatabase(url) { database in
            let original = Migration(version: 900, name: "probe", sql: "CREATE TABLE probe (id INT);")
            try await MigrationRunner.migrate(database.client, migrations: [original], logger: logger)
            let edited = Migration(version: 900, name: "probe", sql: "CREATE TABLE probe (id BIGINT);")
            await #expect(throws: MigrationRunner.MigrationError.self) {
                try await MigrationRunner.migrate(database.client, migrations: [edited], logger: logger)
            }
        }
    }

    @Test func aFailingMigrationLeavesNothingBehind() async throws {
        let url = try await freshDatabase()
        try await withDatabase(url) { database in
            let broken = Migration(version: 901, name: "broken", sql: "CREATE TABLE half (id INT); SELECT * FROM missing_table;")
            await #expect(throws: MigrationRunner.MigrationError.self) {
                try await MigrationRunner.migrate(database.client, migrations: [broken], logger: logger)
            }
            let rows = try await database.client.query("SELECT to_regclass('half')::TEXT", logger: logger)
            for try await name in rows.decode(String?.self) { #expect(name == nil) }
        }
    }

    @Test func indexInsertsAreIdempotentAndSkipDeletedProjects() async throws {
        let url = try await freshDatabase()
        try await withDatabase(url) { database in
            try await database.migrate()
            try await database.orgs.ensure(id: "org_s", name: "s")
            let project = try await database.projects.create(orgID: "org_s", name: "P", slug: "p")
            let event = Event(id: Identifiers.newEventID(), topic: "a.b", data: Array(#"{"x":1}"#.utf8), timestamp: .now(),
                              orgID: "org_s", projectID: project.id)
            let orphan = Event(id: Identifiers.newEventID(), topic: "a.b", data: Array("null".utf8), timestamp: .now(),
                               orgID: "org_s", projectID: "prj_gone")
            let batch = [IndexedEvent(event: event, sequence: 1, storedAt: .now()), IndexedEvent(event: orphan, sequence: 2, storedAt: .now())]
            #expect(try await database.events.insert(batch) == 1)
            #expect(try await database.events.insert(batch) == 0)
            let stored = try await database.events.list(EventQuery(orgID: "org_s", projectID: project.id))
            #expect(stored.map(\.event) == [event])
        }
    }
}
