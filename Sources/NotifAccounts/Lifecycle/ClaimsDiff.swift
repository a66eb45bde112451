import NotifCore

/// What changed between two versions of an account's claims, for the `jwt.push` audit entry:
/// `{"limits.conn": {"before": 10, "after": 100}, …}` over the issuer, the name and every `nats`
/// field (a missing side is null). Claims hold no secrets, so neither does the diff.
enum ClaimsDiff {
    static func between(_ before: AccountClaims?, _ after: AccountClaims, beforeIssuer: String?, afterIssuer: String) -> JSONValue {
        var old = before.map { flatten($0) } ?? [:]
        var new = flatten(after)
        if let beforeIssuer { old["iss"] = .string(beforeIssuer) }
        new["iss"] = .string(afterIssuer)
        let keys = Set(old.keys).union(new.keys).sorted()
        let changes: [JSONMember] = keys.compactMap { key in
            guard old[key] != new[key] else { return nil }
            return JSONMember(key: key, value: .object(["before": old[key] ?? .null, "after": new[key] ?? .null]))
        }
        return .object(changes)
    }

    static func flatten(_ claims: AccountClaims) -> [String: JSONValue] {
        var fields: [String: JSONValue] = ["name": claims.name.map(JSONValue.string) ?? .null]
        func walk(_ value: JSONValue, _ path: String) {
            if let members = value.members, !members.isEmpty {
                for member in members { walk(member.value, path.isEmpty ? member.key : "\(path).\(member.key)") }
            } else {
                fields[path] = value
            }
        }
        walk(.object(claims.natsMembers), "")
        return fields
    }
}
