import Hummingbird
import NotifCore

/// Builds the router: CORS (outermost, so error responses carry its headers too), the edge middleware
/// (request id, access log, JSON errors), then the unauthenticated routes and the `/api/v1` routes
/// behind API-key authentication.
enum APIRouter {
    static func make(_ server: ServerContext) -> Router<NotifRequestContext> {
        let router = Router(context: NotifRequestContext.self)
        let table = RouteTable()
        let limiter = RateLimiter()
        router.add(middleware: CORSMiddleware(allowedOrigins: Set(server.configuration.corsOrigins)))
        router.add(middleware: EdgeMiddleware(routes: table))

        HealthRoutes.register(RouteRegistrar(group: router.group(""), prefix: "", table: table), server)

        let open = router.group("/api/v1")
            .add(middleware: IPRateLimitMiddleware(limiter: limiter, rate: server.configuration.unauthenticatedRateLimit))
        BootstrapRoutes.register(RouteRegistrar(group: open, prefix: "/api/v1", table: table), server)

        let auth = AuthMiddleware(authenticator: server.authenticator, limiter: limiter,
                                  ipRate: server.configuration.unauthenticatedRateLimit, audit: server.auditLog)
        WebSocketRoutes.register(router, server, table: table, auth: auth)

        MetricsRoutes.register(RouteRegistrar(group: router.group("").add(middleware: auth), prefix: "", table: table), server)

        let api = router.group("/api/v1").add(middleware: auth)
        let routes = RouteRegistrar(group: api, prefix: "/api/v1", table: table)
        EmitRoutes.register(routes, server)
        AuditRoutes.register(routes, server)
        EventRoutes.register(routes, server)
        APIKeyRoutes.register(routes, server)
        ProjectRoutes.register(routes, server)
        ScheduleRoutes.register(routes, server)
        DeadLetterRoutes.register(routes, server)
        WebhookRoutes.register(routes, server)
        SchemaRoutes.register(routes, server)
        OrgRoutes.register(routes, server)
        return router
    }
}
