/// An exact decimal view of a JSON number literal: `(-1)^negative × digits × 10^exponent`, where
/// `digits` has no leading or trailing zeros (zero is the empty digit list). Comparisons and
/// `multipleOf` are exact, so `1 == 1.0`, `0.0075` is a multiple of `0.0001`, and huge literals
/// such as `1e308` or 60-digit integers never overflow or lose precision.
struct JSONNumber: Sendable, Hashable, Comparable {
    /// Exponents are clamped to this magnitude so the arithmetic below cannot overflow.
    private static let exponentLimit = 1_000_000_000_000

    let negative: Bool
    let digits: [UInt8]
    let exponent: Int

    var isZero: Bool { digits.isEmpty }

    /// True when the value has no fractional part (draft-06+ "integer").
    var isInteger: Bool { isZero || exponent >= 0 }

    /// Parses a JSON number literal (also accepts a leading `+` and a missing integer part); nil otherwise.
    init?(literal: String) {
        var negative = false
        var mantissa: [UInt8] = []
        var fractionDigits = 0
        var exponent = 0
        var sawDigit = false
        var bytes = literal.utf8.makeIterator()
        var next = bytes.next()
        if next == UInt8(ascii: "-") || next == UInt8(ascii: "+") {
            negative = next == UInt8(ascii: "-")
            next = bytes.next()
        }
        while let byte = next, byte >= 48, byte <= 57 {
            mantissa.append(byte - 48)
            sawDigit = true
            next = bytes.next()
        }
        if next == UInt8(ascii: ".") {
            next = bytes.next()
            while let byte = next, byte >= 48, byte <= 57 {
                mantissa.append(byte - 48)
                fractionDigits += 1
                sawDigit = true
                next = bytes.next()
            }
        }
        guard sawDigit else { return nil }
        if next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
            next = bytes.next()
            var exponentNegative = false
            if next == UInt8(ascii: "-") || next == UInt8(ascii: "+") {
                exponentNegative = next == UInt8(ascii: "-")
                next = bytes.next()
            }
            var sawExponentDigit = false
            while let byte = next, byte >= 48, byte <= 57 {
                if exponent < Self.exponentLimit { exponent = exponent * 10 + Int(byte - 48) }
                sawExponentDigit = true
                next = bytes.next()
            }
            guard sawExponentDigit else { return nil }
            exponent = min(exponent, Self.exponentLimit)
            if exponentNegative { exponent = -exponent }
        }
        guard next == nil else { return nil }
        self.init(negative: negative, mantissa: mantissa, exponent: exponent - fractionDigits)
    }

    init(_ value: Int) {
        self.init(negative: value < 0, mantissa: String(value.magnitude).utf8.map { $0 - 48 }, exponent: 0)
    }

    /// Normalises a digit list (most significant first) into the canonical form.
    private init(negative: Bool, mantissa: [UInt8], exponent: Int) {
        guard let first = mantissa.firstIndex(where: { $0 != 0 }),
              let last = mantissa.lastIndex(where: { $0 != 0 }) else {
            self.negative = false
            self.digits = []
            self.exponent = 0
            return
        }
        self.negative = negative
        self.digits = Array(mantissa[first...last])
        self.exponent = exponent + (mantissa.count - 1 - last)
    }

    /// Position of the most significant digit: value magnitude lies in [10^(order-1), 10^order).
    private var order: Int { digits.count + exponent }

    static func < (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        if lhs.negative != rhs.negative { return lhs.negative }
        let magnitude = compareMagnitude(lhs, rhs)
        return lhs.negative ? magnitude > 0 : magnitude < 0
    }

    /// -1, 0 or 1 comparing |lhs| with |rhs|.
    private static func compareMagnitude(_ lhs: JSONNumber, _ rhs: JSONNumber) -> Int {
        if lhs.isZero || rhs.isZero { return lhs.isZero ? (rhs.isZero ? 0 : -1) : 1 }
        if lhs.order != rhs.order { return lhs.order < rhs.order ? -1 : 1 }
        for index in 0..<max(lhs.digits.count, rhs.digits.count) {
            let left = index < lhs.digits.count ? lhs.digits[index] : 0
            let right = index < rhs.digits.count ? rhs.digits[index] : 0
            if left != right { return left < right ? -1 : 1 }
        }
        return 0
    }

    /// Whether `self / divisor` is an integer, computed exactly (divisor must be non-zero).
    func isMultiple(of divisor: JSONNumber) -> Bool {
        if isZero { return true }
        guard !divisor.isZero else { return false }
        // self / divisor = (m1 / m2) × 10^k. Neither mantissa ends in 0, so for k < 0 the quotient
        // would need 10^|k| to divide m1, which is impossible.
        let shift = exponent - divisor.exponent
        guard shift >= 0 else { return false }
        guard divisor.digits.count <= 18, let modulus = UInt64(exactly: divisor.mantissaValue) else {
            return approximateIsMultiple(of: divisor)
        }
        var remainder: UInt64 = 0
        for digit in digits { remainder = (remainder * 10 + UInt64(digit)) % modulus }
        let scaled = Self.multiplyModulo(remainder, Self.powerOfTenModulo(shift, modulus), modulus)
        return scaled == 0
    }

    /// The mantissa as an integer when it has at most 18 digits.
    private var mantissaValue: UInt64 {
        digits.reduce(0) { $0 * 10 + UInt64($1) }
    }

    /// Fallback for divisors with more than 18 significant digits.
    private func approximateIsMultiple(of divisor: JSONNumber) -> Bool {
        guard let value = Double(description), let step = Double(divisor.description) else { return false }
        let quotient = value / step
        return quotient.isFinite && quotient == quotient.rounded()
    }

    private static func multiplyModulo(_ lhs: UInt64, _ rhs: UInt64, _ modulus: UInt64) -> UInt64 {
        let product = lhs.multipliedFullWidth(by: rhs)
        return modulus.dividingFullWidth((high: product.high, low: product.low)).remainder
    }

    private static func powerOfTenModulo(_ power: Int, _ modulus: UInt64) -> UInt64 {
        var result: UInt64 = 1 % modulus
        var base: UInt64 = 10 % modulus
        var remaining = power
        while remaining > 0 {
            if remaining & 1 == 1 { result = multiplyModulo(result, base, modulus) }
            base = multiplyModulo(base, base, modulus)
            remaining >>= 1
        }
        return result
    }

    /// Scientific-notation text (`-1234e-2`), parseable by `Double` and by `init(literal:)`.
    var description: String {
        guard !isZero else { return "0" }
        let mantissa = String(decoding: digits.map { $0 + 48 }, as: UTF8.self)
        return (negative ? "-" : "") + mantissa + (exponent == 0 ? "" : "e\(exponent)")
    }
}
