/// A webhook URL that passed every check, with the addresses its host resolved to (all of them
/// allowed by the policy). The sender connects to one of `addresses` and nowhere else.
public struct ValidatedWebhookTarget: Sendable, Hashable {
    public let url: WebhookURL
    /// Never empty; for an IP-literal URL, just that address.
    public let addresses: [IPAddress]

    public init(url: WebhookURL, addresses: [IPAddress]) {
        precondition(!addresses.isEmpty, "a validated webhook target needs at least one address")
        self.url = url
        self.addresses = addresses
    }

    /// The address to dial: the resolver's first (preferred) answer.
    public var address: IPAddress { addresses[0] }
}
