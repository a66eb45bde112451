import NotifCore

/// The operator's claims: the root of trust nats-server is configured with. Self-signed
/// (`iss` = `sub`) or signed by one of its signing keys.
public struct OperatorClaims: NATSClaims {
    public static let claimType = "operator"
    /// The operator's public key (`O…`).
    public var subject: String
    public var name: String?
    /// Other operator keys allowed to sign account JWTs.
    public var signingKeys: [String]
    /// The account nats-server uses for `$SYS` (`A…`).
    public var systemAccount: String?

    public init(subject: String, name: String?, signingKeys: [String] = [], systemAccount: String?) {
        self.subject = subject
        self.name = name
        self.signingKeys = signingKeys
        self.systemAccount = systemAccount
    }

    public init(decoded claims: JWTClaims) throws {
        self.init(subject: claims.subject, name: claims.name, signingKeys: claims.nats.strings("signing_keys"),
                  systemAccount: claims.nats["system_account"]?.stringValue)
    }

    public var natsMembers: [JSONMember] {
        var members = ClaimMembers()
        members.add("signing_keys", signingKeys)
        members.add("system_account", systemAccount)
        return members.members
    }
}

/// Generic claims: used to ask nats-server to delete accounts from its resolver
/// (`$SYS.REQ.CLAIMS.DELETE`, signed by the operator, `nats.accounts` = the accounts).
public struct AccountDeletionClaims: NATSClaims {
    public static let claimType = "generic"
    /// The operator's public key.
    public var subject: String
    public var name: String? { nil }
    public var accounts: [String]

    public init(operator subject: String, accounts: [String]) {
        self.subject = subject
        self.accounts = accounts
    }

    public init(decoded claims: JWTClaims) throws {
        self.init(operator: claims.subject, accounts: claims.nats.strings("accounts"))
    }

    public var natsMembers: [JSONMember] { [JSONMember(key: "accounts", value: .array(accounts.map(JSONValue.string)))] }
}
