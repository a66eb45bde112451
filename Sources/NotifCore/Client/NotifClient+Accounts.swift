extension NotifClient {
    // MARK: Orgs (multi-account mode, platform keys)

    /// Creates an org and its NATS account: `{id, name, nats_public_key, billing_tier, connected, created_at}`.
    public func createOrg(id: String, name: String, tier: String? = nil) async throws -> JSONValue {
        try await call(.POST, "/api/v1/orgs", body: .object([
            "id": .string(id), "name": .string(name), "billing_tier": tier.map { .string($0) },
        ]))
    }

    public func orgs() async throws -> [JSONValue] {
        try await call(.GET, "/api/v1/orgs")["orgs"]?.arrayValue ?? []
    }

    /// Deletes an org: revokes its account, removes its streams and everything it owned.
    public func deleteOrg(id: String) async throws {
        _ = try await call(.DELETE, "/api/v1/orgs/\(Self.segment(id))")
    }

    /// `{org_id, billing_tier, limits: {...}}`
    public func orgLimits(id: String) async throws -> JSONValue {
        try await call(.GET, "/api/v1/orgs/\(Self.segment(id))/limits")
    }

    /// Moves an org to another tier (`free`, `pro`, `enterprise`); applies without a restart.
    public func setOrgTier(id: String, tier: String) async throws -> JSONValue {
        try await call(.PUT, "/api/v1/orgs/\(Self.segment(id))/limits", body: .object(["billing_tier": .string(tier)]))
    }

    /// A NATS user credential for the org: `creds` (the `.creds` file text), `user_public_key`, `expires_at`.
    /// `ttl` is a Go duration (`24h`), `0` for no expiry, nil for the server's default (24h).
    public func orgCredentials(id: String, ttl: String? = nil) async throws -> JSONValue {
        try await call(.POST, "/api/v1/orgs/\(Self.segment(id))/creds", body: .object(["ttl": ttl.map { .string($0) }]))
    }

    /// Re-signs and pushes every account JWT, optionally with a new operator seed: `{accounts_rebuilt, signer}`.
    public func rebuildAccounts(operatorSeed: String? = nil) async throws -> JSONValue {
        try await call(.POST, "/api/v1/admin/accounts/rebuild", body: .object(["operator_seed": operatorSeed.map { .string($0) }]))
    }

    /// Checks every account JWT on the server: `{valid, operator, signer, accounts: [{org_id, public_key, valid, problems}]}`.
    public func verifyAccounts() async throws -> JSONValue {
        try await call(.GET, "/api/v1/admin/accounts/verify")
    }
}
