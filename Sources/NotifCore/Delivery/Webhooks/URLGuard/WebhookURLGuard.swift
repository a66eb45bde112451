/// Decides whether notif may send a webhook to a URL (SSRF protection).
///
/// `checkSyntax` applies the string rules without DNS (use it when a webhook is registered);
/// `validate` also resolves the host and refuses it when it does not resolve or when any address
/// it resolves to is not allowed (use it before every delivery and every redirect hop, and dial
/// only the addresses it returns, so a DNS answer that changes between check and connect cannot
/// redirect the request).
public struct WebhookURLGuard: Sendable {
    public let policy: WebhookURLPolicy
    public let resolver: any HostResolver

    public init(policy: WebhookURLPolicy = .standard, resolver: some HostResolver = SystemHostResolver()) {
        self.policy = policy
        self.resolver = resolver
    }

    /// Parses and checks `url` without DNS: scheme, characters, host spelling and names, IP literals, port.
    public func checkSyntax(_ url: String) throws(WebhookURLError) -> WebhookURL {
        try WebhookURLSyntax.parse(url, policy: policy)
    }

    /// `checkSyntax`, then resolves a host name and checks every address it resolves to.
    public func validate(_ url: String) async throws(WebhookURLError) -> ValidatedWebhookTarget {
        let parsed = try checkSyntax(url)
        switch parsed.host {
        case .address(let address):
            return ValidatedWebhookTarget(url: parsed, addresses: [address])
        case .name(let name):
            let resolved: [IPAddress]
            do {
                resolved = try await resolver.resolve(host: name, port: parsed.port)
            } catch let error as HostResolutionError {
                throw WebhookURLError(.unresolvable, "\(name): \(error.reason)")
            } catch is CancellationError {
                throw WebhookURLError(.unresolvable, "\(name): lookup cancelled")
            } catch {
                throw WebhookURLError(.unresolvable, "\(name): \(error)")
            }
            var addresses: [IPAddress] = []
            for address in resolved where !addresses.contains(address) {
                try WebhookURLSyntax.checkAddress(address, policy: policy, host: name)
                addresses.append(address)
            }
            guard !addresses.isEmpty else { throw WebhookURLError(.unresolvable, "\(name): no addresses") }
            return ValidatedWebhookTarget(url: parsed, addresses: addresses)
        }
    }
}
