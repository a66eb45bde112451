/// Random identifiers from the system's cryptographically secure generator.
public enum RandomToken {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `count` characters of `[A-Za-z0-9]`, uniformly distributed (rejection sampling, no modulo bias).
    public static func alphanumeric(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            let byte = UInt8.random(in: 0...UInt8.max, using: &generator)
            // 62 * 4 = 248: bytes at or above it would bias the first characters.
            if byte < 248 { bytes.append(alphabet[Int(byte % 62)]) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `byteCount` random bytes as lowercase hex (2 characters per byte).
    public static func hex(bytes byteCount: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        var characters: [UInt8] = []
        characters.reserveCapacity(byteCount * 2)
        for _ in 0..<byteCount {
            let byte = UInt8.random(in: 0...UInt8.max, using: &generator)
            characters.append(hexDigits[Int(byte >> 4)])
            characters.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: characters, as: UTF8.self)
    }
}
