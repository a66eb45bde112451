import CSodium

/// The two encodings NATS JWTs use besides base32: base64url without padding (the three token
/// parts) and SHA-512/256 (the `jti`).
enum JWTEncoding {
    /// base64url, no padding.
    static func base64URL(_ bytes: [UInt8]) -> String {
        _ = sodium_init()
        let length = sodium_base64_encoded_len(bytes.count, sodium_base64_VARIANT_URLSAFE_NO_PADDING)
        var output = [CChar](repeating: 0, count: length)
        _ = sodium_bin2base64(&output, length, bytes, bytes.count, sodium_base64_VARIANT_URLSAFE_NO_PADDING)
        return String(decoding: output.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Decodes base64url with or without padding; nil when the text is not base64url.
    static func base64URLDecode(_ text: String) -> [UInt8]? {
        _ = sodium_init()
        let trimmed = text.hasSuffix("=") ? String(text.prefix { $0 != "=" }) : text
        var output = [UInt8](repeating: 0, count: trimmed.utf8.count * 3 / 4 + 3)
        var written = 0
        let status = trimmed.withCString { input in
            sodium_base642bin(&output, output.count, input, trimmed.utf8.count, nil, &written, nil,
                              sodium_base64_VARIANT_URLSAFE_NO_PADDING)
        }
        guard status == 0 else { return nil }
        return Array(output.prefix(written))
    }

    /// SHA-512/256 (FIPS 180-4): SHA-512 started from its own initial values, truncated to 32 bytes.
    /// libsodium has no such function, but its SHA-512 state is public, so the initial values are set there.
    static func sha512_256(_ bytes: [UInt8]) -> [UInt8] {
        _ = sodium_init()
        var state = crypto_hash_sha512_state()
        crypto_hash_sha512_init(&state)
        state.state = (0x2231_2194_FC2B_F72C, 0x9F55_5FA3_C84C_64C2, 0x2393_B86B_6F53_B151, 0x9638_7719_5940_EABD,
                       0x9628_3EE2_A88E_FFE3, 0xBE5E_1E25_5386_3992, 0x2B01_99FC_2C85_B8AA, 0x0EB7_2DDC_81C5_2CA2)
        crypto_hash_sha512_update(&state, bytes, UInt64(bytes.count))
        var digest = [UInt8](repeating: 0, count: 64)
        crypto_hash_sha512_final(&state, &digest)
        return Array(digest.prefix(32))
    }
}
