import Foundation
import NotifCore

/// The keys at the top of the trust chain: the operator (signs every account JWT) and the system
/// account (nats-server's `$SYS`, through which account JWTs are pushed).
///
/// While an operator key is rotated, `next` holds the new key: account JWTs are signed with it,
/// and both keys are trusted (platform-spec §1.10).
public struct OperatorKeys: Sendable {
    public let operatorKey: NKeyPair
    public let systemAccount: NKeyPair
    /// The operator key being rotated to, if any.
    public let next: NKeyPair?

    public init(operatorKey: NKeyPair, systemAccount: NKeyPair, next: NKeyPair? = nil) throws {
        guard operatorKey.type == .operator, next.map({ $0.type == .operator }) ?? true else {
            throw NKeyPair.Invalid(description: "seed is not an operator key")
        }
        guard systemAccount.type == .account else { throw NKeyPair.Invalid(description: "seed is not an account key") }
        self.operatorKey = operatorKey
        self.systemAccount = systemAccount
        self.next = next
    }

    /// Reads the seeds (`SO…`, `SA…`, optionally the next `SO…`).
    public init(operatorSeed: String, systemAccountSeed: String, nextOperatorSeed: String? = nil) throws {
        try self.init(operatorKey: NKeyPair(seed: operatorSeed, expecting: .operator),
                      systemAccount: NKeyPair(seed: systemAccountSeed, expecting: .account),
                      next: nextOperatorSeed.map { try NKeyPair(seed: $0, expecting: .operator) })
    }

    /// A fresh operator and system account (local mode and tests; production keys come from `nk` or `notifd keys`).
    public static func generate() -> OperatorKeys {
        // Both keys have the right types by construction.
        try! OperatorKeys(operatorKey: .generate(.operator), systemAccount: .generate(.account))
    }

    /// The key that signs account JWTs now: the next key during a rotation, else the operator key.
    public var signer: NKeyPair { next ?? operatorKey }

    /// Public keys whose account signatures are accepted.
    public var trustedOperators: [String] { [operatorKey.publicKey] + (next.map { [$0.publicKey] } ?? []) }

    /// The self-signed operator JWT naming the system account; during a rotation it lists the next
    /// key as a signing key, so nats-server accepts accounts signed by either key.
    public func operatorJWT(name: String = "notif") -> String {
        OperatorClaims(subject: operatorKey.publicKey, name: name, signingKeys: next.map { [$0.publicKey] } ?? [],
                       systemAccount: systemAccount.publicKey).signed(by: operatorKey)
    }

    /// The system account's JWT: no limits, no JetStream.
    public func systemAccountJWT() -> String {
        AccountClaims(subject: systemAccount.publicKey, name: "SYS").signed(by: signer)
    }

    /// What a child nats-server needs to trust these keys.
    public var serverSettings: NATSOperatorSettings {
        NATSOperatorSettings(operatorJWT: operatorJWT(),
                             systemAccount: systemAccount.publicKey,
                             preloadedAccounts: [systemAccount.publicKey: systemAccountJWT()])
    }
}
