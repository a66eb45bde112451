import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import NotifCore

/// Per-request state: the request id, the caller's address and, after authentication, its key.
public struct NotifRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer's IP address (proxies' forwarding headers are not trusted).
    public let clientIP: String
    /// Set by `AuthMiddleware` on authenticated routes.
    public var auth: AuthenticatedKey?
    /// The request id echoed in `X-Request-Id`.
    public var requestID: String = ""
    /// Where a `/ws` upgrade leaves its handler (HummingbirdWebSocket).
    public let webSocket: WebSocketHandlerReference<NotifRequestContext>
    /// The connection, so a WebSocket session can drop a client that stopped reading.
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.clientIP = source.channel.remoteAddress?.ipAddress ?? "unknown"
        self.webSocket = WebSocketHandlerReference()
        self.channel = source.channel
    }

    /// The authenticated key; only called on routes behind `AuthMiddleware`.
    public func requireAuth() throws -> AuthenticatedKey {
        guard let auth else { throw APIError(.unauthorized, "unauthorized") }
        return auth
    }
}
