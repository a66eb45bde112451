import CSodium
import Foundation

/// An Ed25519 NKey: a seed (`S…`, secret) and its public key (`O…`, `A…`, `U…`), signing and
/// verification through libsodium. Text forms match the NATS tools (`nk`, the `nkeys` packages).
public struct NKeyPair: Sendable, Equatable {
    /// Why a text is not a usable NKey.
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    public let type: NKeyType
    private let rawSeed: [UInt8]
    private let rawPublicKey: [UInt8]

    /// A new random key pair of `type`.
    public static func generate(_ type: NKeyType) -> NKeyPair {
        _ = sodium_init()
        var seed = [UInt8](repeating: 0, count: 32)
        randombytes_buf(&seed, seed.count)
        return NKeyPair(type: type, rawSeed: seed)
    }

    /// Reads an encoded seed (`SO…`, `SA…`, `SU…`).
    public init(seed: String) throws {
        guard let payload = NKeyCRC16.decode(seed), payload.count == 34 else { throw Invalid(description: "invalid NKey seed") }
        let first = payload[0] & 0xF8, typeByte = ((payload[0] & 0x07) << 5) | ((payload[1] & 0xF8) >> 3)
        guard first == NKeyType.seedPrefix, let type = NKeyType(rawValue: typeByte) else {
            throw Invalid(description: "invalid NKey seed prefix")
        }
        self.init(type: type, rawSeed: Array(payload[2...]))
    }

    /// Reads a seed that must be of `expected` type; the error says `not an operator key`,
    /// `not an account key` or `not a user key` (with the prefix found) otherwise.
    public init(seed: String, expecting expected: NKeyType) throws {
        let pair: NKeyPair
        do {
            pair = try NKeyPair(seed: seed.trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            throw Invalid(description: "invalid \(expected.name) seed: not an NKey seed")
        }
        guard pair.type == expected else {
            let article = expected == .operator || expected == .account ? "an" : "a"
            throw Invalid(description: "seed is not \(article) \(expected.name) key (public key prefix \"\(pair.publicKey.prefix(1))\")")
        }
        self = pair
    }

    private init(type: NKeyType, rawSeed: [UInt8]) {
        _ = sodium_init()
        var publicKey = [UInt8](repeating: 0, count: 32)
        var secretKey = [UInt8](repeating: 0, count: 64)
        crypto_sign_seed_keypair(&publicKey, &secretKey, rawSeed)
        self.type = type
        self.rawSeed = rawSeed
        self.rawPublicKey = publicKey
    }

    /// The encoded seed. Secret: never log it.
    public var seed: String {
        let first = NKeyType.seedPrefix | (type.rawValue >> 5)
        let second = (type.rawValue & 31) << 3
        return NKeyCRC16.encode([first, second] + rawSeed)
    }

    /// The encoded public key.
    public var publicKey: String { NKeyCRC16.encode([type.rawValue] + rawPublicKey) }

    /// The Ed25519 signature (64 bytes) of `message`.
    public func sign(_ message: [UInt8]) -> [UInt8] {
        var publicKey = [UInt8](repeating: 0, count: 32)
        var secretKey = [UInt8](repeating: 0, count: 64)
        crypto_sign_seed_keypair(&publicKey, &secretKey, rawSeed)
        defer { sodium_memzero(&secretKey, secretKey.count) }
        var signature = [UInt8](repeating: 0, count: 64)
        crypto_sign_detached(&signature, nil, message, UInt64(message.count), secretKey)
        return signature
    }

    /// Whether `signature` is `publicKey`'s signature of `message` (false for a malformed key).
    public static func verify(publicKey: String, signature: [UInt8], message: [UInt8]) -> Bool {
        guard signature.count == 64, let payload = NKeyCRC16.decode(publicKey), payload.count == 33,
              NKeyType(rawValue: payload[0]) != nil else { return false }
        _ = sodium_init()
        return crypto_sign_verify_detached(signature, message, UInt64(message.count), Array(payload[1...])) == 0
    }

    /// The type of an encoded public key, nil when it is not one.
    public static func type(ofPublicKey text: String) -> NKeyType? {
        guard let payload = NKeyCRC16.decode(text), payload.count == 33 else { return nil }
        return NKeyType(rawValue: payload[0])
    }

    public static func == (lhs: NKeyPair, rhs: NKeyPair) -> Bool { lhs.type == rhs.type && lhs.rawSeed == rhs.rawSeed }
}
