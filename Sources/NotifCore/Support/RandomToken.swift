/// Random identifiers from the system's cryptographically secure generator.
public enum RandomToken {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `count` characters of `[A-Za-z0-9]`, uniformly distributed (rejection sampling, no modulo bias).
    public static func alphanumeric(_ count: Int) -> String {
        var bytes = RandomBytes()
        var characters: [UInt8] = []
        characters.reserveCapacity(count)
        while characters.count < count {
            let byte = bytes.next()
            // 62 * 4 = 248: bytes at or above it would bias the first characters.
            if byte < 248 { characters.append(alphabet[Int(byte % 62)]) }
        }
        return String(decoding: characters, as: UTF8.self)
    }

    /// `byteCount` random bytes as lowercase hex (2 characters per byte).
    public static func hex(bytes byteCount: Int) -> String {
        var bytes = RandomBytes()
        var characters: [UInt8] = []
        characters.reserveCapacity(byteCount * 2)
        for _ in 0..<byteCount {
            let byte = bytes.next()
            characters.append(hexDigits[Int(byte >> 4)])
            characters.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: characters, as: UTF8.self)
    }
}

/// Bytes from the system generator, eight per draw (one `getrandom` call per 8 bytes, not per byte:
/// an event id is minted on every emit).
private struct RandomBytes {
    private var generator = SystemRandomNumberGenerator()
    private var word: UInt64 = 0
    private var left = 0

    mutating func next() -> UInt8 {
        if left == 0 {
            word = generator.next()
            left = 8
        }
        defer {
            word >>= 8
            left -= 1
        }
        return UInt8(truncatingIfNeeded: word)
    }
}
