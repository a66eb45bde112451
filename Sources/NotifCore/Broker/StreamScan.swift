extension JetStream {
    /// Reads up to `limit` stored messages matching `filter`, oldest first, through a short-lived
    /// ephemeral consumer that needs no acks. Returns at once when nothing matches.
    public func scan(stream: String, filter: String, limit: Int, startSequence: UInt64? = nil,
                     wait: Duration = .seconds(2)) async throws -> [JetStreamMessage] {
        guard limit > 0 else { return [] }
        let configuration = ConsumerConfiguration(
            name: "scan_" + RandomToken.alphanumeric(16), filterSubjects: [filter],
            deliverPolicy: startSequence.map { .byStartSequence($0) } ?? .all, ackPolicy: .none,
            inactiveThreshold: .seconds(10))
        let info = try await createConsumer(stream: stream, configuration)
        let subscription = pullSubscription(stream: stream, consumer: info.name)
        defer {
            subscription.close()
            let name = info.name
            Task { try? await self.deleteConsumer(stream: stream, name: name) }
        }
        let wanted = Int(min(UInt64(limit), info.pending))
        var messages: [JetStreamMessage] = []
        messages.reserveCapacity(wanted)
        let deadline = ContinuousClock.now + wait
        while messages.count < wanted, ContinuousClock.now < deadline {
            let remaining = wanted - messages.count
            let batch: [JetStreamMessage]
            do {
                batch = try await withDeadline(deadline - ContinuousClock.now) {
                    try await subscription.nextBatch(max: remaining, batch: min(256, remaining), expires: .seconds(1))
                }
            } catch is DeadlineExceeded {
                break
            }
            guard !batch.isEmpty else { break }
            messages += batch
        }
        return messages
    }
}
