/// The kinds of NATS NKeys and the version byte each public key starts with (its first base32
/// letter: `O`perator, `A`ccount, `U`ser, `N` server, `C`luster).
public enum NKeyType: UInt8, Sendable, CaseIterable {
    case `operator` = 112  // 14 << 3
    case account = 0       // 0 << 3
    case user = 160        // 20 << 3
    case server = 104      // 13 << 3
    case cluster = 16      // 2 << 3

    /// The version byte of encoded seeds (`S…`).
    static let seedPrefix: UInt8 = 144  // 18 << 3

    /// The word for this type in messages: operator, account, user, server, cluster.
    public var name: String {
        switch self {
        case .operator: "operator"
        case .account: "account"
        case .user: "user"
        case .server: "server"
        case .cluster: "cluster"
        }
    }
}
