import NotifCore
import NotifTesting
import Testing

/// The Swift SDK (`NotifClient`) against the in-process server.
@Suite(.timeLimit(.minutes(2))) struct NotifClientTests {
    func client(_ tenant: TestTenant) -> NotifClient {
        NotifClient(apiKey: tenant.apiKey, server: tenant.http.baseURL)
    }

    @Test func emitHistoryAndTypedErrors() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let notif = client(tenant)
        #expect(try await notif.health()["status"] == "ok")
        let sent = try await notif.emit("sdk.created", data: ["n": 1], idempotencyKey: "once")
        #expect(sent.id.hasPrefix("evt_") && sent.topic == "sdk.created" && sent.createdAt != nil && !sent.deadLettered)
        #expect(try await notif.emit("sdk.created", data: ["n": 1], idempotencyKey: "once").id == sent.id)
        let history = await eventuallyValue { try? await notif.events(topic: "sdk.>").count == 1 ? true : nil }
        #expect(history == true)

        await #expect(throws: NotifClientError.rejected(status: 400, message: "topic cannot start with $",
                                                        details: ["error": "topic cannot start with $"])) {
            try await notif.emit("$bad")
        }
        await #expect(throws: NotifClientError.unauthorized("invalid api key")) {
            try await NotifClient(apiKey: "nsh_" + String(repeating: "x", count: 28), server: tenant.http.baseURL).emit("a")
        }
        await #expect(throws: NotifClientError.notFound("scheduled event not found")) {
            try await notif.scheduledEvent(id: "sch_nope")
        }
        await #expect(throws: NotifClientError.unauthorized("no API key configured")) {
            try await NotifClient(apiKey: nil, server: tenant.http.baseURL).emit("a")
        }
        let port = try FreePort.next()
        await #expect(throws: NotifClientError.connection(server: "http://127.0.0.1:\(port)", reason: "connection refused")) {
            try await NotifClient(apiKey: tenant.apiKey, server: "http://127.0.0.1:\(port)/").emit("a")
        }
        #expect(NotifClient.isWellFormedAPIKey(tenant.apiKey) && !NotifClient.isWellFormedAPIKey("nsh_short"))
        #expect(throws: NotifClientError.unauthorized("NOTIF_API_KEY is not set")) { try NotifClient.fromEnvironment([:]) }
        let fromEnvironment = try NotifClient.fromEnvironment(["NOTIF_API_KEY": tenant.apiKey, "NOTIF_SERVER": tenant.http.baseURL])
        #expect(fromEnvironment.server == tenant.http.baseURL)
    }

    @Test func schedulesWebhooksDeadLettersAndSchemas() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let notif = client(tenant)
        let later = try await notif.schedule("sdk.later", data: ["x": 1], in: .seconds(3600))
        let atTime = try await notif.schedule("sdk.later", at: .now() + .seconds(7200))
        #expect(later.id.hasPrefix("sch_") && atTime.scheduledFor != nil)
        let page = try await notif.schedules(status: "pending")
        #expect(page.total == 2 && Set(page.schedules.map(\.id)) == [later.id, atTime.id])
        try await notif.cancelSchedule(id: atTime.id)
        #expect(try await notif.scheduledEvent(id: atTime.id).status == "cancelled")
        #expect(try await notif.runSchedule(id: later.id).hasPrefix("evt_"))

        let webhook = try await notif.createWebhook(url: "http://127.0.0.1:9/hook", topics: ["sdk.*"])
        let webhookID = try #require(webhook["id"]?.stringValue)
        #expect(webhook["secret"]?.stringValue?.count == 64)
        #expect(try await notif.updateWebhook(id: webhookID, enabled: false)["enabled"] == false)
        #expect(try await notif.webhooks().count == 1)
        try await notif.deleteWebhook(id: webhookID)
        await #expect(throws: NotifClientError.notFound("webhook not found")) { try await notif.webhook(id: webhookID) }

        _ = try await notif.createSchema(name: "sdk", topicPattern: "sdk.checked", tags: ["t"])
        _ = try await notif.addSchemaVersion(name: "sdk", version: "1", schema: ["type": "object", "required": ["id"]],
                                             onInvalid: "dlq")
        let valid = try await notif.validate(["id": 1], againstSchema: "sdk")
        #expect(valid.valid && valid.schema == "sdk" && valid.version == "1" && valid.errors.isEmpty)
        #expect(try await notif.validate([:], againstSchema: "sdk").errors.count == 1)
        #expect(try await notif.schema(forTopic: "sdk.checked")?["name"] == "sdk")
        #expect(try await notif.schema(forTopic: "sdk.other") == nil)
        #expect(try await notif.schemaVersions(name: "sdk").count == 1)

        // An event its schema dead-letters, then the DLQ through the SDK.
        let parked = try await notif.emit("sdk.checked", data: ["no": "id"])
        #expect(parked.deadLettered)
        let letters = try await notif.deadLetters(topic: "sdk.checked")
        #expect(letters.count == 1 && letters[0].eventID == parked.id && letters[0].data == ["no": "id"])
        await #expect(throws: NotifClientError.self) { try await notif.replayDeadLetter(sequence: letters[0].sequence) }
        try await notif.deleteDeadLetter(sequence: letters[0].sequence)
        #expect(try await notif.purgeDeadLetters() == 0)
        #expect(try await notif.replayAllDeadLetters() == (0, 0))
        try await notif.deleteSchema(name: "sdk")
    }

    @Test func subscribeAutoAckManualAckNackAndGroups() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let notif = client(tenant)
        // `from: beginning` (the tenant's stream is its own) instead of racing "latest".
        var events = notif.subscribe(topics: ["sdk.stream.*"], options: SubscribeOptions(from: "beginning")).makeAsyncIterator()
        _ = try await tenant.emit("sdk.stream.a")
        let first = try #require(try await events.next())
        #expect(first.topic == "sdk.stream.a" && first.attempt == 1)

        var manual = notif.subscribe(topics: ["sdk.manual"], options: SubscribeOptions(autoAck: false, from: "beginning"))
            .makeAsyncIterator()
        let sent = try await notif.emit("sdk.manual", data: ["k": "v"])
        let delivery = try #require(try await manual.next())
        #expect(delivery.id == sent.id && delivery.data == ["k": "v"])
        #expect(delivery.nack(retryIn: .milliseconds(100)))
        let again = try #require(try await manual.next())
        #expect(again.id == sent.id && again.attempt == 2)
        #expect(again.ack())

        // Two members of a group share the events: each event reaches exactly one of them.
        let options = SubscribeOptions(group: "workers", from: "beginning")
        let members = [notif.subscribe(topics: ["sdk.job"], options: options), notif.subscribe(topics: ["sdk.job"], options: options)]
        var sentIDs: Set<String> = []
        for index in 0..<10 { sentIDs.insert(try await notif.emit("sdk.job", data: .int(index)).id) }
        let received = SharedValue<[String]>([])
        let readers = members.map { member in
            Task { for try await event in member { received.update { $0.append(event.id) } } }
        }
        #expect(await eventuallyValue { received.value.count >= 10 ? true : nil } == true)
        for reader in readers { reader.cancel() }
        #expect(received.value.count == 10 && Set(received.value) == sentIDs)

        let bad = notif.subscribe(topics: ["a..b"])
        await #expect(throws: NotifClientError.self) { for try await _ in bad {} }
    }

    @Test func reconnectsAndMissesNothingEmittedWhileAway() async throws {
        let stack = try await TestEnvironment.shared.isolatedStack()
        defer { Task { await stack.stop() } }
        let first = try await stack.startServer()
        let tenant = try await TestTenant.create(database: stack.database(), baseURL: first.baseURL)
        let notif = client(tenant)
        var events = notif.subscribe(topics: ["away.*"], options: SubscribeOptions(from: "beginning")).makeAsyncIterator()
        _ = try await tenant.emit("away.before")
        #expect(try await events.next()?.topic == "away.before")

        try await first.shutdown()
        let second = try await stack.startServer { $0.port = first.port }
        defer { Task { try? await second.shutdown() } }
        // Emitted before the client is back (its first retry waits 0.5 s).
        let missed = try await notif.emit("away.during")
        let next = try #require(try await events.next())
        #expect(next.id == missed.id, "the resumed subscription starts where it left off")
        let after = try await notif.emit("away.after")
        #expect(try await events.next()?.id == after.id)
    }
}
