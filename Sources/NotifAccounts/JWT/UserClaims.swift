import NotifCore

/// A user's claims, signed by its account (or one of the account's signing keys): what the
/// connection may publish and subscribe to, its limits, and when it expires.
public struct UserClaims: NATSClaims {
    public static let claimType = "user"
    /// The user's public key (`U…`).
    public var subject: String
    public var name: String?
    public var expires: Int64?
    /// The account, when the issuer is one of its signing keys rather than the account key itself.
    public var issuerAccount: String?
    public var publish: SubjectPermissions
    public var subscribe: SubjectPermissions
    public var subscriptions: Int64
    public var data: Int64
    public var payload: Int64

    public init(subject: String, name: String?, expires: Int64? = nil, issuerAccount: String? = nil,
                publish: SubjectPermissions = SubjectPermissions(), subscribe: SubjectPermissions = SubjectPermissions(),
                subscriptions: Int64 = -1, data: Int64 = -1, payload: Int64 = -1) {
        self.subject = subject
        self.name = name
        self.expires = expires
        self.issuerAccount = issuerAccount
        self.publish = publish
        self.subscribe = subscribe
        self.subscriptions = subscriptions
        self.data = data
        self.payload = payload
    }

    public init(decoded claims: JWTClaims) throws {
        let nats = claims.nats
        self.init(subject: claims.subject, name: claims.name, expires: claims.expires,
                  issuerAccount: nats["issuer_account"]?.stringValue,
                  publish: SubjectPermissions(json: nats["pub"] ?? .object([])),
                  subscribe: SubjectPermissions(json: nats["sub"] ?? .object([])),
                  subscriptions: nats.int64("subs"), data: nats.int64("data"), payload: nats.int64("payload"))
    }

    public var natsMembers: [JSONMember] {
        var members = ClaimMembers()
        members.add("pub", publish.json)
        members.add("sub", subscribe.json)
        members.add("subs", subscriptions)
        members.add("data", data)
        members.add("payload", payload)
        members.add("issuer_account", issuerAccount)
        return members.members
    }
}

/// Allowed and denied subjects (wildcards allowed). Both empty: everything is allowed.
public struct SubjectPermissions: Sendable, Equatable {
    public var allow: [String]
    public var deny: [String]

    public init(allow: [String] = [], deny: [String] = []) {
        self.allow = allow
        self.deny = deny
    }

    init(json: JSONValue) {
        self.init(allow: json.strings("allow"), deny: json.strings("deny"))
    }

    var json: JSONValue {
        var members = ClaimMembers()
        members.add("allow", allow)
        members.add("deny", deny)
        return .object(members.members)
    }
}
