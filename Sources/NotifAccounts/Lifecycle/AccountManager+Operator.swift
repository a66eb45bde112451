import Foundation
import NotifCore

/// One account's check by `verifyAll()`.
public struct AccountVerification: Sendable, Equatable {
    public var org: String
    public var publicKey: String?
    /// Empty when the account is as it should be.
    public var problems: [String]
    public var isValid: Bool { problems.isEmpty }
}

/// What `rebuildAll()` did.
public struct RebuildReport: Sendable, Equatable {
    public var accountsRebuilt: Int
    /// The operator key that signed them.
    public var signer: String
}

extension AccountManager {
    /// The operator keys nats-server trusts (each operator's own key and its signing keys), from `VARZ`.
    public func serverTrustedKeys() async throws -> Set<String> {
        let reply = try await system.request("$SYS.REQ.SERVER.PING.VARZ", payload: [], timeout: settings.requestTimeout)
        let json = try JSONValue.parse(reply.payload)
        var keys = Set<String>()
        for claim in json["data"]?["trusted_operators_claim"]?.arrayValue ?? [] {
            if let subject = claim["sub"]?.stringValue { keys.insert(subject) }
            for key in claim["nats"]?["signing_keys"]?.arrayValue ?? [] {
                if let key = key.stringValue { keys.insert(key) }
            }
        }
        return keys
    }

    /// Re-signs and pushes every account (the system account, notifd's own, every org's), in org
    /// id order, as one saga: if one push fails, those already pushed are put back.
    /// - Parameter nextOperatorSeed: sign with this operator key from now on (an operator key
    ///   rotation); nats-server must already trust it. Kept in memory until notifd restarts with it.
    public func rebuildAll(nextOperatorSeed: String? = nil, caller: AccountCaller) async throws -> RebuildReport {
        let previousKeys = keys
        if let seed = nextOperatorSeed {
            let next = try NKeyPair(seed: seed, expecting: .operator)
            if next != previousKeys.signer {
                guard try await serverTrustedKeys().contains(next.publicKey) else {
                    throw AccountError.invalid("nats-server does not trust operator key \(next.publicKey) yet: "
                                               + "add it to the server's operator first (rotation step 2)")
                }
                setKeys(try OperatorKeys(operatorKey: previousKeys.operatorKey, systemAccount: previousKeys.systemAccount, next: next))
            }
        }
        var saga = Saga("rebuild all accounts", logger: logger)
        var rebuilt = 0
        do {
            for record in try await repository.list() {
                guard let publicKey = record.publicKey else { continue }
                try await saga.step("push \(record.id)", {
                    try await withOrgLock(record.id) {
                        try await push(claims(for: record, publicKey: publicKey), org: record.id, caller: caller, operation: "rebuild")
                    }
                }, undo: { previous in
                    self.setKeys(previousKeys)  // put back what the old signer signed
                    try await self.withOrgLock(record.id) {
                        try await self.restore(previous, account: publicKey, org: record.id, caller: caller)
                    }
                })
                rebuilt += 1
            }
        } catch let failure as Saga.StepFailed {
            setKeys(previousKeys)
            throw AccountError.failed(operation: "rebuild all", step: failure.step, reason: "\(failure.underlying)")
        }
        await pushSystemAccount()
        do {
            try await pushInternalAccount()
        } catch {
            logger.error("notifd's internal account JWT not re-signed", metadata: ["error": "\(error)"])
        }
        let signer = keys.signer.publicKey
        auditor(AccountAuditEvent(caller: caller, action: "operator.rotate", orgID: "", target: signer, detail: .object([
            "accounts_rebuilt": .int(rebuilt), "signer": .string(signer),
            "previous_signer": .string(previousKeys.signer.publicKey),
        ])))
        return RebuildReport(accountsRebuilt: rebuilt, signer: signer)
    }

    /// Looks up every org's account JWT on the server and checks its signature, that its issuer is
    /// an operator key both notifd and the server trust, and that its name and limits match the org.
    public func verifyAll() async throws -> [AccountVerification] {
        let trustedByServer = try await serverTrustedKeys()
        let ours = Set(keys.trustedOperators)
        var results: [AccountVerification] = []
        for record in try await repository.list() {
            var problems: [String] = []
            defer { results.append(AccountVerification(org: record.id, publicKey: record.publicKey, problems: problems)) }
            guard let publicKey = record.publicKey else {
                problems.append("org has no NATS account yet")
                continue
            }
            guard let token = try await pusher.lookup(publicKey) else {
                problems.append("nats-server has no JWT for account \(publicKey)")
                continue
            }
            let decoded: (claims: AccountClaims, jwt: JWTClaims)
            do {
                decoded = try AccountClaims.decode(token)
            } catch {
                problems.append("stored JWT is invalid: \(error)")
                continue
            }
            if !trustedByServer.contains(decoded.jwt.issuer) { problems.append("issuer \(decoded.jwt.issuer) is not trusted by nats-server") }
            if !ours.contains(decoded.jwt.issuer) { problems.append("issuer \(decoded.jwt.issuer) is not notif's operator key") }
            if decoded.claims.subject != publicKey { problems.append("JWT is for \(decoded.claims.subject)") }
            let wanted = claims(for: record, publicKey: publicKey)
            if decoded.claims.limits != wanted.limits { problems.append("limits differ from tier \(record.tier.rawValue)") }
            if decoded.claims.name != wanted.name { problems.append("name differs") }
        }
        return results
    }

    /// A user credential for an org, allowed to publish and subscribe to its event subjects only
    /// (and to reply inboxes). Audited as `credential.issue`; the seed is never recorded.
    public func issueCredentials(org: String, lifetime: Duration?, caller: AccountCaller) async throws -> NATSCredentials {
        guard let record = try await repository.get(org) else { throw AccountError.orgNotFound(org) }
        let account = try accountKey(of: record)
        let subjects = ["events.\(org).>", "_INBOX.>"]
        let user = EphemeralUser(account: account, name: "\(org)-\(caller.actor)", publish: SubjectPermissions(allow: subjects),
                                 subscribe: SubjectPermissions(allow: subjects), lifetime: lifetime)
        auditor(AccountAuditEvent(caller: caller, action: "credential.issue", orgID: org, target: user.key.publicKey, detail: .object([
            "user_public_key": .string(user.key.publicKey), "account": .string(account.publicKey),
            "expires_in_seconds": lifetime.map { .int($0.components.seconds) } ?? .null,
            "subjects": .array(subjects.map(JSONValue.string)),
        ])))
        return user.credentials
    }

    /// Connections per org account as nats-server counts them (`ACCOUNT.PING.STATZ`).
    public func connectionCounts() async throws -> [String: Int] {
        let records = try await repository.list().filter { $0.publicKey != nil }
        guard !records.isEmpty else { return [:] }
        let body = JSONValue.object(["accounts": .array(records.compactMap { $0.publicKey.map(JSONValue.string) })])
        let reply = try await system.request("$SYS.REQ.ACCOUNT.PING.STATZ", payload: body.serialized(), timeout: settings.requestTimeout)
        let json = try JSONValue.parse(reply.payload)
        var byAccount: [String: Int] = [:]
        for entry in json["data"]?["account_statz"]?.arrayValue ?? [] {
            if let account = entry["acc"]?.stringValue { byAccount[account] = Int(entry["conns"]?.int64Value ?? 0) }
        }
        var counts: [String: Int] = [:]
        for record in records { if let key = record.publicKey { counts[record.id] = byAccount[key] ?? 0 } }
        return counts
    }
}
