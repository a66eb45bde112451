/// A webhook URL that passed `WebhookURLGuard.checkSyntax`: http(s), a normalised host (lowercase
/// name without trailing dot, or a canonical IP literal), an optional explicit port, and a
/// percent-encoded path with query. No userinfo, no fragment.
public struct WebhookURL: Sendable, Hashable, CustomStringConvertible {
    /// The two schemes webhooks may use.
    public enum Scheme: String, Sendable, Hashable {
        case http, https

        public var defaultPort: Int { self == .http ? 80 : 443 }
    }

    /// A DNS name still to be resolved, or an IP literal from the URL itself.
    public enum Host: Sendable, Hashable {
        case name(String)
        case address(IPAddress)
    }

    public let scheme: Scheme
    public let host: Host
    /// The port written in the URL, if any.
    public let explicitPort: Int?
    /// Path and query, starting with "/", percent-encoded where RFC 3986 requires it.
    public let pathAndQuery: String

    public init(scheme: Scheme, host: Host, explicitPort: Int?, pathAndQuery: String) {
        self.scheme = scheme
        self.host = host
        self.explicitPort = explicitPort
        self.pathAndQuery = pathAndQuery
    }

    /// The port to connect to.
    public var port: Int { explicitPort ?? scheme.defaultPort }

    /// The host as written in a URL: a name, a dotted quad, or a bracketed IPv6 literal.
    public var hostText: String {
        switch host {
        case .name(let name): return name
        case .address(let address): return address.urlHost
        }
    }

    /// `host[:port]`, as sent in the Host header.
    public var authority: String { explicitPort.map { "\(hostText):\($0)" } ?? hostText }

    /// `scheme://host[:port]`
    public var origin: String { "\(scheme.rawValue)://\(authority)" }

    /// The full normalised URL, as requested.
    public var absoluteString: String { origin + pathAndQuery }

    /// The path without its query (query strings often carry tokens).
    public var path: String {
        pathAndQuery.firstIndex(of: "?").map { String(pathAndQuery[..<$0]) } ?? pathAndQuery
    }

    /// Origin and path, the query elided: safe enough for error messages shown to the webhook's owner.
    public var redacted: String { origin + path + (pathAndQuery.contains("?") ? "?…" : "") }

    public var description: String { redacted }
}
