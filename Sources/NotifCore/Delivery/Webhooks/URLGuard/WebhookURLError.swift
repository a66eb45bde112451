/// Why a webhook URL was refused. The HTTP API always answers `400 {"error":"invalid webhook URL"}`
/// (never telling a caller which internal address or rule it hit); `description` is for logs.
/// It names the rule and the offending part (scheme, host, address, port), never the URL's path or
/// query, which often hold tokens.
public struct WebhookURLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The rule a URL broke; stable for tests and metrics.
    public enum Kind: String, Sendable, Hashable {
        case tooLong = "URL too long"
        case forbiddenCharacter = "forbidden character"
        case malformed = "malformed URL"
        case unsupportedScheme = "unsupported scheme"
        case userInfo = "credentials in URL"
        case fragment = "fragment in URL"
        case emptyHost = "empty host"
        case invalidHost = "invalid host"
        case ipv4Notation = "non-canonical IPv4 notation"
        case invalidIPv6 = "invalid IPv6 literal"
        case zoneID = "IPv6 zone id"
        case blockedHostName = "blocked host name"
        case invalidPort = "invalid port"
        case blockedPort = "blocked port"
        case blockedAddress = "blocked address"
        case unresolvable = "host does not resolve"
    }

    public let kind: Kind
    /// The offending part and why, e.g. "169.254.169.254: cloud metadata endpoint (…)".
    public let detail: String

    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var description: String { detail.isEmpty ? kind.rawValue : "\(kind.rawValue): \(detail)" }
}
