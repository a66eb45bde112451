import Foundation
import NotifCore

/// The standard claims of a NATS JWT (nats-io/jwt v2) and its type-specific `nats` object.
public struct JWTClaims: Sendable, Equatable {
    /// `jti`: base32 of SHA-512/256 over the standard claims with `jti` left out.
    public var id: String
    /// `iat`, unix seconds.
    public var issuedAt: Int64
    /// `iss`: the public key of the signer.
    public var issuer: String
    /// `sub`: the public key the claims are about.
    public var subject: String
    public var name: String?
    public var audience: String?
    /// `exp`, unix seconds.
    public var expires: Int64?
    /// `nbf`, unix seconds.
    public var notBefore: Int64?
    /// The `nats` object: `type`, `version` and the claims of that type.
    public var nats: JSONValue

    /// `nats.type`: `operator`, `account`, `user` or `generic`.
    public var type: String? { nats["type"]?.stringValue }

    /// The standard members in the order the Go library writes them (`jti` only when `withID`).
    func standardMembers(withID: Bool) -> [JSONMember] {
        var members: [JSONMember] = []
        func add(_ key: String, _ value: JSONValue?) { if let value { members.append(JSONMember(key: key, value: value)) } }
        add("aud", audience.map(JSONValue.string))
        add("exp", expires.map { .int($0) })
        add("jti", withID && !id.isEmpty ? .string(id) : nil)
        add("iat", issuedAt != 0 ? .int(issuedAt) : nil)
        add("iss", issuer.isEmpty ? nil : .string(issuer))
        add("name", name.map(JSONValue.string))
        add("nbf", notBefore.map { .int($0) })
        add("sub", subject.isEmpty ? nil : .string(subject))
        return members
    }
}

/// Signing, decoding and verifying NATS JWTs (`ed25519-nkey`).
public enum NATSJWT {
    /// Why a token was refused.
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    static let header = #"{"typ":"JWT","alg":"ed25519-nkey"}"#

    /// Signs `nats` (which must hold `type` and `version`) as claims about `subject`, issued by `issuer`.
    public static func sign(subject: String, name: String?, expires: Int64? = nil, nats: JSONValue,
                            issuer: NKeyPair, issuedAt: Date = Date()) -> String {
        var claims = JWTClaims(id: "", issuedAt: Int64(issuedAt.timeIntervalSince1970), issuer: issuer.publicKey,
                               subject: subject, name: name, expires: expires, nats: nats)
        let standard = JSONValue.object(claims.standardMembers(withID: false)).serialized()
        claims.id = NKeyBase32.encode(JWTEncoding.sha512_256(standard))
        let payload = JSONValue.object(claims.standardMembers(withID: true) + [JSONMember(key: "nats", value: nats)])
        let signingInput = JWTEncoding.base64URL(Array(header.utf8)) + "." + JWTEncoding.base64URL(payload.serialized())
        return signingInput + "." + JWTEncoding.base64URL(issuer.sign(Array(signingInput.utf8)))
    }

    /// Decodes a token and checks its header, its signature by `iss`, and its time window.
    /// - Parameter now: the time `exp` and `nbf` are checked against (nil skips that check).
    public static func decode(_ token: String, now: Date? = Date()) throws -> JWTClaims {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw Invalid(description: "a JWT has three dot-separated parts") }
        guard let headerBytes = JWTEncoding.base64URLDecode(String(parts[0])),
              let header = try? JSONValue.parse(headerBytes),
              header["alg"]?.stringValue?.lowercased() == "ed25519-nkey",
              header["typ"]?.stringValue?.uppercased() == "JWT" else {
            throw Invalid(description: "JWT header is not {typ: JWT, alg: ed25519-nkey}")
        }
        guard let payloadBytes = JWTEncoding.base64URLDecode(String(parts[1])),
              let payload = try? JSONValue.parse(payloadBytes), payload.members != nil else {
            throw Invalid(description: "JWT payload is not a JSON object")
        }
        guard let signature = JWTEncoding.base64URLDecode(String(parts[2])) else {
            throw Invalid(description: "JWT signature is not base64url")
        }
        let claims = JWTClaims(
            id: payload["jti"]?.stringValue ?? "", issuedAt: payload["iat"]?.int64Value ?? 0,
            issuer: payload["iss"]?.stringValue ?? "", subject: payload["sub"]?.stringValue ?? "",
            name: payload["name"]?.stringValue, audience: payload["aud"]?.stringValue,
            expires: payload["exp"]?.int64Value, notBefore: payload["nbf"]?.int64Value,
            nats: payload["nats"] ?? .object([]))
        let signingInput = Array(token.utf8.prefix(parts[0].utf8.count + 1 + parts[1].utf8.count))
        guard NKeyPair.verify(publicKey: claims.issuer, signature: signature, message: signingInput) else {
            throw Invalid(description: "JWT signature does not verify against its issuer \(claims.issuer)")
        }
        if let now {
            let seconds = Int64(now.timeIntervalSince1970)
            if let expires = claims.expires, expires != 0, expires < seconds { throw Invalid(description: "JWT expired") }
            if let notBefore = claims.notBefore, notBefore > seconds { throw Invalid(description: "JWT is not valid yet") }
        }
        return claims
    }
}
