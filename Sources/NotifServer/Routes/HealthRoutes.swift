import Hummingbird
import NotifCore

/// `/health` (liveness), `/ready` (NATS and Postgres both checked), `/healthz` (detailed).
enum HealthRoutes {
    static func register(_ routes: RouteRegistrar, _ server: ServerContext) {
        routes.on(.get, "/health") { _, _ in
            .json(.object(["status": "ok", "version": .string(NotifVersion.current)]))
        }
        routes.on(.get, "/ready") { _, _ in
            let natsUp = server.pool.isConnected
            let databaseUp = await server.database.ping(timeout: .seconds(2))
            let ready = natsUp && databaseUp
            return .json(.object([
                "database": .string(databaseUp ? "connected" : "disconnected"),
                "nats": .string(natsUp ? "connected" : "disconnected"),
                "status": .string(ready ? "ready" : "not_ready"),
            ]), status: ready ? .ok : .serviceUnavailable)
        }
        routes.on(.get, "/healthz") { _, _ in
            let natsUp = server.pool.isConnected
            let databaseUp = await server.database.ping(timeout: .seconds(2))
            return .json(.object([
                "healthy": .bool(natsUp && databaseUp),
                "nats": .string(natsUp ? "connected" : "disconnected"),
                "database": .string(databaseUp ? "connected" : "disconnected"),
                "version": .string(NotifVersion.current),
            ]), status: natsUp && databaseUp ? .ok : .serviceUnavailable)
        }
    }
}
