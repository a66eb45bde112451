import Foundation
import Logging
import NotifCore
import NotifTesting
import Testing

/// The broker layer against a real nats-server (one per test, so tests can kill it).
@Suite struct BrokerTests {
    let logger = TestEnvironment.shared.logger

    func withBroker(_ body: (NATSServerProcess, BrokerConnection) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "notif-broker-\(RandomToken.hex(bytes: 6))")
        let server = try await NATSServerProcess.start(directory: directory, logger: logger)
        let connection = try await BrokerConnection.connect(BrokerConfiguration(url: server.url, requestTimeout: .seconds(3)), logger: logger)
        do {
            try await body(server, connection)
        } catch {
            await connection.close()
            await server.stop()
            throw error
        }
        await connection.close()
        await server.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    func makeStream(_ js: JetStream, _ name: String = "T", subjects: [String] = ["t.>"]) async throws {
        try await js.createOrUpdateStream(StreamConfiguration(name: name, subjects: subjects, duplicateWindow: .seconds(60)))
    }

    @Test func publishConsumeAckWithMetadataAndHeaders() async throws {
        try await withBroker { _, connection in
            let js = connection.jetStream
            try await makeStream(js)
            var headers = NATSHeaders()
            headers["X-Test"] = "yes"
            let ack = try await js.publish(OutgoingMessage(subject: "t.a", payload: Array("hello".utf8), headers: headers, messageID: "m1"))
            #expect(ack.stream == "T" && ack.sequence == 1 && !ack.duplicate)
            let again = try await js.publish(OutgoingMessage(subject: "t.a", payload: Array("hello".utf8), messageID: "m1"))
            #expect(again.duplicate && again.sequence == 1)

            try await js.createConsumer(stream: "T", ConsumerConfiguration(durableName: "c1", filterSubjects: ["t.>"], ackWait: .seconds(30)))
            let subscription = js.pullSubscription(stream: "T", consumer: "c1")
            let message = try #require(try await subscription.next(expires: .seconds(2)))
            #expect(message.subject == "t.a")
            #expect(String(decoding: message.payload, as: UTF8.self) == "hello")
            #expect(message.headers["X-Test"] == "yes")
            #expect(message.metadata.streamSequence == 1 && message.metadata.deliveryCount == 1)
            try await message.ackSync()
            let info = try await js.consumerInfo(stream: "T", name: "c1")
            #expect(info.ackFloor.streamSequence == 1 && info.pendingAcks == 0)
            subscription.close()
        }
    }

    @Test func nakRedeliversAndTermStopsRedelivery() async throws {
        try await withBroker { _, connection in
            let js = connection.jetStream
            try await makeStream(js)
            _ = try await js.publish(OutgoingMessage(subject: "t.nak", payload: [1]))
            _ = try await js.publish(OutgoingMessage(subject: "t.term", payload: [2]))
            try await js.createConsumer(stream: "T", ConsumerConfiguration(durableName: "c2", ackWait: .seconds(30)))
            let subscription = js.pullSubscription(stream: "T", consumer: "c2")
            let first = try #require(try await subscription.next(expires: .seconds(2)))
            let second = try #require(try await subscription.next(expires: .seconds(2)))
            #expect(first.subject == "t.nak" && second.subject == "t.term")
            try first.nak(delay: .milliseconds(100))
            try second.term()
            let redelivered = try #require(try await subscription.next(expires: .seconds(3)))
            #expect(redelivered.subject == "t.nak" && redelivered.metadata.deliveryCount == 2)
            try await redelivered.ackSync()
            let info = try await js.consumerInfo(stream: "T", name: "c2")
            #expect(info.pendingAcks == 0 && info.pending == 0)
            subscription.close()
        }
    }

    @Test func pipelinedBatchPublishStoresEverythingInOrder() async throws {
        try await withBroker { _, connection in
            let js = connection.jetStream
            try await makeStream(js)
            let messages = (0..<1000).map { OutgoingMessage(subject: "t.batch", payload: Array("\($0)".utf8)) }
            let results = await js.publishBatch(messages)
            let sequences = try results.map { try $0.get().sequence }
            #expect(Set(sequences).count == 1000)
            #expect(try await js.streamInfo("T").state.messages == 1000)

            try await js.createConsumer(stream: "T", ConsumerConfiguration(durableName: "c3", ackPolicy: .none))
            let subscription = js.pullSubscription(stream: "T", consumer: "c3")
            var received = 0
            while received < 1000 {
                let batch = try await subscription.nextBatch(max: 300, batch: 200, expires: .seconds(2))
                #expect(!batch.isEmpty)
                received += batch.count
            }
            #expect(received == 1000)
            subscription.close()
        }
    }

    @Test func publishWithoutAStreamFailsFastWithNoResponders() async throws {
        try await withBroker { _, connection in
            await #expect(throws: BrokerError.noResponders(subject: "nowhere.x")) {
                _ = try await connection.jetStream.publish(OutgoingMessage(subject: "nowhere.x", payload: []))
            }
            await #expect(throws: BrokerError.self) { _ = try await connection.jetStream.streamInfo("MISSING") }
        }
    }

    @Test func getsAndDeletesMessagesBySequence() async throws {
        try await withBroker { _, connection in
            let js = connection.jetStream
            try await makeStream(js)
            var headers = NATSHeaders()
            headers["K"] = "V"
            let ack = try await js.publish(OutgoingMessage(subject: "t.get", payload: Array("body".utf8), headers: headers))
            let stored = try #require(try await js.message(stream: "T", sequence: ack.sequence))
            #expect(stored.subject == "t.get" && stored.payload == Array("body".utf8) && stored.headers["K"] == "V")
            #expect(try await js.deleteMessage(stream: "T", sequence: ack.sequence))
            #expect(try await js.message(stream: "T", sequence: ack.sequence) == nil)
            #expect(try await js.deleteMessage(stream: "T", sequence: ack.sequence) == false)
        }
    }

    @Test func severalFilterSubjectsWorkOrAreRefusedOnOldServers() async throws {
        try await withBroker { _, connection in
            let js = connection.jetStream
            try await makeStream(js)
            _ = try await js.publish(OutgoingMessage(subject: "t.a", payload: [1]))
            _ = try await js.publish(OutgoingMessage(subject: "t.b", payload: [2]))
            _ = try await js.publish(OutgoingMessage(subject: "t.c", payload: [3]))
            do {
                try await js.createConsumer(stream: "T", ConsumerConfiguration(durableName: "multi", filterSubjects: ["t.a", "t.c"], ackPolicy: .none))
                let subscription = js.pullSubscription(stream: "T", consumer: "multi")
                var subjects: [String] = []
                while subjects.count < 2 { subjects += try await subscription.nextBatch(max: 10, expires: .seconds(2)).map(\.subject) }
                #expect(subjects == ["t.a", "t.c"])
                subscription.close()
            } catch let error as BrokerError {
                guard case .unsupported = error else { throw error }
                // nats-server 2.9: refused, and the half-made consumer was removed.
                await #expect(throws: BrokerError.self) { _ = try await js.consumerInfo(stream: "T", name: "multi") }
            }
        }
    }

    @Test func reconnectsAfterTheServerIsKilledAndRestarted() async throws {
        try await withBroker { server, connection in
            let js = connection.jetStream
            try await makeStream(js)
            try await js.createConsumer(stream: "T", ConsumerConfiguration(durableName: "r1"))
            let subscription = js.pullSubscription(stream: "T", consumer: "r1")
            let changes = connection.core.stateChanges()
            await server.kill()
            var iterator = changes.makeAsyncIterator()
            var seen: [ConnectionState] = []
            while let state = await iterator.next() {
                seen.append(state)
                if state == .reconnecting { break }
            }
            #expect(seen.contains(.reconnecting))
            #expect(connection.state == .reconnecting)
            try await server.restart()
            try await connection.core.waitUntilConnected(timeout: .seconds(15))
            #expect(connection.state == .connected)
            // JetStream may need a moment after a restart: retry until the publish is acknowledged.
            var ack: PublishAck?
            let published = await eventually(timeout: .seconds(15), every: .milliseconds(100)) {
                ack = try? await js.publish(OutgoingMessage(subject: "t.after", payload: [9]), timeout: .seconds(1))
                return ack != nil
            }
            #expect(published)
            let message = try #require(try await subscription.next(expires: .seconds(2)))
            #expect(message.subject == "t.after")
            try await message.ackSync()
            subscription.close()
        }
    }

    @Test func ephemeralConsumersAndInProgressAcks() async throws {
        try await withBroker { _, connection in
            let js = connection.jetStream
            try await makeStream(js)
            _ = try await js.publish(OutgoingMessage(subject: "t.slow", payload: [1]))
            let info = try await js.createConsumer(stream: "T", ConsumerConfiguration(
                deliverPolicy: .all, ackWait: .milliseconds(500), inactiveThreshold: .seconds(5)))
            #expect(info.name.hasPrefix("eph_"))
            let subscription = js.pullSubscription(stream: "T", consumer: info.name)
            let message = try #require(try await subscription.next(expires: .seconds(2)))
            // Keep extending the ack deadline past ack_wait: no redelivery may happen meanwhile.
            for _ in 0..<4 {
                try message.inProgress()
                try await Task.sleep(for: .milliseconds(250))
            }
            try await message.ackSync()
            let after = try await js.consumerInfo(stream: "T", name: info.name)
            #expect(after.redelivered == 0 && after.pendingAcks == 0)
            subscription.close()
            // Closing unsubscribes (after a short grace period for late deliveries): only the reply inbox is left.
            #expect(await eventually(timeout: .seconds(5)) { connection.core.activeSubscriptionCount == 1 })
            try await js.deleteConsumer(stream: "T", name: info.name)
            await #expect(throws: BrokerError.self) { _ = try await js.consumerInfo(stream: "T", name: info.name) }
        }
    }

    @Test func closingHandsUnreadMessagesBackAtOnce() async throws {
        try await withBroker { _, connection in
            let js = connection.jetStream
            try await makeStream(js)
            for index in 0..<5 { _ = try await js.publish(OutgoingMessage(subject: "t.h", payload: [UInt8(index)])) }
            try await js.createConsumer(stream: "T", ConsumerConfiguration(durableName: "handback", ackWait: .seconds(60)))
            let first = js.pullSubscription(stream: "T", consumer: "handback")
            let taken = try #require(try await first.next(batch: 10, expires: .seconds(2)))
            try await taken.ackSync()
            first.close()  // four fetched, unread messages are in its buffer
            let second = js.pullSubscription(stream: "T", consumer: "handback")
            // At-least-once: a message may come twice (handed back by both the buffer and a late delivery),
            // but all four must come well before the 60 s ack wait.
            var payloads = Set<UInt8>()
            let deadline = ContinuousClock.now + .seconds(10)
            while payloads.count < 4 && ContinuousClock.now < deadline {
                let batch = try await second.nextBatch(max: 10, expires: .seconds(2))
                for message in batch {
                    payloads.insert(message.payload[0])
                    try await message.ackSync()
                }
            }
            #expect(payloads == Set([1, 2, 3, 4]))
            second.close()
        }
    }

    @Test func cancellingAReaderEndsItPromptly() async throws {
        try await withBroker { _, connection in
            let js = connection.jetStream
            try await makeStream(js)
            try await js.createConsumer(stream: "T", ConsumerConfiguration(durableName: "idle"))
            let subscription = js.pullSubscription(stream: "T", consumer: "idle")
            let reader = Task { () -> Int in
                var count = 0
                for try await _ in subscription.messages(expires: .seconds(30)) { count += 1 }
                return count
            }
            try await Task.sleep(for: .milliseconds(100))
            let started = ContinuousClock.now
            reader.cancel()
            #expect(try await reader.value == 0)
            #expect(ContinuousClock.now - started < .seconds(2))
            subscription.close()
        }
    }
}
