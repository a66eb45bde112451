import Foundation
import NotifCore

/// A NATS user made for one connection: a fresh key pair and a JWT issued by its account. The
/// seed never leaves memory unless written into a `.creds` file on purpose.
public struct EphemeralUser: Sendable {
    public let key: NKeyPair
    public let jwt: String

    /// A user of `account` named `name`, allowed everything inside the account unless `publish` /
    /// `subscribe` narrow it, expiring after `lifetime` (nil: no expiry).
    public init(account: NKeyPair, name: String, publish: SubjectPermissions = SubjectPermissions(),
                subscribe: SubjectPermissions = SubjectPermissions(), lifetime: Duration? = nil, now: Date = Date(),
                key: NKeyPair = .generate(.user)) {
        let expires = lifetime.map { Int64(now.timeIntervalSince1970) + $0.components.seconds }
        self.key = key
        self.jwt = UserClaims(subject: key.publicKey, name: name, expires: expires, publish: publish, subscribe: subscribe)
            .signed(by: account, issuedAt: now)
    }

    /// For `BrokerConfiguration.userCredentials`.
    public var brokerCredentials: UserCredentials {
        let key = self.key, jwt = self.jwt
        return UserCredentials(jwt: { jwt }, sign: { key.sign($0) })
    }

    /// The `.creds` file contents.
    public var credentials: NATSCredentials { NATSCredentials(jwt: jwt, seed: key.seed) }
}
