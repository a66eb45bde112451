/// Where a consumed message sits in its stream and consumer, parsed from its ack subject.
public struct JetStreamMetadata: Sendable, Equatable {
    public var stream: String
    public var consumer: String
    /// How many times this message has been delivered on this consumer (1 on first delivery).
    public var deliveryCount: Int
    public var streamSequence: UInt64
    public var consumerSequence: UInt64
    /// When the stream stored the message.
    public var timestamp: Timestamp
    /// Messages still waiting for this consumer after this one.
    public var pending: UInt64

    /// Parses `$JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<ns>.<pending>` and the longer v2 form
    /// `$JS.ACK.<domain>.<account hash>.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<ns>.<pending>[.<token>]`.
    public init?(ackSubject: String) {
        let tokens = ackSubject.split(separator: ".", omittingEmptySubsequences: false)
        guard tokens.count >= 9, tokens[0] == "$JS", tokens[1] == "ACK" else { return nil }
        let offset: Int
        switch tokens.count {
        case 9: offset = 2
        case 11...: offset = 4
        default: return nil
        }
        guard let delivered = Int(tokens[offset + 2]), let streamSequence = UInt64(tokens[offset + 3]),
              let consumerSequence = UInt64(tokens[offset + 4]), let nanos = Int64(tokens[offset + 5]),
              let pending = UInt64(tokens[offset + 6]) else { return nil }
        self.stream = String(tokens[offset])
        self.consumer = String(tokens[offset + 1])
        self.deliveryCount = delivered
        self.streamSequence = streamSequence
        self.consumerSequence = consumerSequence
        self.timestamp = Timestamp(nanosecondsSinceEpoch: nanos)
        self.pending = pending
    }
}

/// A message delivered by a pull consumer, with the acknowledgement operations JetStream offers.
public struct JetStreamMessage: Sendable {
    public var subject: String
    public var payload: [UInt8]
    public var headers: NATSHeaders
    public var metadata: JetStreamMetadata
    let replySubject: String
    let jetStream: JetStream

    /// Acknowledges: the consumer will not deliver this message again.
    public func ack() throws {
        try jetStream.connection.publish(replySubject, payload: Array("+ACK".utf8))
    }

    /// Acknowledges and waits until the server has recorded it.
    public func ackSync(timeout: Duration = .seconds(5)) async throws {
        _ = try await jetStream.inbox.request(replySubject, payload: Array("+ACK".utf8), timeout: timeout)
    }

    /// Negative acknowledgement: deliver again, after `delay` when given.
    public func nak(delay: Duration? = nil) throws {
        let body = delay.map { "-NAK {\"delay\":\($0.nanoseconds)}" } ?? "-NAK"
        try jetStream.connection.publish(replySubject, payload: Array(body.utf8))
    }

    /// Terminates: never deliver this message again, whatever `max_deliver` says.
    public func term() throws {
        try jetStream.connection.publish(replySubject, payload: Array("+TERM".utf8))
    }

    /// Still working on it: restarts the ack-wait timer.
    public func inProgress() throws {
        try jetStream.connection.publish(replySubject, payload: Array("+WPI".utf8))
    }
}
