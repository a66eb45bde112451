import CSodium

/// SHA-256 through libsodium (NotifCore's only use of it besides HMAC later).
public enum Digest {
    private static let initialised: Bool = sodium_init() >= 0

    /// Lowercase hex SHA-256 of `bytes`.
    public static func sha256Hex(_ bytes: some Collection<UInt8>) -> String {
        precondition(initialised, "libsodium failed to initialise")
        var output = [UInt8](repeating: 0, count: Int(crypto_hash_sha256_BYTES))
        let input = Array(bytes)
        _ = input.withUnsafeBufferPointer { buffer in
            crypto_hash_sha256(&output, buffer.baseAddress, UInt64(buffer.count))
        }
        return output.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    public static func sha256Hex(_ text: String) -> String { sha256Hex(Array(text.utf8)) }
}
