/// Host names refused before any DNS lookup.
///
/// Names are a cheap first filter, not the security boundary: every name is also resolved and
/// every address it resolves to is checked, and the connection goes to a checked address. So this
/// list matches whole labels only (`localhost`, `*.localhost`, …). A substring match such as
/// "contains localhost" would refuse legitimate public hosts like `notlocalhost.example.com`
/// while adding nothing: such a name either resolves to a public address (fine) or to a
/// loopback one (refused by the address check).
enum WebhookHostNameRules {
    /// Metadata and cluster-control names: refused under every policy.
    private static let alwaysBlocked: [String] = [
        "metadata.google.internal", "metadata.goog", "metadata",
        "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local",
    ]

    /// Names that are (or resolve to) loopback or private networks; allowed with `allowPrivateNetworks`.
    private static let privateExact: Set<String> = [
        "localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback",
        "localtest.me", "lvh.me", "vcap.me", "lacolhost.com",
    ]

    /// Suffixes (whole labels) of private zones and of DNS-rebinding helper services, which answer
    /// any name with the address written in it (`127.0.0.1.nip.io`).
    private static let privateSuffixes: [String] = [
        ".localhost", ".internal", ".local",
        ".nip.io", ".xip.io", ".sslip.io", ".localtest.me", ".lvh.me", ".vcap.me",
        ".lacolhost.com", ".rebind.network",
    ]

    /// Why `host` (lowercase, no trailing dot) is refused under `policy`; nil when it is not.
    static func blockReason(_ host: String, policy: WebhookURLPolicy) -> String? {
        for name in alwaysBlocked where host == name || host.hasSuffix("." + name) {
            return "\(host) is a cloud metadata or cluster-internal name"
        }
        if policy.allowPrivateNetworks { return nil }
        if privateExact.contains(host) {
            return "\(host) is a loopback name"
        }
        if let suffix = privateSuffixes.first(where: { host.hasSuffix($0) }) {
            return "\(host) is in the private or DNS-rebinding zone *\(suffix)"
        }
        if ("." + host + ".").contains(".127-0-0-1.") {
            return "\(host) is a DNS-rebinding name for 127.0.0.1"
        }
        return nil
    }
}
