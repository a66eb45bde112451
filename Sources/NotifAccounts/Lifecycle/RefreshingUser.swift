import Foundation
import NotifCore
import Synchronization

/// notifd's own user in an account: one key pair, with a JWT of limited lifetime that is re-issued
/// when less than a tenth of it is left. libnats asks for the JWT on every (re)connect, and the
/// server closes a connection whose JWT expired, so a long-lived connection renews itself through
/// one reconnect per lifetime.
final class RefreshingUser: Sendable {
    private let account: NKeyPair
    private let key = NKeyPair.generate(.user)
    private let name: String
    private let lifetime: Duration
    private let current = Mutex<(jwt: String, expires: Date)?>(nil)

    init(account: NKeyPair, name: String, lifetime: Duration) {
        self.account = account
        self.name = name
        self.lifetime = lifetime
    }

    var publicKey: String { key.publicKey }

    func jwt(now: Date = Date()) -> String {
        current.withLock { current in
            let margin = Double(lifetime.components.seconds) / 10
            if let current, current.expires.timeIntervalSince(now) > margin { return current.jwt }
            let user = EphemeralUser(account: account, name: name, lifetime: lifetime, now: now, key: key)
            current = (user.jwt, now.addingTimeInterval(Double(lifetime.components.seconds)))
            return user.jwt
        }
    }

    var credentials: UserCredentials {
        UserCredentials(jwt: { [self] in jwt() }, sign: { [key] in key.sign($0) })
    }
}
