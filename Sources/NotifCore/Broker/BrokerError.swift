/// Everything the broker layer can fail with. Messages never contain credentials.
public enum BrokerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A libnats call failed; `status` is the `natsStatus` value and `text` its description.
    case nats(status: Int32, text: String)
    /// No reply arrived before the deadline.
    case timeout(subject: String)
    /// The server reported that nobody listens on the subject (for JetStream: no stream captures it).
    case noResponders(subject: String)
    /// The JetStream API answered with an error object.
    case jetStream(code: Int, errorCode: Int, description: String)
    /// The connection was closed; nothing more can be sent on it.
    case closed
    /// The server answered with something this client cannot interpret.
    case invalidResponse(String)
    /// The server does not support a requested feature (for example multi-filter consumers before 2.10).
    case unsupported(String)

    public var description: String {
        switch self {
        case .nats(let status, let text): return "nats error \(status): \(text)"
        case .timeout(let subject): return "timed out waiting for a reply on \(subject)"
        case .noResponders(let subject): return "no responders on \(subject)"
        case .jetStream(let code, let errorCode, let description):
            return "jetstream error \(code)/\(errorCode): \(description)"
        case .closed: return "connection closed"
        case .invalidResponse(let text): return "invalid response: \(text)"
        case .unsupported(let text): return "unsupported by this server: \(text)"
        }
    }

    /// JetStream error code 10037: no message found.
    public var isMessageNotFound: Bool {
        if case .jetStream(_, 10037, _) = self { return true }
        return false
    }
}

extension BrokerError {
    /// JetStream error code 10014: consumer not found.
    public var isConsumerNotFound: Bool {
        if case .jetStream(_, 10014, _) = self { return true }
        return false
    }
}
