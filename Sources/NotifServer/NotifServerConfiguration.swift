import NotifAccounts
import NotifCore
import Prometheus

/// Everything an embedded or daemonised notif server needs to know.
public struct NotifServerConfiguration: Sendable {
    /// Address to listen on; `127.0.0.1` keeps the server local.
    public var host: String = "127.0.0.1"
    /// 0 picks a free port (tests); the bound port is reported by `RunningNotifServer.port`.
    public var port: Int = 8080
    public var databaseURL: DatabaseURL
    /// Size of the Postgres connection pool.
    public var databaseMaxConnections: Int = 20
    public var broker: BrokerConfiguration
    /// Multi-account mode: every org is a NATS account signed by the operator, with a connection
    /// and streams of its own (`broker` is then the system account's connection). nil: one shared
    /// connection and shared streams.
    public var accounts: AccountSettings?
    /// Maximum `POST /api/v1/emit` body (bytes); larger bodies get 413.
    public var maxPayloadSize: Int = 262_144
    /// Origins allowed by CORS and the WebSocket Origin check; `*` allows any origin without credentials.
    public var corsOrigins: [String] = ["http://localhost:3000", "http://localhost:5173"]
    /// The org created by bootstrap.
    public var defaultOrgID: String = "org_default"
    /// How long graceful shutdown may take before in-flight work is abandoned.
    public var shutdownTimeout: Duration = .seconds(30)
    /// Per-IP limit for unauthenticated requests (requests per second; burst is twice this).
    public var unauthenticatedRateLimit: Int = 10
    /// Whether `POST /api/v1/bootstrap` is enabled.
    public var bootstrapEnabled: Bool = true
    public var streamLimits: StreamLimits = StreamLimits()
    /// How long to keep retrying the first NATS connection at startup.
    public var brokerConnectRetry: Duration = .seconds(30)

    /// How long a project's schemas are reused before they are read again. Changes made through this
    /// server apply at once; this bounds how long other replicas take to see them.
    public var schemaCacheTTL: Duration = .seconds(5)

    /// Audit entries older than this are pruned (behind a chained checkpoint).
    public var auditRetention: Duration = .seconds(365 * 86_400)
    /// The share of `event.emit` entries recorded (1 = every emit, the default; 0.1 = one in ten).
    /// Every other action is always recorded.
    public var auditEmitSampling: Double = 1

    /// Serves `GET /metrics` (Prometheus text, platform key required) from this registry; nil: no
    /// `/metrics`. `PrometheusExport.registry` routes the process's swift-metrics into one.
    public var prometheus: PrometheusCollectorRegistry?

    /// Webhook delivery: retries, timeouts, isolation, breaker, SSRF policy.
    public var webhooks = WebhookSettings()
    /// WebSocket keep-alive, buffering and slow-client policy.
    public var webSocket = WebSocketSettings()

    public init(databaseURL: DatabaseURL, broker: BrokerConfiguration) {
        self.databaseURL = databaseURL
        self.broker = broker
    }
}

/// How `/ws` connections are kept alive and how far a slow client may fall behind.
public struct WebSocketSettings: Sendable {
    /// Ping frames are sent this often; a client that has not answered the previous ping by then is closed.
    public var pingInterval: Duration = .seconds(54)
    /// Frames queued per connection before its subscriptions stop pulling events.
    public var outboundBufferFrames: Int = 256
    /// A client whose socket takes no frame for this long while frames wait is disconnected, and its
    /// unacknowledged events are handed back for redelivery.
    public var slowConsumerTimeout: Duration = .seconds(30)

    public init() {}
}
