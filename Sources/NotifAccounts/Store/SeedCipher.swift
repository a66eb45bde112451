import CSodium
import Foundation

/// Encrypts account seeds at rest with libsodium's secretbox (XSalsa20-Poly1305), under a 32-byte
/// key given as base64 (`NOTIF_ENCRYPTION_KEY`). Stored form: `v1:` + base64(nonce ‖ ciphertext).
public struct SeedCipher: Sendable {
    /// Why a key or a stored seed was refused. Never contains secret material.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    private let key: [UInt8]

    /// - Parameter base64Key: 32 bytes, base64 encoded (`openssl rand -base64 32`).
    public init(base64Key: String) throws {
        guard let bytes = Data(base64Encoded: base64Key.trimmingCharacters(in: .whitespacesAndNewlines)),
              bytes.count == Int(crypto_secretbox_KEYBYTES) else {
            throw Failure(description: "encryption key must be 32 bytes, base64 encoded (openssl rand -base64 32)")
        }
        self.key = Array(bytes)
    }

    /// A new random key, base64 encoded.
    public static func generateKey() -> String {
        _ = sodium_init()
        var key = [UInt8](repeating: 0, count: Int(crypto_secretbox_KEYBYTES))
        randombytes_buf(&key, key.count)
        return Data(key).base64EncodedString()
    }

    public func encrypt(_ seed: String) -> String {
        _ = sodium_init()
        let message = Array(seed.utf8)
        var nonce = [UInt8](repeating: 0, count: Int(crypto_secretbox_NONCEBYTES))
        randombytes_buf(&nonce, nonce.count)
        var sealed = [UInt8](repeating: 0, count: message.count + Int(crypto_secretbox_MACBYTES))
        crypto_secretbox_easy(&sealed, message, UInt64(message.count), nonce, key)
        return "v1:" + Data(nonce + sealed).base64EncodedString()
    }

    public func decrypt(_ stored: String) throws -> String {
        guard stored.hasPrefix("v1:"), let data = Data(base64Encoded: String(stored.dropFirst(3))),
              data.count > Int(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) else {
            throw Failure(description: "stored account seed is not in the v1 encrypted form")
        }
        let bytes = Array(data)
        let nonce = Array(bytes.prefix(Int(crypto_secretbox_NONCEBYTES)))
        let sealed = Array(bytes.dropFirst(Int(crypto_secretbox_NONCEBYTES)))
        var message = [UInt8](repeating: 0, count: sealed.count - Int(crypto_secretbox_MACBYTES))
        guard crypto_secretbox_open_easy(&message, sealed, UInt64(sealed.count), nonce, key) == 0 else {
            throw Failure(description: "stored account seed does not decrypt with this encryption key")
        }
        defer { sodium_memzero(&message, message.count) }
        return String(decoding: message, as: UTF8.self)
    }
}
