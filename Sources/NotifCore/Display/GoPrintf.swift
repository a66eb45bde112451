import Foundation

/// Go's `fmt.Sprintf` over JSON values, for the verbs templates need: `%v %s %q %d %f %F %e %E %g %G
/// %x %X %t %%`, with flags (`-+ 0#`), width and precision. Numeric verbs also accept strings that
/// hold numbers; `%d` truncates a fraction toward zero. Mismatches read as Go writes them:
/// `%!d(string=abc)`, `%!s(MISSING)`, `%!(EXTRA number=1)`.
enum GoPrintf {
    static func format(_ format: String, _ arguments: [JSONValue]) -> String {
        var output = ""
        var next = 0
        var characters = format[...]
        while let character = characters.popFirst() {
            guard character == "%" else { output.append(character); continue }
            var directive = Directive()
            directive.read(&characters)
            guard let verb = directive.verb else { output += "%!(NOVERB)"; break }
            if verb == "%" { output += "%"; continue }
            guard next < arguments.count else { output += "%!\(verb)(MISSING)"; continue }
            output += directive.render(arguments[next].displayResolved)
            next += 1
        }
        if next < arguments.count {
            let extras = arguments[next...].map { "\($0.displayTypeName)=\($0.displayText)" }
            output += "%!(EXTRA \(extras.joined(separator: ", ")))"
        }
        return output
    }
}

/// One `%…` directive.
private struct Directive {
    var flags = ""
    var width: Int?
    var precision: Int?
    var verb: Character?

    mutating func read(_ characters: inout Substring) {
        while let flag = characters.first, "-+ 0#".contains(flag) {
            flags.append(flag)
            characters.removeFirst()
        }
        width = Self.digits(&characters).map { min($0, TextFitting.maxWidth) }
        if characters.first == "." {
            characters.removeFirst()
            precision = min(Self.digits(&characters) ?? 0, TextFitting.maxWidth)
        }
        verb = characters.popFirst()
    }

    func render(_ value: JSONValue) -> String {
        guard let verb else { return "" }
        switch verb {
        case "v", "s":
            let text = value.displayText
            return pad(precision.map { String(text.prefix($0)) } ?? text)
        case "q": return pad(JSONValue.string(value.displayText).jsonString)
        case "t":
            guard case .bool(let flag) = value else { return bad(value) }
            return pad(flag ? "true" : "false")
        case "d":
            guard let integer = Self.integer(value) else { return bad(value) }
            return cFormat("lld", integer)
        case "f", "F", "e", "E", "g", "G":
            guard let number = Self.double(value) else { return bad(value) }
            return cFormat(String(verb == "F" ? "f" : verb), number)
        case "x", "X":
            return pad(hex(value, uppercase: verb == "X") ?? bad(value))
        default:
            return bad(value)
        }
    }

    private func hex(_ value: JSONValue, uppercase: Bool) -> String? {
        let digits: String
        if case .string(let text) = value {
            digits = text.utf8.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        } else if let integer = Self.integer(value) {
            digits = (integer < 0 ? "-" : "") + String(integer.magnitude, radix: 16)
        } else {
            return nil
        }
        return uppercase ? digits.uppercased() : digits
    }

    /// C's printf for numbers, which shares Go's flags, width and precision.
    private func cFormat(_ conversion: String, _ argument: any CVarArg) -> String {
        let width = width.map(String.init) ?? ""
        let precision = precision.map { ".\($0)" } ?? ""
        return String(format: "%\(flags)\(width)\(precision)\(conversion)", argument)
    }

    private func pad(_ text: String) -> String {
        guard let width else { return text }
        return flags.contains("-") ? TextFitting.padRight(text, to: width) : TextFitting.padLeft(text, to: width)
    }

    private func bad(_ value: JSONValue) -> String {
        "%!\(verb.map(String.init) ?? "")(\(value.displayTypeName)=\(value.displayText))"
    }

    private static func double(_ value: JSONValue) -> Double? {
        switch value {
        case .number(let literal): return Double(literal)
        case .string(let text): return Double(text.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }

    /// The value as a whole number (a fraction truncated toward zero), nil outside Int64's range.
    private static func integer(_ value: JSONValue) -> Int64? {
        guard let number = double(value)?.rounded(.towardZero), abs(number) < 9.2e18 else { return nil }
        return Int64(number)
    }

    private static func digits(_ characters: inout Substring) -> Int? {
        let run = characters.prefix(while: \.isASCIIDigit)
        characters.removeFirst(run.count)
        return Int(run)
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
