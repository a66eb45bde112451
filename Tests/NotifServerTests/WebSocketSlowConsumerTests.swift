import NotifCore
import NotifTesting
import Testing

/// The full-buffer policy of `/ws`: a client that stops reading holds only its own events, is
/// disconnected after the slow-consumer timeout, and what it held is delivered to others.
@Suite(.timeLimit(.minutes(2))) struct WebSocketSlowConsumerTests {
    @Test func aStalledClientIsDroppedWithoutSlowingOthersAndItsEventsGoToItsGroup() async throws {
        let stack = try await TestEnvironment.shared.isolatedStack()
        defer { Task { await stack.stop() } }
        let server = try await stack.startServer {
            $0.webSocket.slowConsumerTimeout = .seconds(2)
            $0.webSocket.outboundBufferFrames = 8
        }
        let tenant = try await TestTenant.create(database: stack.database(), baseURL: server.baseURL)
        // A group member that never acks and stops reading after "subscribed"; its ack timeout is far
        // beyond the test, so only the disconnect can hand its events back.
        let stalled = try await StalledWebSocketClient.connect(port: server.port, apiKey: tenant.apiKey, firstFrame: [
            "action": "subscribe", "topics": ["big.>"],
            "options": ["auto_ack": false, "group": "workers", "ack_timeout": "5m"],
        ], readUntil: "subscribed")
        defer { stalled.close() }
        let watcher = try await tenant.openSocket()
        defer { Task { await watcher.close() } }
        _ = try await watcher.subscribe(["big.>"])

        // ~12 MB: far more than the stalled socket's buffers (4 MiB send buffer, 4 KiB receive buffer).
        let padding = String(repeating: "x", count: 100_000)
        var ids: [String] = []
        for index in 0..<120 {
            ids.append(try await tenant.emit("big.data", ["i": .int(index), "pad": .string(padding)]))
        }
        let watched = await watcher.receiveEvents(ids.count, timeout: .seconds(30))
        let unwatched = Set(ids).subtracting(watched.compactMap { $0["id"]?.stringValue })
        #expect(unwatched.isEmpty, "the stalled client must not hold others back: \(unwatched.count) of \(ids.count) missing")

        let member = try await tenant.openSocket()
        defer { Task { await member.close() } }
        _ = try await member.subscribe(["big.>"], options: ["auto_ack": true, "group": "workers"])
        let taken = await member.receiveEvents(ids.count, timeout: .seconds(40))
        let untaken = Set(ids).subtracting(taken.compactMap { $0["id"]?.stringValue })
        #expect(untaken.isEmpty, "what the stalled member held comes back when it is dropped: \(untaken.count) of \(ids.count) missing")
        #expect(await stalled.drainUntilClosed(timeout: .seconds(20)), "the server closed the stalled connection")
        try await server.shutdown()
    }
}
