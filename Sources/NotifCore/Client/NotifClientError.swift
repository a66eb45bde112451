/// Why a `NotifClient` call failed, by what the caller can do about it.
public enum NotifClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 401/403, or no key configured: check the API key (and its scope).
    case unauthorized(String)
    /// 404: the resource does not exist in the caller's project.
    case notFound(String)
    /// 429: retry after the delay the server asked for.
    case rateLimited(retryAfter: Duration?)
    /// 400/409/413/422: the request was refused; `details` is the server's whole error body
    /// (for example the schema `validation_errors`).
    case rejected(status: Int, message: String, details: JSONValue?)
    /// 5xx: the server failed.
    case server(status: Int, message: String)
    /// The server could not be reached.
    case connection(server: String, reason: String)
    /// No answer within the deadline.
    case timeout(server: String, after: Duration)
    /// The answer was not what the protocol promises.
    case invalidResponse(String)

    public var description: String {
        switch self {
        case .unauthorized(let message): "unauthorized: \(message)"
        case .notFound(let message): "not found: \(message)"
        case .rateLimited(let delay): "rate limited" + (delay.map { ", retry in \($0)" } ?? "")
        case .rejected(let status, let message, _): "\(message) (HTTP \(status))"
        case .server(let status, let message): "server error \(status): \(message)"
        case .connection(let server, let reason): "cannot reach \(server): \(reason)"
        case .timeout(let server, let after): "no answer from \(server) within \(after)"
        case .invalidResponse(let reason): "unexpected response: \(reason)"
        }
    }
}
