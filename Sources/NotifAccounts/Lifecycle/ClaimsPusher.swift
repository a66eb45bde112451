/// Where account JWTs go: nats-server's resolver (`AccountResolverClient`), or a wrapper around it.
public protocol ClaimsPusher: Sendable {
    /// Returns once the server has confirmed it stored the JWT.
    func push(_ jwt: String) async throws
    /// The stored JWT of an account, nil when the server has none.
    func lookup(_ account: String) async throws -> String?
    /// Removes accounts; their connections are closed.
    func delete(_ accounts: [String], operatorKey: NKeyPair) async throws
}

extension AccountResolverClient: ClaimsPusher {}
