import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import NotifCore

/// `GET /ws` (api-spec §7): API-key authentication (`Authorization: Bearer` or `?token=`) and the
/// per-key rate limit before the upgrade, the Origin check, then one `WebSocketSession`.
enum WebSocketRoutes {
    static func register(_ router: Router<NotifRequestContext>, _ server: ServerContext, table: RouteTable,
                         auth: AuthMiddleware) {
        table.add("/ws", .get)
        let allowed = Set(server.configuration.corsOrigins)
        router.group("/ws").add(middleware: auth).ws("", shouldUpgrade: { request, context in
            // SDKs and the CLI send no Origin; a browser's must be this server itself or one of
            // CORS_ORIGINS (`*` allows any).
            let origins = request.headers[values: .origin]
            if !allowed.contains("*"),
               !origins.allSatisfy({ allowed.contains($0) || isSameOrigin($0, host: request.head.authority) }) {
                throw APIError(.forbidden, "origin not allowed")
            }
            guard request.headers[.upgrade]?.lowercased() == "websocket" else {
                throw APIError(.badRequest, "websocket upgrade required")
            }
            _ = try context.requireAuth()
            return .upgrade([:])
        }, onUpgrade: { inbound, outbound, webSocketContext in
            let context = webSocketContext.requestContext
            guard let auth = context.auth else { return }
            let session = WebSocketSession(auth: auth, server: server, clientIP: context.clientIP, requestID: context.requestID,
                                           logger: context.logger)
            await session.run(inbound: inbound, writer: outbound, channel: context.channel)
        })
    }

    /// A page served by this very host is not a cross-site request: the Origin's host equals the
    /// request's host (ports aside; some WebSocket clients send `ws://host` without one).
    static func isSameOrigin(_ origin: String, host: String?) -> Bool {
        guard let host, !host.isEmpty, let schemeEnd = origin.range(of: "://") else { return false }
        let scheme = origin[..<schemeEnd.lowerBound].lowercased()
        guard ["http", "https", "ws", "wss"].contains(scheme) else { return false }
        return hostname(String(origin[schemeEnd.upperBound...])) == hostname(host)
    }

    private static func hostname(_ authority: String) -> String {
        if authority.hasPrefix("["), let end = authority.firstIndex(of: "]") {
            return String(authority[...end]).lowercased()
        }
        return String(authority.split(separator: ":", maxSplits: 1).first ?? "").lowercased()
    }
}
