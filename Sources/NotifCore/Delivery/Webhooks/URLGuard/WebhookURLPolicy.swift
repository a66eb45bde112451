/// What webhook URLs may point at. `standard` is the production policy; tests and local
/// development set `allowPrivateNetworks` (from `WEBHOOK_ALLOW_PRIVATE_NETWORKS=true`) so webhooks
/// can reach a receiver on 127.0.0.1. Cloud metadata endpoints stay blocked either way.
public struct WebhookURLPolicy: Sendable, Hashable {
    /// Allow loopback, private, link-local and other non-public addresses and names (never metadata endpoints).
    public var allowPrivateNetworks: Bool
    /// Ports a webhook URL may not name explicitly (SSH, SMTP, etcd, databases, caches, Consul, Elasticsearch).
    public var blockedPorts: Set<Int>

    public static let defaultBlockedPorts: Set<Int> = [22, 25, 2379, 3306, 5432, 6379, 8500, 9200, 11211, 27017]

    /// Public addresses only, default blocked ports.
    public static let standard = WebhookURLPolicy()

    public init(allowPrivateNetworks: Bool = false, blockedPorts: Set<Int> = WebhookURLPolicy.defaultBlockedPorts) {
        self.allowPrivateNetworks = allowPrivateNetworks
        self.blockedPorts = blockedPorts
    }

    /// The standard policy, with `allowPrivateNetworks` set when `WEBHOOK_ALLOW_PRIVATE_NETWORKS` is
    /// `true` (case-insensitive) or `1` in `environment`. Meant for tests and local development only.
    public static func fromEnvironment(_ environment: [String: String]) -> WebhookURLPolicy {
        let value = environment["WEBHOOK_ALLOW_PRIVATE_NETWORKS"]?.lowercased()
        return WebhookURLPolicy(allowPrivateNetworks: value == "true" || value == "1")
    }
}
