import Foundation
import NotifCore
import NotifTesting
import Testing

/// The `notif` binary against the in-process server: emit, subscribe, request/response, schedules.
@Suite(.timeLimit(.minutes(3))) struct CLIEventTests {
    @Test func emitThenSubscribeRoundTrip() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let cli = try NotifCLI(tenant: tenant)
        let first = try await cli.run(["emit", "cli.orders.created", #"{"id": 1, "total": 9.5}"#, "--json"])
        #expect(first.status == 0, "\(first)")
        let sent = try #require(try first.jsonLines().first)
        #expect(sent["id"]?.stringValue?.hasPrefix("evt_") == true && sent["topic"] == "cli.orders.created")
        let piped = try await cli.run(["emit", "cli.orders.paid"], stdin: #"{"id": 2}"#)
        #expect(piped.status == 0 && piped.stdout.hasPrefix("Emitted evt_"), "\(piped)")
        #expect(try await cli.run(["emit", "cli.orders.created", "-d", #"{"id": 3}"#, "ignored-argument"]).status == 0)

        let json = try await cli.run(["subscribe", "cli.orders.*", "--from", "beginning", "--count", "3", "--json", "--timeout", "30s"])
        #expect(json.status == 0, "\(json)")
        let events = try json.jsonLines()
        #expect(events.map { $0["data"]?["id"] } == [1, 2, 3])
        #expect(events.first?.members?.map(\.key) == ["data", "id", "timestamp", "topic"])
        #expect(events.first?["id"] == sent["id"])

        let formatted = try await cli.run(["subscribe", "cli.orders.*", "--from", "beginning", "--once", "--timeout", "30s",
                                           "--filter", ".data.id == 2", "--format", "{{.topic}} #{{.data.id}}"])
        #expect(formatted.status == 0 && formatted.lines == ["cli.orders.paid #2"], "\(formatted)")

        let plain = try await cli.run(["subscribe", "cli.orders.created", "--from", "beginning", "--count", "1", "--timeout", "30s"])
        let line = try #require(plain.lines.first)
        #expect(line.contains(" cli.orders.created ") && line.hasSuffix(#"{"id":1,"total":9.5}"#) && !line.contains("\u{1B}["), "\(plain)")
        let raw = try await cli.run(["subscribe", "cli.orders.paid", "--from", "beginning", "--once", "--raw", "--timeout", "30s"])
        #expect(raw.lines == [#"{"id":2}"#], "\(raw)")
    }

    @Test func manualAckHandsTheNextEventToTheNextGroupMember() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let cli = try NotifCLI(tenant: tenant)
        for n in 1...2 { #expect(try await cli.run(["emit", "work.item", "{\"n\": \(n)}"]).status == 0) }
        let arguments = ["subscribe", "work.*", "--group", "workers", "--from", "beginning", "--no-auto-ack", "--once", "--raw", "--timeout", "30s"]
        let first = try await cli.run(arguments)
        let second = try await cli.run(arguments)
        // The first run acknowledged what it printed, so the group moves on instead of redelivering it.
        #expect(first.lines == [#"{"n":1}"#] && second.lines == [#"{"n":2}"#], "\(first)\n\(second)")
    }

    @Test func displayConfigFromNotifJSON() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let cli = try NotifCLI(tenant: tenant)
        let directory = cli.home.appendingPathComponent("project")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let config = #"{"display":{"topics":{"shop.*":{"template":"order {{.data.id}} ({{.topic}})"}}}}"#
        try Data(config.utf8).write(to: directory.appendingPathComponent(".notif.json"))
        #expect(try await cli.run(["emit", "shop.order", #"{"id": 7}"#]).status == 0)
        let result = try await cli.run(["subscribe", "shop.>", "--from", "beginning", "--once", "--timeout", "30s", "--offline"],
                                       directory: directory)
        #expect(result.status == 0 && result.lines == ["order 7 (shop.order)"], "\(result)")
    }

    @Test func requestResponseWithFilter() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let cli = try NotifCLI(tenant: tenant)
        let client = NotifClient(apiKey: tenant.apiKey, server: tenant.http.baseURL)
        // A responder: answers each request with a decoy (another id) first, then the real reply.
        let responder = Task {
            for try await request in client.subscribe(topics: ["rpc.add"], options: SubscribeOptions(from: "beginning")) {
                let id = request.data["id"] ?? .null
                let sum = (request.data["a"]?.int64Value ?? 0) + (request.data["b"]?.int64Value ?? 0)
                _ = try await client.emit("rpc.result", data: ["id": "someone-else", "sum": -1])
                _ = try await client.emit("rpc.result", data: ["id": id, "sum": .int(sum)])
            }
        }
        defer { responder.cancel() }
        let result = try await cli.run(["emit", "rpc.add", #"{"id": "r-1", "a": 2, "b": 3}"#, "--reply-to", "rpc.result",
                                        "--filter", ".id == $input.id", "--timeout", "30s", "--raw"])
        #expect(result.status == 0 && result.lines == [#"{"id":"r-1","sum":5}"#], "\(result)")

        let full = try await cli.run(["emit", "rpc.add", #"{"id": "r-2", "a": 1, "b": 1}"#, "--reply-to", "rpc.result",
                                      "--filter", ".id == $input.id", "--timeout", "30s"])
        let reply = try #require(try full.jsonLines().first)
        #expect(reply["topic"] == "rpc.result" && reply["data"]?["sum"] == 2 && reply["id"]?.stringValue?.hasPrefix("evt_") == true)

        let silent = try await cli.run(["emit", "rpc.nobody", "{}", "--reply-to", "rpc.never", "--timeout", "1s"])
        #expect(silent.status == 1 && silent.stderr.contains("no reply on rpc.never within 1s"), "\(silent)")
    }

    @Test func schedulesFromTheCommandLine() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let cli = try NotifCLI(tenant: tenant)
        let later = try #require(try await cli.run(["emit", "cli.later", #"{"n": 1}"#, "--in", "1h", "--json"]).jsonLines().first)
        let laterID = try #require(later["id"]?.stringValue)
        #expect(later["scheduled_for"]?.stringValue != nil && later["topic"] == "cli.later")
        let atTime = try await cli.run(["emit", "cli.later", "{}", "--at", "2099-01-01T00:00:00Z", "--json"])
        let atID = try #require(try atTime.jsonLines().first?["id"]?.stringValue)

        let listed = try await cli.run(["schedules", "list", "--json"])
        #expect(Set(try listed.jsonLines().compactMap { $0["id"]?.stringValue }) == [laterID, atID])
        let table = try await cli.run(["schedules", "list"])
        #expect(table.lines.first?.hasPrefix("ID") == true && table.stdout.contains(laterID), "\(table)")

        #expect(try await cli.run(["schedules", "cancel", atID]).status == 0)
        let run = try await cli.run(["schedules", "run", laterID, "--json"])
        #expect(try run.jsonLines().first?["event_id"]?.stringValue?.hasPrefix("evt_") == true, "\(run)")
        let cancelled = try await cli.run(["schedules", "get", atID, "--json"])
        #expect(try cancelled.jsonLines().first?["status"] == "cancelled")
        let fired = try await cli.run(["subscribe", "cli.later", "--from", "beginning", "--once", "--raw", "--timeout", "30s"])
        #expect(fired.lines == [#"{"n":1}"#], "\(fired)")

        let badTime = try await cli.run(["emit", "cli.later", "{}", "--at", "tomorrow"])
        #expect(badTime.status == 2 && badTime.stderr.contains("invalid time for --at"), "\(badTime)")
    }
}
