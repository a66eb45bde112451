import Foundation
import NotifCore
import NotifTesting
import Testing

/// Webhooks, the DLQ, schemas and history through the `notif` binary.
@Suite(.timeLimit(.minutes(3))) struct CLIManagementTests {
    static let strictOrder = """
        name: cli-order
        version: 1.0.0
        topic: cli.order.*
        description: An order
        validation:
          mode: strict
          onInvalid: dlq
        schema:
          type: object
          required: [id, total]
          properties:
            id: {type: integer}
            total: {type: number, minimum: 0}
            customer_name: {type: string}
        examples:
          - {id: 1, total: 2.5}
        """

    @Test func schemasPushValidateGenerateAndDLQReplay() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let cli = try NotifCLI(tenant: tenant)
        let file = cli.home.appendingPathComponent("order.yaml")
        try Data(Self.strictOrder.utf8).write(to: file)

        let pushed = try await cli.run(["schemas", "push", file.path])
        #expect(pushed.status == 0 && pushed.stdout.contains("cli-order@1.0.0: created"), "\(pushed)")
        let again = try await cli.run(["schemas", "push", file.path, "--json"])
        #expect(try again.jsonLines().first?["result"] == "unchanged", "\(again)")

        let valid = try await cli.run(["schemas", "validate", "cli-order", #"{"id": 1, "total": 3}"#])
        #expect(valid.status == 0 && valid.stdout.contains("Valid against cli-order@1.0.0"), "\(valid)")
        let invalid = try await cli.run(["schemas", "validate", "cli-order"], stdin: #"{"id": "x"}"#)
        #expect(invalid.status == 1 && invalid.stdout.contains("Invalid against cli-order@1.0.0"), "\(invalid)")

        let forTopic = try await cli.run(["schemas", "for-topic", "cli.order.created", "--json"])
        #expect(try forTopic.jsonLines().first?["name"] == "cli-order")
        let none = try await cli.run(["schemas", "for-topic", "elsewhere"])
        #expect(none.status == 1, "\(none)")

        let swift = try await cli.run(["schemas", "generate", "cli-order", "--swift", "-"])
        #expect(swift.status == 0 && swift.stdout.contains("struct CliOrder") && swift.stdout.contains("Codable"), "\(swift)")
        let typeScript = try await cli.run(["schemas", "generate", "cli-order", "--typescript", "-"])
        #expect(typeScript.status == 0 && typeScript.stdout.contains("z.object("), "\(typeScript)")
        #expect(try await cli.run(["schemas", "init", "--all"]).status == 0)
        let fromConfig = try await cli.run(["schemas", "generate"], directory: cli.home)
        #expect(fromConfig.status == 0, "\(fromConfig)")
        #expect(FileManager.default.fileExists(atPath: cli.home.appendingPathComponent("NotifSchemas.swift").path))
        #expect(FileManager.default.fileExists(atPath: cli.home.appendingPathComponent("notif-schemas.ts").path))

        // An invalid event is dead-lettered by the schema; its replay is refused until the schema accepts it.
        let emitted = try await cli.run(["emit", "cli.order.created", #"{"id": 5, "total": -1}"#, "--json"])
        #expect(try emitted.jsonLines().first?["dead_lettered"] == true, "\(emitted)")
        let letters = try await cli.run(["dlq", "list", "--json"])
        let entry = try #require(try letters.jsonLines().first)
        let seq = try #require(entry["seq"]?.int64Value)
        #expect(entry["topic"] == "cli.order.created")
        let table = try await cli.run(["dlq", "list"])
        #expect(table.lines.first?.hasPrefix("SEQ") == true && table.stdout.contains("schema validation failed"), "\(table)")
        let refused = try await cli.run(["dlq", "replay", String(seq)])
        #expect(refused.status == 1 && refused.stderr.hasPrefix("error: "), "\(refused)")

        let relaxed = Self.strictOrder.replacingOccurrences(of: "version: 1.0.0", with: "version: 1.1.0\ncompatibility: none")
            .replacingOccurrences(of: "total: {type: number, minimum: 0}", with: "total: {type: number}")
        try Data(relaxed.utf8).write(to: file)
        #expect(try await cli.run(["schemas", "push", file.path]).status == 0)
        #expect(try await cli.run(["schemas", "versions", "cli-order", "--json"]).jsonLines().count == 2)
        let replayed = try await cli.run(["dlq", "replay", String(seq)])
        #expect(replayed.status == 0, "\(replayed)")
        #expect(try await cli.run(["dlq", "list", "--json"]).lines.isEmpty)
        #expect(try await cli.run(["dlq", "list"]).stdout.contains("empty"))
    }

    @Test func webhooksAndHistoryAsJSON() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let cli = try NotifCLI(tenant: tenant)
        let created = try await cli.run(["webhooks", "create", "--url", "http://127.0.0.1:9/hook", "--topics", "a.*,b.>", "--json"])
        let webhook = try #require(try created.jsonLines().first, "\(created)")
        let id = try #require(webhook["id"]?.stringValue)
        #expect(webhook["secret"]?.stringValue?.count == 64)
        #expect(try await cli.run(["webhooks", "disable", id, "--json"]).jsonLines().first?["enabled"] == false)
        let listed = try await cli.run(["webhooks", "list", "--json"])
        #expect(try listed.jsonLines().map { $0["id"] } == [.string(id)])
        #expect(try await cli.run(["webhooks", "get", id]).stdout.contains("http://127.0.0.1:9/hook"))
        #expect(try await cli.run(["webhooks", "deliveries", id]).stdout.contains("No deliveries"))
        #expect(try await cli.run(["webhooks", "delete", id]).status == 0)
        let gone = try await cli.run(["webhooks", "get", id])
        #expect(gone.status == 1 && gone.stderr.hasPrefix("error: "), "\(gone)")
        let privateURL = try await cli.run(["webhooks", "create", "--url", "ftp://127.0.0.1/hook", "--topics", "a"])
        #expect(privateURL.status == 1 && privateURL.stderr.contains("invalid webhook URL"), "\(privateURL)")

        #expect(try await cli.run(["emit", "hist.one", #"{"n": 1}"#]).status == 0)
        let history = await eventuallyValue { () -> [JSONValue]? in
            let events = try? await cli.run(["events", "list", "--topic", "hist.*", "--from", "1h", "--json"]).jsonLines()
            return events?.isEmpty == false ? events : nil
        }
        let event = try #require(history?.first)
        #expect(event["event"]?["topic"] == "hist.one")
        let seq = try #require(event["seq"]?.int64Value)
        #expect(try await cli.run(["events", "get", String(seq), "--json"]).jsonLines().first?["event"]?["data"] == ["n": 1])
        #expect(try await cli.run(["events", "stats", "--json"]).jsonLines().first?["messages"] != nil)
    }
}
