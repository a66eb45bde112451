import NotifCore

/// An account's claims, signed by the operator: its limits, the subjects it shares with other
/// accounts (exports) and takes from them (imports), its signing keys and revoked users.
public struct AccountClaims: NATSClaims {
    public static let claimType = "account"
    /// The account's public key (`A…`).
    public var subject: String
    public var name: String?
    public var description: String?
    public var limits: AccountLimits
    /// Keys besides the account's own that may issue its users.
    public var signingKeys: [String]
    /// Users revoked: user public key (or `*` for all) → users issued at or before this unix time are refused.
    public var revocations: [String: Int64]
    public var exports: [AccountExport]
    public var imports: [AccountImport]

    public init(subject: String, name: String?, description: String? = nil, limits: AccountLimits = AccountLimits(),
                signingKeys: [String] = [], revocations: [String: Int64] = [:],
                exports: [AccountExport] = [], imports: [AccountImport] = []) {
        self.subject = subject
        self.name = name
        self.description = description
        self.limits = limits
        self.signingKeys = signingKeys
        self.revocations = revocations
        self.exports = exports
        self.imports = imports
    }

    public init(decoded claims: JWTClaims) throws {
        let nats = claims.nats
        var revocations: [String: Int64] = [:]
        for member in nats["revocations"]?.members ?? [] { revocations[member.key] = member.value.int64Value ?? 0 }
        self.init(subject: claims.subject, name: claims.name, description: nats["description"]?.stringValue,
                  limits: AccountLimits(json: nats["limits"] ?? .object([])),
                  signingKeys: nats.strings("signing_keys"), revocations: revocations,
                  exports: (nats["exports"]?.arrayValue ?? []).map(AccountExport.init(json:)),
                  imports: (nats["imports"]?.arrayValue ?? []).map(AccountImport.init(json:)))
    }

    public var natsMembers: [JSONMember] {
        var members = ClaimMembers()
        members.add("description", description)
        members.add("limits", limits.json)
        members.add("signing_keys", signingKeys)
        members.add("revocations", JSONValue.object(revocations.keys.sorted().map {
            JSONMember(key: $0, value: .int(revocations[$0] ?? 0))
        }))
        members.add("exports", JSONValue.array(exports.map(\.json)))
        members.add("imports", JSONValue.array(imports.map(\.json)))
        return members.members
    }
}

/// Whether an export/import carries messages (`stream`) or requests (`service`).
public enum ExportKind: String, Sendable, Equatable {
    case stream
    case service
}

/// Subjects an account makes available to other accounts.
public struct AccountExport: Sendable, Equatable {
    public var name: String?
    public var subject: String
    public var kind: ExportKind
    /// Whether importers need an activation token.
    public var tokenRequired: Bool

    public init(name: String? = nil, subject: String, kind: ExportKind, tokenRequired: Bool = false) {
        self.name = name
        self.subject = subject
        self.kind = kind
        self.tokenRequired = tokenRequired
    }

    init(json: JSONValue) {
        self.init(name: json["name"]?.stringValue, subject: json["subject"]?.stringValue ?? "",
                  kind: ExportKind(rawValue: json["type"]?.stringValue ?? "") ?? .stream, tokenRequired: json.bool("token_req"))
    }

    var json: JSONValue {
        var members = ClaimMembers()
        members.add("name", name)
        members.add("subject", subject)
        members.add("type", kind.rawValue)
        members.add("token_req", tokenRequired)
        return .object(members.members)
    }
}

/// Subjects an account takes from another account's export.
public struct AccountImport: Sendable, Equatable {
    public var name: String?
    /// The subject as the exporting account publishes it.
    public var subject: String
    /// The exporting account's public key.
    public var account: String
    /// Where the messages appear in this account (nil: the same subject).
    public var localSubject: String?
    public var kind: ExportKind
    /// The activation token, when the export requires one.
    public var token: String?

    public init(name: String? = nil, subject: String, account: String, localSubject: String? = nil,
                kind: ExportKind, token: String? = nil) {
        self.name = name
        self.subject = subject
        self.account = account
        self.localSubject = localSubject
        self.kind = kind
        self.token = token
    }

    init(json: JSONValue) {
        self.init(name: json["name"]?.stringValue, subject: json["subject"]?.stringValue ?? "",
                  account: json["account"]?.stringValue ?? "", localSubject: json["local_subject"]?.stringValue,
                  kind: ExportKind(rawValue: json["type"]?.stringValue ?? "") ?? .stream, token: json["token"]?.stringValue)
    }

    var json: JSONValue {
        var members = ClaimMembers()
        members.add("name", name)
        members.add("subject", subject)
        members.add("account", account)
        members.add("token", token)
        members.add("local_subject", localSubject)
        members.add("type", kind.rawValue)
        return .object(members.members)
    }
}
