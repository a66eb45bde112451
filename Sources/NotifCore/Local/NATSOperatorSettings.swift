import Foundation

/// What a child nats-server needs to run in operator mode (one NATS account per org): the
/// trusted operator JWTs, the system account, and the account JWTs it must know before any
/// push (the system account's). Accounts pushed later live in the full resolver's directory.
public struct NATSOperatorSettings: Sendable, Equatable {
    /// The signed operator JWT. While an operator key is rotated, the old operator's JWT lists the
    /// new key among its signing keys, so accounts signed by either are trusted (nats-server 2.9
    /// takes a single operator here).
    public var operatorJWT: String
    /// The system account's public key (`A…`).
    public var systemAccount: String
    /// Account public key → account JWT, loaded at start (`resolver_preload`).
    public var preloadedAccounts: [String: String]

    public init(operatorJWT: String, systemAccount: String, preloadedAccounts: [String: String]) {
        self.operatorJWT = operatorJWT
        self.systemAccount = systemAccount
        self.preloadedAccounts = preloadedAccounts
    }

    /// The largest message the server accepts: above every tier's payload limit plus the envelope.
    static let maxPayload = 2 * 1024 * 1024

    /// The server configuration; the operator JWT is referenced by path (`operatorFile`).
    func configuration(port: Int, storeDirectory: URL, resolverDirectory: URL, operatorFile: URL) -> String {
        """
        # Written by notifd: operator mode (one NATS account per org). Regenerated on every start.
        listen: "127.0.0.1:\(port)"
        server_name: "notif-local-\(port)"
        max_payload: \(Self.maxPayload)
        jetstream {
          store_dir: \(Self.quoted(storeDirectory.path))
        }
        \(snippet(operatorFile: operatorFile.path, resolverDirectory: resolverDirectory.path))
        """
    }

    /// The operator-mode part of a nats-server configuration (operator, system account, full
    /// resolver with deletes allowed, the preloaded accounts), for a server notifd does not run.
    public func snippet(operatorFile: String, resolverDirectory: String) -> String {
        let preload = preloadedAccounts.keys.sorted().map { "  \($0): \(Self.quoted(preloadedAccounts[$0] ?? ""))" }
        return """
            operator: \(Self.quoted(operatorFile))
            system_account: \(systemAccount)
            resolver {
              type: full
              dir: \(Self.quoted(resolverDirectory))
              allow_delete: true
              interval: "2m"
            }
            resolver_preload {
            \(preload.joined(separator: "\n"))
            }

            """
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
