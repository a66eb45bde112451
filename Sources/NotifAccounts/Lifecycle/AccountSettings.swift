import NotifCore

/// How multi-account mode runs: the operator keys, the key that encrypts account seeds, the NATS
/// server, and the pace of boot and reconnection.
public struct AccountSettings: Sendable {
    public var keys: OperatorKeys
    public var cipher: SeedCipher
    /// Where org connections go (the same server or cluster as the system connection).
    public var natsURL: String
    /// Orgs connected at once at boot.
    public var bootConcurrency: Int = 8
    /// Lifetime of the JWTs of notifd's own per-org users (renewed before they expire).
    public var userJWTLifetime: Duration = .seconds(24 * 3600)
    /// Boot retries a failing org with exponential backoff between these bounds.
    public var retryDelay: (first: Duration, max: Duration) = (.milliseconds(500), .seconds(30))
    public var connectTimeout: Duration = .seconds(2)
    public var requestTimeout: Duration = .seconds(5)

    public init(keys: OperatorKeys, cipher: SeedCipher, natsURL: String) {
        self.keys = keys
        self.cipher = cipher
        self.natsURL = natsURL
    }
}

/// Why an account operation did not happen. Descriptions are safe to show to an API caller.
public enum AccountError: Error, Sendable, CustomStringConvertible {
    case invalid(String)
    case orgExists(String)
    case orgNotFound(String)
    /// A step failed; the steps before it were undone.
    case failed(operation: String, step: String, reason: String)

    public var description: String {
        switch self {
        case .invalid(let message): message
        case .orgExists(let id): "org \(id) already exists"
        case .orgNotFound(let id): "org not found: \(id)"
        case .failed(let operation, let step, let reason): "\(operation) failed at \(step) (rolled back): \(reason)"
        }
    }
}
