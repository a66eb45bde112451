import NotifCore

/// A frame from a WebSocket client (api-spec §7.2).
enum ClientMessage: Equatable {
    case subscribe(SubscriptionSpec)
    case ack(id: String)
    case nack(id: String, retryIn: Duration)
    case ping

    /// The protocol error a frame earns: `{"type":"error","code","message"}`.
    struct Rejection: Error, Equatable {
        var code: String
        var message: String
    }

    /// Used when a nack names no delay, or one that is empty, zero or unparsable.
    static let defaultRetryIn: Duration = .seconds(300)

    static func parse(_ text: String) throws(Rejection) -> ClientMessage {
        guard let value = try? JSONValue.parse(text), value.members != nil else {
            throw Rejection(code: "INVALID_JSON", message: "invalid JSON message")
        }
        let action = value.member(caseInsensitive: "action")?.stringValue ?? ""
        switch action {
        case "subscribe":
            return .subscribe(try subscription(value))
        case "ack":
            return .ack(id: value.member(caseInsensitive: "id")?.stringValue ?? "")
        case "nack":
            let id = value.member(caseInsensitive: "id")?.stringValue ?? ""
            let retryIn = value.member(caseInsensitive: "retry_in")?.stringValue
                .flatMap { GoDuration.parse($0) }
                .flatMap { $0 > .zero ? $0 : nil }
            return .nack(id: id, retryIn: retryIn ?? defaultRetryIn)
        case "ping":
            return .ping
        default:
            throw Rejection(code: "UNKNOWN_ACTION", message: "unknown action: \(action)")
        }
    }

    /// `{"topics":[…],"options":{auto_ack, from, group, max_retries, ack_timeout}}`; every option may
    /// be absent or null, and a missing `options` means the protocol defaults (auto_ack false).
    private static func subscription(_ value: JSONValue) throws(Rejection) -> SubscriptionSpec {
        let invalid = Rejection(code: "INVALID_JSON", message: "invalid subscribe message")
        var topics: [String] = []
        switch value.member(caseInsensitive: "topics") {
        case .array(let items)?:
            for item in items {
                guard let topic = item.stringValue else { throw invalid }
                topics.append(topic)
            }
        case nil, .null?:
            break
        default:
            throw invalid
        }
        let options = value.member(caseInsensitive: "options") ?? .null
        guard options.isNull || options.members != nil else { throw invalid }

        func option(_ name: String) -> JSONValue? {
            guard let found = options.member(caseInsensitive: name), !found.isNull else { return nil }
            return found
        }
        let autoAck: Bool
        switch option("auto_ack") {
        case nil: autoAck = false
        case .bool(let flag)?: autoAck = flag
        default: throw invalid
        }
        var from: String?
        if let raw = option("from") {
            guard let text = raw.stringValue else { throw invalid }
            from = text
        }
        var group: String?
        if let raw = option("group") {
            guard let text = raw.stringValue else { throw invalid }
            group = text.isEmpty ? nil : text
        }
        var maxRetries = SubscriptionSpec.defaultMaxRetries
        if let raw = option("max_retries") {
            guard let number = raw.doubleValue, number == number.rounded() else { throw invalid }
            if number > 0 { maxRetries = Int(min(number, 1000)) }
        }
        var ackTimeout = SubscriptionSpec.defaultAckTimeout
        if let raw = option("ack_timeout") {
            guard let text = raw.stringValue else { throw invalid }
            if let parsed = GoDuration.parse(text), parsed >= .seconds(1) { ackTimeout = min(parsed, .seconds(3600)) }
        }
        do {
            return try SubscriptionSpec(topics: topics, autoAck: autoAck, start: .init(option: from), group: group,
                                        maxRetries: maxRetries, ackTimeout: ackTimeout)
        } catch {
            throw Rejection(code: error.code, message: error.message)
        }
    }
}
