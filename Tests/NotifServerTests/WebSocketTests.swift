import NotifCore
import NotifTesting
import Testing

/// The `/ws` protocol against a real server, nats-server and Postgres (api-spec §7, runtime-spec §9.2).
@Suite(.timeLimit(.minutes(2))) struct WebSocketTests {
    @Test func refusesMissingOrInvalidKeysWithoutUpgrading() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        await #expect(throws: (any Error).self) { try await TestWebSocket.connect(tenant.webSocketURL) }
        await #expect(throws: (any Error).self) {
            try await TestWebSocket.connect(tenant.webSocketURL + "?token=nsh_invalidkey123456789")
        }
        let plain = try await tenant.http.get("/ws")
        #expect(plain.status == 400 && plain.errorMessage == "websocket upgrade required")
        // A refused upgrade is answered 400 without a body by HummingbirdWebSocket (see docs/api.md);
        // the same request without upgrade headers shows the JSON reason.
        let reason = try await tenant.http.with(apiKey: nil).get("/ws")
        #expect(reason.status == 401 && reason.errorMessage == "api key required")
    }

    @Test func checksOriginOnlyWhenPresent() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        // The test client always sends its own (same-origin) Origin first, which is accepted.
        let allowed = try await tenant.openSocket()
        await allowed.close()
        await #expect(throws: (any Error).self) {
            try await TestWebSocket.connect(tenant.webSocketURL, headers: [("Authorization", "Bearer \(tenant.apiKey)"),
                                                                           ("Origin", "https://evil.example")])
        }
        let forbidden = try await tenant.http.get("/ws", headers: [("Origin", "https://evil.example")])
        #expect(forbidden.status == 403 && forbidden.errorMessage == "origin not allowed")
        let listed = try await tenant.http.get("/ws", headers: [("Origin", "http://localhost:5173")])
        #expect(listed.status == 400 && listed.errorMessage == "websocket upgrade required")
    }

    @Test func subscribeThenReceiveWithTokenQuery() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let socket = try await TestWebSocket.connect(tenant.webSocketURL + "?token=\(tenant.apiKey)")
        let subscribed = try await socket.subscribe(["orders.*"])
        #expect(subscribed["type"]?.stringValue == "subscribed")
        #expect(subscribed["topics"] == ["orders.*"])
        #expect(subscribed["consumer_id"]?.stringValue?.isEmpty == false)
        let id = try await tenant.emit("orders.created", ["order_id": "12345"])
        let event = try await socket.receive(type: "event")
        #expect(event["id"]?.stringValue == id)
        #expect(event["topic"]?.stringValue == "orders.created")
        #expect(event["data"]?["order_id"]?.stringValue == "12345")
        #expect(event["attempt"] == 1 && event["max_attempts"] == 5)
        #expect(Timestamp(rfc3339: event["timestamp"]?.stringValue ?? "") != nil)
        #expect(event.members?.map(\.key) == ["type", "id", "topic", "data", "timestamp", "attempt", "max_attempts"])
        await socket.close()
    }

    @Test func pingAndProtocolErrors() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let socket = try await tenant.openSocket()
        socket.send(["action": "ping"])
        #expect(try await socket.receive() == ["type": "pong"])
        socket.send(text: "not json")
        #expect(try await socket.receive()["code"]?.stringValue == "INVALID_JSON")
        socket.send(["action": "dance"])
        let unknown = try await socket.receive()
        #expect(unknown["code"]?.stringValue == "UNKNOWN_ACTION" && unknown["message"]?.stringValue == "unknown action: dance")
        socket.send(["action": "subscribe", "topics": []])
        #expect(try await socket.receive()["code"]?.stringValue == "INVALID_TOPICS")
        socket.send(["action": "subscribe", "topics": "orders"])
        #expect(try await socket.receive()["message"]?.stringValue == "invalid subscribe message")
        socket.send(["action": "subscribe", "topics": ["a..b"]])
        #expect(try await socket.receive()["code"]?.stringValue == "INVALID_TOPICS")
        socket.send(["action": "subscribe", "topics": ["a"], "options": ["group": "bad group!"]])
        #expect(try await socket.receive()["code"]?.stringValue == "CONSUMER_ERROR")
        socket.send(["action": "ack", "id": "evt_nope"])
        let ack = try await socket.receive()
        #expect(ack["code"]?.stringValue == "UNKNOWN_EVENT" && ack["message"]?.stringValue == "unknown event ID: evt_nope")
        await socket.close()
    }

    @Test func sdkStyleOptionsAreAccepted() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let socket = try await tenant.openSocket()
        // Python sends a null group; the Go client sends empty strings; others omit options entirely.
        #expect(try await socket.subscribe(["a.b"], options: ["auto_ack": true, "from": "latest", "group": nil])["type"] == "subscribed")
        #expect(try await socket.subscribe(["c.d"], options: ["auto_ack": true, "from": "", "group": ""])["type"] == "subscribed")
        socket.send(["action": "subscribe", "topics": ["e.f"]])
        #expect(try await socket.receive()["type"] == "subscribed")
        await socket.close()
    }

    @Test func wildcardsAndOverlappingTopics() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let all = try await tenant.openSocket()
        _ = try await all.subscribe(["*"])
        let overlapping = try await tenant.openSocket()
        _ = try await overlapping.subscribe(["orders.*", "orders.created", "users.>"])
        try await tenant.emit("orders")
        try await tenant.emit("orders.created")
        try await tenant.emit("system.users.auth.login.success")
        try await tenant.emit("users.a.b")
        try await tenant.emit("other.thing")
        let everything = await all.receiveEvents(5)
        #expect(everything.compactMap { $0["topic"]?.stringValue } ==
                ["orders", "orders.created", "system.users.auth.login.success", "users.a.b", "other.thing"])
        let matched = await overlapping.receiveEvents(2)
        // Each event once, even though two patterns match orders.created.
        #expect(matched.compactMap { $0["topic"]?.stringValue } == ["orders.created", "users.a.b"])
        try await Task.sleep(for: .milliseconds(300))
        #expect(overlapping.unread.isEmpty)
        await all.close()
        await overlapping.close()
    }

    @Test func fromBeginningLatestAndTime() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        for index in 1...3 { try await tenant.emit("history.event", ["n": .int(index)]) }
        let beginning = try await tenant.openSocket()
        _ = try await beginning.subscribe(["history.*"], options: ["auto_ack": true, "from": "beginning"])
        let replayed = await beginning.receiveEvents(3)
        #expect(replayed.compactMap { $0["data"]?["n"] } == [1, 2, 3])
        let latest = try await tenant.openSocket()
        _ = try await latest.subscribe(["history.*"], options: ["auto_ack": true, "from": "latest"])
        let since = Timestamp.now()
        try await tenant.emit("history.event", ["n": 4])
        #expect(try await latest.receive(type: "event")["data"]?["n"] == 4)
        let fromTime = try await tenant.openSocket()
        _ = try await fromTime.subscribe(["history.*"], options: ["auto_ack": true, "from": .string(since.rfc3339)])
        #expect(try await fromTime.receive(type: "event")["data"]?["n"] == 4)
        for socket in [beginning, latest, fromTime] { await socket.close() }
    }

    @Test func subscribedPrecedesBacklogEvents() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        for index in 0..<50 { try await tenant.emit("backlog.item", ["n": .int(index)]) }
        for _ in 0..<3 {
            let socket = try await tenant.openSocket()
            let first = try await socket.subscribe(["backlog.*"], options: ["auto_ack": true, "from": "beginning"])
            #expect(first["type"]?.stringValue == "subscribed")
            #expect(await socket.receiveEvents(50).count == 50)
            await socket.close()
        }
    }

    @Test func manualAckNackAndDeadLetter() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let socket = try await tenant.openSocket()
        _ = try await socket.subscribe(["jobs.*"], options: ["auto_ack": false, "max_retries": 2])
        let acked = try await tenant.emit("jobs.ack")
        let first = try await socket.receive(type: "event")
        #expect(first["id"]?.stringValue == acked)
        socket.send(["action": "ack", "id": .string(acked)])
        socket.send(["action": "ack", "id": .string(acked)])
        #expect(try await socket.receive()["code"]?.stringValue == "UNKNOWN_EVENT")

        let failing = try await tenant.emit("jobs.fail", ["x": 1])
        let attempt1 = try await socket.receive(type: "event")
        #expect(attempt1["id"]?.stringValue == failing && attempt1["attempt"] == 1 && attempt1["max_attempts"] == 2)
        socket.send(["action": "nack", "id": .string(failing), "retry_in": "100ms"])
        let attempt2 = try await socket.receive(type: "event")
        #expect(attempt2["id"]?.stringValue == failing && attempt2["attempt"] == 2)
        socket.send(["action": "nack", "id": .string(failing), "retry_in": "100ms"])

        let dlq = try await eventuallyJSON { try await tenant.http.get("/api/v1/dlq?topic=jobs.fail") } until: { $0["count"] == 1 }
        let item = try #require(dlq["messages"]?.arrayValue?.first)
        #expect(item["event_id"]?.stringValue == failing)
        #expect(item["topic"]?.stringValue == "jobs.fail")
        #expect(item["error"]?.stringValue == "max retries exceeded")
        #expect(item["attempts"] == 2)
        #expect(item["data"] == ["x": 1])
        #expect(item["message"]?["original_topic"]?.stringValue == "jobs.fail")
        #expect(item["message"]?["project_id"]?.stringValue == tenant.projectID)
        await socket.close()
    }

    @Test func ackTimeoutRedeliversThenDeadLetters() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let socket = try await tenant.openSocket()
        _ = try await socket.subscribe(["slow.*"], options: ["auto_ack": false, "max_retries": 2, "ack_timeout": "1s"])
        let id = try await tenant.emit("slow.job")
        let deliveries = await socket.receiveEvents(2, timeout: .seconds(15))
        #expect(deliveries.map { $0["attempt"] } == [1, 2])
        #expect(deliveries.allSatisfy { $0["id"]?.stringValue == id })
        let dlq = try await eventuallyJSON { try await tenant.http.get("/api/v1/dlq") } until: { $0["count"] == 1 }
        #expect(dlq["messages"]?[0]?["error"]?.stringValue?.hasPrefix("ack timeout") == true)
        await socket.close()
    }

    @Test func disconnectRedeliversPendingToTheGroup() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let group: JSONValue = ["auto_ack": false, "group": "workers"]
        let first = try await tenant.openSocket()
        _ = try await first.subscribe(["tasks.*"], options: group)
        let id = try await tenant.emit("tasks.one")
        #expect(try await first.receive(type: "event")["id"]?.stringValue == id)
        await first.close()
        let second = try await tenant.openSocket()
        _ = try await second.subscribe(["tasks.*"], options: group)
        let again = try await second.receive(type: "event")
        #expect(again["id"]?.stringValue == id)
        #expect(again["attempt"] == 2)
        second.send(["action": "ack", "id": .string(id)])
        await second.close()
    }

    @Test func groupsLoadBalanceAndDifferentGroupsEachGetEverything() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let a1 = try await tenant.openSocket()
        let a2 = try await tenant.openSocket()
        let b = try await tenant.openSocket()
        _ = try await a1.subscribe(["cg.*"], options: ["auto_ack": true, "group": "alpha"])
        _ = try await a2.subscribe(["cg.*"], options: ["auto_ack": true, "group": "alpha"])
        _ = try await b.subscribe(["cg.*"], options: ["auto_ack": true, "group": "beta"])
        var ids: Set<String> = []
        for index in 0..<20 { ids.insert(try await tenant.emit("cg.item", ["n": .int(index)])) }
        let fromB = await b.receiveEvents(20)
        #expect(Set(fromB.compactMap { $0["id"]?.stringValue }) == ids)
        var fromAlpha: [String] = []
        let deadline = ContinuousClock.now + .seconds(10)
        while fromAlpha.count < 20, ContinuousClock.now < deadline {
            for socket in [a1, a2] {
                if let frame = try? await socket.receive(timeout: .milliseconds(100)), let id = frame["id"]?.stringValue { fromAlpha.append(id) }
            }
        }
        #expect(fromAlpha.count == 20 && Set(fromAlpha) == ids)
        for socket in [a1, a2, b] { await socket.close() }
    }

    @Test func projectIsolation() async throws {
        let a = try await TestEnvironment.shared.tenant()
        let b = try await TestEnvironment.shared.tenant(orgID: a.orgID)
        let socketA = try await a.openSocket()
        let socketB = try await b.openSocket()
        _ = try await socketA.subscribe(["iso.*"])
        _ = try await socketB.subscribe(["iso.*"])
        let id = try await a.emit("iso.event")
        #expect(try await socketA.receive(type: "event")["id"]?.stringValue == id)
        try await Task.sleep(for: .milliseconds(500))
        #expect(socketB.unread.isEmpty)
        await socketA.close()
        await socketB.close()
    }

    @Test func deliveryTrackingRows() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let auto = try await tenant.openSocket()
        _ = try await auto.subscribe(["track.auto"])
        let autoID = try await tenant.emit("track.auto")
        _ = try await auto.receive(type: "event")
        let autoRows = try await eventuallyJSON { try await tenant.http.get("/api/v1/events/\(autoID)/deliveries") } until: { $0["count"] == 1 }
        let row = try #require(autoRows["deliveries"]?[0])
        #expect(row["receiver_type"] == "websocket" && row["status"] == "acked" && row["event_id"]?.stringValue == autoID)
        #expect(row["client_id"]?.stringValue?.hasPrefix("ws_") == true && row["consumer_name"] != nil)

        let manual = try await tenant.openSocket()
        _ = try await manual.subscribe(["track.manual"], options: ["auto_ack": false, "max_retries": 1])
        let manualID = try await tenant.emit("track.manual")
        _ = try await manual.receive(type: "event")
        _ = try await eventuallyJSON { try await tenant.http.get("/api/v1/events/\(manualID)/deliveries") } until: {
            $0["deliveries"]?[0]?["status"] == "delivered"
        }
        manual.send(["action": "nack", "id": .string(manualID)])
        let dlqRow = try await eventuallyJSON { try await tenant.http.get("/api/v1/events/\(manualID)/deliveries") } until: {
            $0["deliveries"]?[0]?["status"] == "dlq"
        }
        #expect(dlqRow["deliveries"]?[0]?["error"]?.stringValue == "max retries exceeded")
        await auto.close()
        await manual.close()
    }
}

/// Polls `request` until `condition` holds for its JSON body (or fails after 10 s with the last body).
func eventuallyJSON(_ request: () async throws -> TestResponse, until condition: (JSONValue) -> Bool) async throws -> JSONValue {
    let deadline = ContinuousClock.now + .seconds(10)
    var last: JSONValue = .null
    while ContinuousClock.now < deadline {
        let response = try await request()
        if let json = response.json {
            last = json
            if condition(json) { return json }
        }
        try await Task.sleep(for: .milliseconds(50))
    }
    Issue.record("condition not met; last body: \(last.jsonString)")
    return last
}

/// The DLQ routes over entries produced by real nacks (api-spec §5.6).
@Suite(.timeLimit(.minutes(2))) struct DeadLetterRouteTests {
    /// Nacks one event of `topic` straight into the DLQ (max_retries 1) and returns its id.
    func deadLetter(_ tenant: TestTenant, _ socket: TestWebSocket, _ topic: String) async throws -> String {
        let id = try await tenant.emit(topic, ["t": .string(topic)])
        let event = try await socket.receive(type: "event")
        #expect(event["id"]?.stringValue == id)
        socket.send(["action": "nack", "id": .string(id)])
        return id
    }

    @Test func getReplayDeleteAndPurgeStayInTheProject() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let other = try await TestEnvironment.shared.tenant(orgID: tenant.orgID)
        let socket = try await tenant.openSocket()
        _ = try await socket.subscribe(["dl.*"], options: ["auto_ack": false, "max_retries": 1])
        let first = try await deadLetter(tenant, socket, "dl.one")
        let second = try await deadLetter(tenant, socket, "dl.two")
        let third = try await deadLetter(tenant, socket, "dl.three")
        let listed = try await eventuallyJSON { try await tenant.http.get("/api/v1/dlq") } until: { $0["count"] == 3 }
        let seqs = (listed["messages"]?.arrayValue ?? []).compactMap { $0["seq"]?.int64Value }
        #expect(seqs.count == 3)
        #expect(try await other.http.get("/api/v1/dlq").json?["count"] == 0)
        #expect(try await other.http.get("/api/v1/dlq/\(seqs[0])").status == 404)
        #expect(try await other.http.delete("/api/v1/dlq/\(seqs[0])").status == 404)
        #expect(try await tenant.http.get("/api/v1/dlq/abc").errorMessage == "invalid sequence number")
        #expect(try await tenant.http.get("/api/v1/dlq?topic=dl.two").json?["count"] == 1)

        let one = try #require(try await tenant.http.get("/api/v1/dlq/\(seqs[0])").json)
        #expect(one["message"]?["id"]?.stringValue == first && one["subject"]?.stringValue?.hasPrefix("dlq.") == true)

        // Replay publishes the same event again (the socket still subscribes) and removes the entry.
        #expect(try await tenant.http.post("/api/v1/dlq/\(seqs[0])/replay", json: [:]).json == ["status": "replayed"])
        let again = try await socket.receive(type: "event")
        #expect(again["id"]?.stringValue == first && again["data"] == ["t": "dl.one"])
        socket.send(["action": "ack", "id": .string(first)])
        #expect(try await tenant.http.delete("/api/v1/dlq/\(seqs[1])").json == ["status": "deleted"])
        #expect(try await tenant.http.get("/api/v1/dlq/\(seqs[1])").status == 404)
        #expect(try await tenant.http.get("/api/v1/dlq").json?["count"] == 1)
        _ = second
        let purged = try await tenant.http.send(.DELETE, "/api/v1/dlq/purge")
        #expect(purged.json == ["deleted": 1])
        #expect(try await tenant.http.get("/api/v1/dlq").json?["count"] == 0)
        _ = third
        await socket.close()
    }
}
