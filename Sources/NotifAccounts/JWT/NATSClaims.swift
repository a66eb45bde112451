import Foundation
import NotifCore

/// One kind of NATS JWT claims (operator, account, user, generic): what goes under `nats`.
public protocol NATSClaims: Sendable, Equatable {
    /// `nats.type`.
    static var claimType: String { get }
    /// `sub`: the public key these claims are about.
    var subject: String { get }
    var name: String? { get }
    /// `exp`, unix seconds.
    var expires: Int64? { get }
    /// The members of `nats` besides `type` and `version`, zero values left out (Go's `omitempty`).
    var natsMembers: [JSONMember] { get }
    /// Reads the claims of a decoded token of this type.
    init(decoded claims: JWTClaims) throws
}

extension NATSClaims {
    public var expires: Int64? { nil }

    /// The signed token, issued by `issuer`.
    public func signed(by issuer: NKeyPair, issuedAt: Date = Date()) -> String {
        let nats = JSONValue.object(natsMembers + [
            JSONMember(key: "type", value: .string(Self.claimType)), JSONMember(key: "version", value: .int(2)),
        ])
        return NATSJWT.sign(subject: subject, name: name, expires: expires, nats: nats, issuer: issuer, issuedAt: issuedAt)
    }

    /// Decodes and verifies `token` and checks it holds claims of this type.
    public static func decode(_ token: String, now: Date? = Date()) throws -> (claims: Self, jwt: JWTClaims) {
        let jwt = try NATSJWT.decode(token, now: now)
        guard jwt.type == claimType else {
            throw NATSJWT.Invalid(description: "JWT holds \(jwt.type ?? "untyped") claims, not \(claimType) claims")
        }
        return (try Self(decoded: jwt), jwt)
    }
}

/// Builds a `nats` object the way Go's `omitempty` does: zero numbers, false, empty strings,
/// arrays and objects are left out.
struct ClaimMembers {
    private(set) var members: [JSONMember] = []

    mutating func add(_ key: String, _ value: Int64) { if value != 0 { members.append(.init(key: key, value: .int(value))) } }
    mutating func add(_ key: String, _ value: Bool) { if value { members.append(.init(key: key, value: .bool(true))) } }
    mutating func add(_ key: String, _ value: String?) {
        if let value, !value.isEmpty { members.append(.init(key: key, value: .string(value))) }
    }
    mutating func add(_ key: String, _ values: [String]) {
        if !values.isEmpty { members.append(.init(key: key, value: .array(values.map(JSONValue.string)))) }
    }
    mutating func add(_ key: String, _ value: JSONValue) {
        switch value {
        case .array(let items) where items.isEmpty: return
        case .object(let items) where items.isEmpty: return
        case .null: return
        default: members.append(.init(key: key, value: value))
        }
    }
}

extension JSONValue {
    /// A number member read as Int64, 0 when it is missing (Go's zero value).
    func int64(_ key: String) -> Int64 { self[key]?.int64Value ?? 0 }
    func bool(_ key: String) -> Bool { self[key]?.boolValue ?? false }
    func strings(_ key: String) -> [String] { self[key]?.arrayValue?.compactMap(\.stringValue) ?? [] }
}
