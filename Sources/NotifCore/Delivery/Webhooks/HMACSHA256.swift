import CSodium

/// HMAC-SHA256 through libsodium, plus the encodings webhook signatures use.
enum HMACSHA256 {
    /// `sodium_init()` once per process; a static let is initialised exactly once, thread-safely.
    private static let initialised: Bool = sodium_init() >= 0

    static let byteCount = Int(crypto_auth_hmacsha256_BYTES)

    /// HMAC-SHA256 of the concatenation of `parts` under `key` (any length; libsodium hashes long keys as RFC 2104 says).
    static func authenticate(key: [UInt8], parts: [[UInt8]]) -> [UInt8] {
        precondition(initialised, "libsodium failed to initialise")
        var state = crypto_auth_hmacsha256_state()
        var output = [UInt8](repeating: 0, count: byteCount)
        // libsodium wants a non-null key pointer even for an empty key.
        let keyStorage = key.isEmpty ? [0] : key
        keyStorage.withUnsafeBufferPointer { buffer in
            _ = crypto_auth_hmacsha256_init(&state, buffer.baseAddress!, key.count)
        }
        for part in parts {
            part.withUnsafeBufferPointer { part in
                _ = crypto_auth_hmacsha256_update(&state, part.baseAddress, UInt64(part.count))
            }
        }
        _ = crypto_auth_hmacsha256_final(&state, &output)
        sodium_memzero(&state, MemoryLayout<crypto_auth_hmacsha256_state>.size)
        return output
    }

    /// Constant-time equality (for equal lengths; lengths are not secret).
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        precondition(initialised, "libsodium failed to initialise")
        guard lhs.count == rhs.count else { return false }
        if lhs.isEmpty { return true }
        return sodium_memcmp(lhs, rhs, lhs.count) == 0
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Standard base64 with padding.
    static func base64(_ bytes: [UInt8]) -> String {
        precondition(initialised, "libsodium failed to initialise")
        let variant = sodium_base64_VARIANT_ORIGINAL
        var output = [CChar](repeating: 0, count: sodium_base64_encoded_len(bytes.count, variant))
        bytes.withUnsafeBufferPointer { input in
            _ = sodium_bin2base64(&output, output.count, input.baseAddress, input.count, variant)
        }
        return String(decoding: output.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
