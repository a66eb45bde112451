/// A NATS user credential held in memory: the user JWT to present and a signer for the server's
/// nonce (Ed25519 with the user's seed). NotifAccounts builds these; the broker never sees the seed.
public struct UserCredentials: Sendable {
    /// The current user JWT; asked on every connect and reconnect.
    public var jwt: @Sendable () -> String
    /// The raw 64-byte Ed25519 signature of the nonce.
    public var sign: @Sendable ([UInt8]) -> [UInt8]

    public init(jwt: @escaping @Sendable () -> String, sign: @escaping @Sendable ([UInt8]) -> [UInt8]) {
        self.jwt = jwt
        self.sign = sign
    }
}
