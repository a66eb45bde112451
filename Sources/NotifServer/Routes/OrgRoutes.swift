import Foundation
import Hummingbird
import NotifAccounts
import NotifCore

/// Orgs and their NATS accounts (platform-spec §1.5), for platform keys only, in multi-account
/// mode: create, list, get, delete, limits by tier, user credentials; and the operator's
/// instance-wide `rebuild` and `verify` of every account JWT.
enum OrgRoutes {
    static func register(_ routes: RouteRegistrar, _ server: ServerContext) {
        routes.on(.post, "/orgs") { request, context in
            let accounts = try requireAccounts(server, context)
            let fields = JSONFields(try await request.jsonObject())
            guard let id = try fields.string("id"), !id.isEmpty, let name = try fields.string("name"), !name.isEmpty else {
                throw APIError.badRequest("id and name are required")
            }
            let tier = try tier(fields) ?? .free
            let record = try await run { try await accounts.create(id: id, name: name, tier: tier, caller: caller(context)) }
            return .json(json(record, connected: true), status: .created)
        }

        routes.on(.get, "/orgs") { _, context in
            let accounts = try requireAccounts(server, context)
            let records = try await accounts.repository.list()
            let connected = Set(server.pool.orgs)
            return .json(.object(["orgs": .array(records.map { json($0, connected: connected.contains($0.id)) }),
                                  "count": .int(records.count)]))
        }

        routes.on(.get, "/orgs/{id}") { _, context in
            let accounts = try requireAccounts(server, context)
            let record = try await find(accounts, context)
            return .json(json(record, connected: server.pool.orgs.contains(record.id)))
        }

        routes.on(.delete, "/orgs/{id}") { _, context in
            let accounts = try requireAccounts(server, context)
            let id = context.parameters.get("id") ?? ""
            try await run { try await accounts.delete(id: id, caller: caller(context)) }
            server.authenticator.invalidate(orgID: id)
            return .json(.object(["status": "deleted"]))
        }

        routes.on(.get, "/orgs/{id}/limits") { _, context in
            let accounts = try requireAccounts(server, context)
            let record = try await find(accounts, context)
            return .json(limitsJSON(record))
        }

        routes.on(.put, "/orgs/{id}/limits") { request, context in
            let accounts = try requireAccounts(server, context)
            let id = context.parameters.get("id") ?? ""
            let fields = JSONFields(try await request.jsonObject())
            guard let tier = try tier(fields) else { throw APIError.badRequest("billing_tier is required") }
            let record = try await run { try await accounts.setTier(id: id, tier: tier, caller: caller(context)) }
            return .json(limitsJSON(record))
        }

        routes.on(.post, "/orgs/{id}/creds") { request, context in
            let accounts = try requireAccounts(server, context)
            let id = context.parameters.get("id") ?? ""
            let body = JSONFields(try await request.optionalJSONObject())
            var lifetime: Duration? = .seconds(24 * 3600)
            if let text = try body.string("ttl") {
                if text == "0" {
                    lifetime = nil
                } else {
                    guard let duration = GoDuration.parse(text), duration > .zero else {
                        throw APIError.badRequest("ttl must be a positive Go duration such as 24h, or 0 for no expiry")
                    }
                    lifetime = duration
                }
            }
            let credentials = try await run { try await accounts.issueCredentials(org: id, lifetime: lifetime, caller: caller(context)) }
            let claims = try? UserClaims.decode(credentials.jwt, now: nil)
            return .json(.object([
                "org_id": .string(id), "creds": .string(credentials.fileText),
                "user_public_key": claims.map { .string($0.claims.subject) } ?? .null,
                "expires_at": claims?.claims.expires.map { .string(Timestamp(microsecondsSinceEpoch: $0 * 1_000_000).rfc3339Seconds) } ?? .null,
            ]), status: .created)
        }

        routes.on(.post, "/admin/accounts/rebuild") { request, context in
            let accounts = try requireAccounts(server, context)
            let body = JSONFields(try await request.optionalJSONObject())
            let seed = try body.string("operator_seed").flatMap { $0.isEmpty ? nil : $0 }
            let report = try await run { try await accounts.rebuildAll(nextOperatorSeed: seed, caller: caller(context)) }
            return .json(.object(["accounts_rebuilt": .int(report.accountsRebuilt), "signer": .string(report.signer)]))
        }

        routes.on(.get, "/admin/accounts/verify") { _, context in
            let accounts = try requireAccounts(server, context)
            let results = try await run { try await accounts.verifyAll() }
            return .json(.object([
                "valid": .bool(results.allSatisfy(\.isValid)),
                "operator": .string(accounts.keys.operatorKey.publicKey),
                "signer": .string(accounts.keys.signer.publicKey),
                "accounts": .array(results.map { result in
                    .object(["org_id": .string(result.org), "public_key": result.publicKey.map(JSONValue.string) ?? .null,
                             "valid": .bool(result.isValid), "problems": .array(result.problems.map(JSONValue.string))])
                }),
            ]))
        }
    }

    /// A platform key, in multi-account mode.
    static func requireAccounts(_ server: ServerContext, _ context: NotifRequestContext) throws -> AccountManager {
        _ = try context.requirePlatform()
        guard let accounts = server.accounts else { throw APIError(.serviceUnavailable, "multi-account mode not enabled") }
        return accounts
    }

    static func caller(_ context: NotifRequestContext) -> AccountCaller {
        AccountCaller(actor: context.auth?.actor ?? "anonymous", ipAddress: context.clientIP, requestID: context.requestID)
    }

    static func find(_ accounts: AccountManager, _ context: NotifRequestContext) async throws -> OrgAccountRecord {
        let id = context.parameters.get("id") ?? ""
        guard AccountManager.isValidOrgID(id), let record = try await accounts.repository.get(id) else {
            throw APIError.notFound("org not found")
        }
        return record
    }

    /// `billing_tier` when present (nil when absent); an unknown name is a 400.
    static func tier(_ fields: JSONFields) throws -> BillingTier? {
        guard let text = try fields.string("billing_tier") else { return nil }
        guard let tier = BillingTier(rawValue: text) else {
            throw APIError.badRequest("invalid billing_tier, must be: free, pro, or enterprise")
        }
        return tier
    }

    /// Maps account errors onto HTTP: bad input 400, unknown org 404, taken id 409, a failed step 500.
    static func run<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as AccountError {
            switch error {
            case .invalid(let message): throw APIError.badRequest(message)
            case .orgNotFound: throw APIError.notFound("org not found")
            case .orgExists: throw APIError(.conflict, "org already exists")
            case .failed: throw APIError.internalError(error.description)
            }
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError.internalError("account operation failed: \(error)")
        }
    }

    static func json(_ record: OrgAccountRecord, connected: Bool) -> JSONValue {
        .object([
            "id": .string(record.id), "name": .string(record.name),
            "nats_public_key": record.publicKey.map(JSONValue.string) ?? .null,
            "billing_tier": .string(record.tier.rawValue),
            "connected": .bool(connected),
            "created_at": .string(record.createdAt.rfc3339Seconds),
        ])
    }

    static func limitsJSON(_ record: OrgAccountRecord) -> JSONValue {
        let limits = record.tier.limits
        return .object([
            "org_id": .string(record.id), "billing_tier": .string(record.tier.rawValue),
            "limits": .object([
                "max_connections": .int(limits.maxConnections), "max_data": .int(limits.maxData),
                "max_payload": .int(limits.maxPayload), "max_exports": .int(limits.maxExports),
                "max_imports": .int(limits.maxImports), "stream_max_age": .string(GoDuration.goString(limits.streamMaxAge)),
                "stream_max_bytes": .int(limits.streamMaxBytes),
            ]),
        ])
    }
}
