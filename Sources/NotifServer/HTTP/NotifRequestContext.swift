import Hummingbird
import Logging
import NIOCore
import NotifCore

/// Per-request state: the request id, the caller's address and, after authentication, its key.
public struct NotifRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer's IP address (proxies' forwarding headers are not trusted).
    public let clientIP: String
    /// Set by `AuthMiddleware` on authenticated routes.
    public var auth: AuthenticatedKey?
    /// The request id echoed in `X-Request-Id`.
    public var requestID: String = ""

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.clientIP = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// The authenticated key; only called on routes behind `AuthMiddleware`.
    public func requireAuth() throws -> AuthenticatedKey {
        guard let auth else { throw APIError(.unauthorized, "unauthorized") }
        return auth
    }
}
