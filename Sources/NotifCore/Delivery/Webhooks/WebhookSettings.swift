/// How webhooks are delivered: retry schedule, timeouts, concurrency, breaker and auto-disable.
public struct WebhookSettings: Sendable {
    /// Lets webhook URLs point at loopback and private networks (`WEBHOOK_ALLOW_PRIVATE_NETWORKS`;
    /// tests and trusted single-host setups only). Cloud metadata addresses stay blocked.
    public var allowPrivateNetworks = false
    /// Waits after failed attempts 1, 2, 3, 4: five attempts at about 0 s, 30 s, 2 m, 10 m and 30 m.
    public var retryDelays: [Duration] = [.seconds(30), .seconds(120), .seconds(600), .seconds(1800)]
    /// Each delay varies randomly by up to this fraction (so failed bursts do not retry in lockstep).
    public var jitter = 0.1
    public var connectTimeout: Duration = .seconds(10)
    public var requestTimeout: Duration = .seconds(30)
    /// Attempts in flight per notifd process, over all endpoints.
    public var concurrency = 256
    /// Attempts in flight per endpoint and process: a hanging endpoint holds at most this many.
    public var perEndpointConcurrency = 32
    /// Consecutive failures after which an endpoint's breaker opens (no attempts for a while).
    public var breakerThreshold = 5
    public var breakerBaseCooldown: Duration = .seconds(30)
    public var breakerMaxCooldown: Duration = .seconds(600)
    /// Consecutive failures after which the webhook is disabled (re-enable with `PUT {"enabled":true}`).
    public var disableAfterFailures = 100
    /// How often the outbox is polled for due retries (new events wake the dispatcher at once).
    public var pollInterval: Duration = .milliseconds(500)
    /// While attempts are in flight, how often deliveries waiting for a free slot are looked for.
    public var refillInterval: Duration = .milliseconds(20)

    /// Finished attempts that trigger a claim at once (before `refillInterval`).
    var refillBatch: Int { max(1, min(8, perEndpointConcurrency / 2)) }
    /// How long the previous secret keeps signing after a rotation.
    public var secretGracePeriod: Duration = .seconds(86_400)

    public init() {}

    /// Total attempts per delivery.
    public var maxAttempts: Int { retryDelays.count + 1 }

    /// The wait after failed attempt `attempt` (1-based), with jitter.
    func delay(after attempt: Int) -> Duration {
        let base = retryDelays[min(max(attempt - 1, 0), retryDelays.count - 1)]
        let factor = 1 + Double.random(in: -jitter...jitter)
        return .nanoseconds(Int64(Double(base.nanoseconds) * factor))
    }

    /// How long the breaker stays open after `failures` consecutive failures.
    func cooldown(failures: Int) -> Duration {
        let doublings = min(max(failures - breakerThreshold, 0), 16)
        return min(breakerBaseCooldown * (1 << doublings), breakerMaxCooldown)
    }
}
