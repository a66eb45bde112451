/// Resolves a webhook host name to addresses. `WebhookURLGuard` checks every address returned and
/// `WebhookSender` connects to one of them, so a resolver's answer is what gets dialled.
public protocol HostResolver: Sendable {
    /// All addresses of `host` (a lowercase name without trailing dot). Throws when it does not resolve.
    func resolve(host: String, port: Int) async throws -> [IPAddress]
}

/// Why a host name did not resolve.
public struct HostResolutionError: Error, Sendable, CustomStringConvertible {
    public let host: String
    public let reason: String

    public init(host: String, reason: String) {
        self.host = host
        self.reason = reason
    }

    public var description: String { "\(host): \(reason)" }
}

/// A fixed table of host → addresses, for tests (no network, deterministic answers). Names are
/// matched case-insensitively, a trailing dot ignored; unknown names throw.
public struct StaticHostResolver: HostResolver {
    private let table: [String: [IPAddress]]

    public init(_ table: [String: [IPAddress]]) {
        self.table = Dictionary(table.map { (Self.normalise($0.key), $0.value) }, uniquingKeysWith: { $0 + $1 })
    }

    public func resolve(host: String, port: Int) async throws -> [IPAddress] {
        guard let addresses = table[Self.normalise(host)], !addresses.isEmpty else {
            throw HostResolutionError(host: host, reason: "unknown host")
        }
        return addresses
    }

    private static func normalise(_ host: String) -> String {
        let lowered = host.lowercased()
        return lowered.hasSuffix(".") ? String(lowered.dropLast()) : lowered
    }
}
