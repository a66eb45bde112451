import Hummingbird
import NotifCore

/// `/health` (liveness), `/ready` (NATS and Postgres both checked; in multi-account mode also the
/// system connection and every org's), `/healthz` (detailed, with each org's connection).
enum HealthRoutes {
    static func register(_ routes: RouteRegistrar, _ server: ServerContext) {
        routes.on(.get, "/health") { _, _ in
            .json(.object(["status": "ok", "version": .string(NotifVersion.current)]))
        }
        routes.on(.get, "/ready") { _, _ in
            let broker = BrokerHealth(server)
            let databaseUp = await server.database.ping(timeout: .seconds(2))
            let ready = broker.isUp && databaseUp
            var members: [JSONMember] = [
                .init(key: "database", value: .string(databaseUp ? "connected" : "disconnected")),
                .init(key: "nats", value: .string(broker.natsStatus)),
                .init(key: "status", value: .string(ready ? "ready" : "not_ready")),
            ]
            members += broker.accountMembers
            return .json(.object(members), status: ready ? .ok : .serviceUnavailable)
        }
        routes.on(.get, "/healthz") { _, _ in
            let broker = BrokerHealth(server)
            let databaseUp = await server.database.ping(timeout: .seconds(2))
            var members: [JSONMember] = [
                .init(key: "healthy", value: .bool(broker.isUp && databaseUp)),
                .init(key: "nats", value: .string(broker.natsStatus)),
                .init(key: "database", value: .string(databaseUp ? "connected" : "disconnected")),
                .init(key: "version", value: .string(NotifVersion.current)),
            ]
            members += broker.accountMembers
            if server.accounts != nil {
                let states = server.pool.connections.map {
                    JSONMember(key: $0.key, value: .string($0.connection.state == .connected ? "connected" : "disconnected"))
                }
                members.append(.init(key: "account_status", value: .object(states)))
            }
            return .json(.object(members), status: broker.isUp && databaseUp ? .ok : .serviceUnavailable)
        }
    }
}

/// The broker's side of readiness. Multi-account mode is up when the system connection and every
/// org's connection are, and boot has connected every org.
struct BrokerHealth {
    let isUp: Bool
    let natsStatus: String
    let accountMembers: [JSONMember]

    init(_ server: ServerContext) {
        let pool = server.pool
        guard let accounts = server.accounts else {
            isUp = pool.isConnected
            natsStatus = isUp ? "connected" : "disconnected"
            accountMembers = []
            return
        }
        let disconnected = pool.disconnectedOrgs, pending = accounts.pendingOrgs
        let systemUp = accounts.isSystemConnected
        isUp = systemUp && disconnected.isEmpty && accounts.isBooted
        natsStatus = !systemUp ? "disconnected" : isUp ? "connected" : "partially_connected"
        var members: [JSONMember] = [.init(key: "accounts", value: .int(pool.orgs.count))]
        if !disconnected.isEmpty { members.append(.init(key: "disconnected_orgs", value: .array(disconnected.map(JSONValue.string)))) }
        if !pending.isEmpty { members.append(.init(key: "pending_orgs", value: .array(pending.map(JSONValue.string)))) }
        accountMembers = members
    }
}
