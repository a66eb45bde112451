import Foundation

/// The server's acknowledgement of a JetStream publish: the message is durably stored.
public struct PublishAck: Sendable, Decodable, Equatable {
    public var stream: String
    public var sequence: UInt64
    /// True when the server already had a message with the same `Nats-Msg-Id` in its duplicate window.
    public var duplicate: Bool

    enum CodingKeys: String, CodingKey { case stream, sequence = "seq", duplicate }

    /// Reads the server's answer to a publish (an ack or an API error) in one pass of the JSON
    /// parser: it runs once per event, where Foundation's decoder showed in profiles.
    init(reply payload: [UInt8], subject: String) throws {
        let json = try? JSONValue.parse(payload)
        if let error = json?["error"], let code = error["code"]?.int64Value {
            throw BrokerError.jetStream(code: Int(code), errorCode: Int(error["err_code"]?.int64Value ?? 0),
                                        description: error["description"]?.stringValue ?? "")
        }
        guard let stream = json?["stream"]?.stringValue, let sequence = json?["seq"]?.int64Value, sequence >= 0 else {
            throw BrokerError.invalidResponse("\(subject): \(String(decoding: payload.prefix(200), as: UTF8.self))")
        }
        self.stream = stream
        self.sequence = UInt64(sequence)
        self.duplicate = json?["duplicate"]?.boolValue ?? false
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        stream = try container.decode(String.self, forKey: .stream)
        sequence = try container.decode(UInt64.self, forKey: .sequence)
        duplicate = try container.decodeIfPresent(Bool.self, forKey: .duplicate) ?? false
    }
}

/// A message to publish into a stream.
public struct OutgoingMessage: Sendable {
    public var subject: String
    public var payload: [UInt8]
    public var headers: NATSHeaders
    /// Sent as `Nats-Msg-Id`: the server drops a second message with the same id within the duplicate window.
    public var messageID: String?

    public init(subject: String, payload: [UInt8], headers: NATSHeaders = NATSHeaders(), messageID: String? = nil) {
        self.subject = subject
        self.payload = payload
        self.headers = headers
        self.messageID = messageID
    }
}

/// A message read directly from a stream by sequence (not through a consumer).
public struct StoredMessage: Sendable {
    public var subject: String
    public var sequence: UInt64
    public var payload: [UInt8]
    public var headers: NATSHeaders
    public var timestamp: Timestamp
}

/// JetStream over the connection's request/reply router: every call is asynchronous and holds no
/// thread while it waits. Speaks the JSON API of nats-server 2.9 and later.
public struct JetStream: Sendable {
    let connection: NATSConnection
    let inbox: InboxRouter
    public var timeout: Duration
    let apiPrefix = "$JS.API."

    // MARK: Streams

    /// Creates the stream, or updates it when it exists with a different configuration.
    @discardableResult
    public func createOrUpdateStream(_ configuration: StreamConfiguration) async throws -> StreamInfo {
        do {
            return try await api("STREAM.CREATE.\(configuration.name)", body: configuration)
        } catch let error as BrokerError {
            // 10058: a stream with this name exists with another configuration.
            guard case .jetStream(_, 10058, _) = error else { throw error }
            return try await api("STREAM.UPDATE.\(configuration.name)", body: configuration)
        }
    }

    public func streamInfo(_ name: String) async throws -> StreamInfo {
        try await api("STREAM.INFO.\(name)", body: EmptyBody())
    }

    public func deleteStream(_ name: String) async throws {
        let _: SuccessResponse = try await api("STREAM.DELETE.\(name)", body: EmptyBody())
    }

    /// Reads one message by sequence; nil when it does not exist (never stored, deleted or expired).
    public func message(stream: String, sequence: UInt64) async throws -> StoredMessage? {
        struct Request: Encodable { let seq: UInt64 }
        struct Response: Decodable {
            struct Message: Decodable {
                let subject: String
                let seq: UInt64
                let data: String?
                let hdrs: String?
                let time: String
            }
            let message: Message
        }
        do {
            let response: Response = try await api("STREAM.MSG.GET.\(stream)", body: Request(seq: sequence))
            let message = response.message
            let payload = message.data.flatMap { Data(base64Encoded: $0) }.map { Array($0) } ?? []
            let headers = message.hdrs.flatMap { Data(base64Encoded: $0) }.map { Self.parseHeaderBlock(Array($0)) } ?? NATSHeaders()
            guard let timestamp = Timestamp(rfc3339: message.time) else {
                throw BrokerError.invalidResponse("unparsable message time \(message.time)")
            }
            return StoredMessage(subject: message.subject, sequence: message.seq, payload: payload,
                                 headers: headers, timestamp: timestamp)
        } catch let error as BrokerError where error.isMessageNotFound {
            return nil
        }
    }

    /// Removes one message from a stream. Returns false when it was not there.
    @discardableResult
    public func deleteMessage(stream: String, sequence: UInt64) async throws -> Bool {
        struct Request: Encodable { let seq: UInt64; let no_erase: Bool }
        do {
            let _: SuccessResponse = try await api("STREAM.MSG.DELETE.\(stream)", body: Request(seq: sequence, no_erase: true))
            return true
        } catch let error as BrokerError {
            // 10037 "no message found", or 10057 "message delete failed" carrying the same text.
            if error.isMessageNotFound { return false }
            if case .jetStream(_, 10057, let text) = error, text.contains("no message found") { return false }
            throw error
        }
    }

    // MARK: Consumers

    /// Creates a pull consumer, or updates a durable one whose settings changed.
    @discardableResult
    public func createConsumer(stream: String, _ configuration: ConsumerConfiguration) async throws -> ConsumerInfo {
        struct Request: Encodable {
            let stream_name: String
            let config: ConsumerConfiguration
        }
        var configuration = configuration
        if configuration.durableName == nil && configuration.name == nil {
            configuration.name = "eph_" + RandomToken.alphanumeric(16)
        }
        let name = configuration.durableName ?? configuration.name!
        let subject = "CONSUMER.CREATE.\(stream).\(name)"
        let info: ConsumerInfo = try await api(subject, body: Request(stream_name: stream, config: configuration))
        if configuration.filterSubjects.count > 1 && (info.config.filterSubjects ?? []).count != configuration.filterSubjects.count {
            // nats-server before 2.10 ignores `filter_subjects` and would deliver the whole stream.
            try? await deleteConsumer(stream: stream, name: name)
            throw BrokerError.unsupported("consumers with several filter subjects need nats-server 2.10 or later")
        }
        return info
    }

    public func consumerInfo(stream: String, name: String) async throws -> ConsumerInfo {
        try await api("CONSUMER.INFO.\(stream).\(name)", body: EmptyBody())
    }

    public func deleteConsumer(stream: String, name: String) async throws {
        let _: SuccessResponse = try await api("CONSUMER.DELETE.\(stream).\(name)", body: EmptyBody())
    }

    /// A pull subscription bound to an existing consumer. Closing it never deletes the consumer.
    public func pullSubscription(stream: String, consumer: String) -> PullSubscription {
        PullSubscription(jetStream: self, stream: stream, consumer: consumer)
    }

    // MARK: Publishing

    /// Publishes and waits for the stream's acknowledgement: once this returns, the message is stored.
    public func publish(_ message: OutgoingMessage, timeout: Duration? = nil) async throws -> PublishAck {
        var headers = message.headers
        if let id = message.messageID { headers["Nats-Msg-Id"] = id }
        let reply = try await inbox.request(message.subject, headers: headers, payload: message.payload,
                                            timeout: timeout ?? self.timeout)
        return try PublishAck(reply: reply.payload, subject: message.subject)
    }

    /// Publishes many messages without waiting between them (all in flight at once), then collects
    /// every acknowledgement. Results are in input order.
    public func publishBatch(_ messages: [OutgoingMessage], timeout: Duration? = nil) async -> [Result<PublishAck, any Error>] {
        await withTaskGroup(of: (Int, Result<PublishAck, any Error>).self) { group in
            for (index, message) in messages.enumerated() {
                group.addTask {
                    // The result is bound before the tuple is built: Swift 6.3.1 with -O returns 0 as
                    // the index of `return (index, .success(try await …))` in this closure, which
                    // crashed release builds below (index out of range) with two messages or more.
                    let result: Result<PublishAck, any Error>
                    do { result = .success(try await publish(message, timeout: timeout)) } catch { result = .failure(error) }
                    return (index, result)
                }
            }
            var results = [Result<PublishAck, any Error>?](repeating: nil, count: messages.count)
            for await (index, result) in group { results[index] = result }
            return results.map { $0! }
        }
    }

    // MARK: Plumbing

    func api<Response: Decodable>(_ operation: String, body: some Encodable) async throws -> Response {
        let subject = apiPrefix + operation
        let payload = body is EmptyBody ? [] : Array(try JSONEncoder().encode(body))
        let reply = try await inbox.request(subject, payload: payload, timeout: timeout)
        return try Self.decodeAPIResponse(reply.payload, subject: subject)
    }

    static func decodeAPIResponse<Response: Decodable>(_ payload: [UInt8], subject: String) throws -> Response {
        let data = Data(payload)
        let decoder = JSONDecoder()
        if let envelope = try? decoder.decode(ErrorEnvelope.self, from: data), let error = envelope.error {
            throw BrokerError.jetStream(code: error.code, errorCode: error.err_code ?? 0, description: error.description ?? "")
        }
        do {
            return try decoder.decode(Response.self, from: data)
        } catch {
            throw BrokerError.invalidResponse("\(subject): \(String(decoding: payload.prefix(200), as: UTF8.self))")
        }
    }

    /// Parses a `NATS/1.0` header block as returned base64-encoded by `STREAM.MSG.GET`.
    static func parseHeaderBlock(_ bytes: [UInt8]) -> NATSHeaders {
        var headers = NATSHeaders()
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(separator: "\r\n").dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers.add(name, value)
        }
        return headers
    }
}

struct EmptyBody: Encodable {}

/// The `{"error":{…}}` shape of a failed JetStream API call.
struct ErrorEnvelope: Decodable {
    struct APIError: Decodable {
        let code: Int
        let err_code: Int?
        let description: String?
    }
    let error: APIError?
}

struct SuccessResponse: Decodable {
    let success: Bool?
}
