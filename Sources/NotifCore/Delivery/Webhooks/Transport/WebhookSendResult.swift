/// The outcome of one webhook delivery attempt (redirects included), as recorded for the webhook's owner.
public struct WebhookSendResult: Sendable, Hashable {
    /// The final HTTP status; nil when no response arrived (blocked, connect error, timeout).
    public var statusCode: Int?
    /// The first 1024 bytes of the final response body, as UTF-8 (invalid bytes replaced).
    public var responseBody: String
    /// From the start of `send` to its result, redirects included.
    public var latency: Duration
    /// nil on 2xx; otherwise "HTTP <code>: <body>", "request failed: <reason>" or "blocked: <reason>", at most 1024 bytes.
    public var error: String?

    public init(statusCode: Int?, responseBody: String, latency: Duration, error: String?) {
        self.statusCode = statusCode
        self.responseBody = responseBody
        self.latency = latency
        self.error = error.map { WebhookText.truncated($0, maxBytes: WebhookText.limit) }
    }

    /// True for a 2xx answer.
    public var succeeded: Bool { error == nil && statusCode.map { (200..<300).contains($0) } == true }
}
