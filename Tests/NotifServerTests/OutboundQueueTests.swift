@testable import NotifServer
import Testing

/// The slow-consumer clock of a WebSocket connection's outbound queue.
struct OutboundQueueTests {
    @Test func aWriterThatWasIdleIsNotStalledWhenFramesArrive() async throws {
        let queue = OutboundQueue(capacity: 8)
        let first = Task { await queue.next() }  // the writer waits: the connection is idle
        try await Task.sleep(for: .milliseconds(300))
        #expect(await queue.send(.init("a")))  // handed to the waiting writer, which now writes it
        #expect(await first.value?.text == "a")
        #expect(await queue.send(.init("b")))  // waits behind it
        #expect(!queue.isStalled(for: .milliseconds(200)), "idle time is not a stall")
        try await Task.sleep(for: .milliseconds(300))
        #expect(queue.isStalled(for: .milliseconds(200)), "a writer stuck on one frame is")
        #expect(await queue.next()?.text == "b")
        #expect(!queue.isStalled(for: .milliseconds(200)))
        queue.close()
    }
}
