/// Turns schema, property and enum-value names into identifiers valid in both Swift and TypeScript:
/// ASCII letters, digits and `_`, never starting with a digit.
enum CodegenNaming {
    /// `order-created` → `OrderCreated`, `orders.created` → `OrdersCreated`, `userID` → `UserID`.
    static func pascalCase(_ raw: String) -> String {
        let name = words(raw).map(capitalizingFirst).joined()
        return identifier(name, fallback: "Value")
    }

    /// `order_id` → `orderId`, `Order-ID` → `orderID`, `URLPath` → `urlPath`, `2fa` → `_2fa`.
    static func camelCase(_ raw: String) -> String {
        let parts = words(raw)
        guard let first = parts.first else { return "value" }
        let name = lowercasingLeadingCapitals(first) + parts.dropFirst().map(capitalizingFirst).joined()
        return identifier(name, fallback: "value")
    }

    /// Runs of ASCII letters and digits; everything else separates words.
    static func words(_ raw: String) -> [String] {
        var result: [String] = []
        var current = ""
        for scalar in raw.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// Whether `name` can be written as a bare TypeScript property key.
    static func isPlainTypeScriptKey(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "$")
        }
    }

    private static func identifier(_ name: String, fallback: String) -> String {
        guard let first = name.unicodeScalars.first else { return fallback }
        return ("0"..."9").contains(first) ? "_" + name : name
    }

    private static func capitalizingFirst(_ word: String) -> String {
        word.prefix(1).uppercased() + word.dropFirst()
    }

    /// `URLPath` → `urlPath`, `ID` → `id`, `Order` → `order`.
    private static func lowercasingLeadingCapitals(_ word: String) -> String {
        let characters = Array(word)
        let capitals = characters.prefix { $0.isUppercase }.count
        if capitals == 0 { return word }
        if capitals == characters.count || capitals == 1 {
            return String(characters[..<capitals]).lowercased() + String(characters[capitals...])
        }
        // Keep the last capital of an acronym: it starts the next word ("URLPath" → "url" + "Path").
        let cut = characters[capitals].isLetter ? capitals - 1 : capitals
        return String(characters[..<cut]).lowercased() + String(characters[cut...])
    }
}

/// Hands out unique type names. Names that would shadow Swift, Foundation or TypeScript types (or
/// the generated helpers) get a `Model` suffix; clashes get a number.
struct CodegenNameAllocator {
    static let reserved: Set<String> = [
        "Any", "AnyObject", "Array", "Bool", "CaseIterable", "Character", "Codable", "CodingKey", "CodingKeys",
        "Collection", "Data", "Date", "Decimal", "Decodable", "Decoder", "DecodingError", "Dictionary", "Double",
        "Encodable", "Encoder", "EncodingError", "RawRepresentable",
        "Equatable", "Error", "Float", "Foundation", "Hashable", "Int", "Int64", "Never", "Optional",
        "Protocol", "Result", "Self", "Sendable", "Sequence", "Set", "String", "Substring", "Swift", "Type",
        "UInt", "URL", "UUID", "Void", "JSONAny", "Indirect",
        "BigInt", "Boolean", "Exclude", "Extract", "Function", "JSON", "Map", "Math", "NonNullable", "Number",
        "Object", "Omit", "Partial", "Pick", "Promise", "Readonly", "Record", "RegExp", "Required", "Symbol",
    ]

    private var taken: Set<String> = []

    /// The first free candidate; otherwise the first candidate with the smallest free number appended.
    mutating func allocate(_ candidates: [String]) -> String {
        let usable = candidates.map { Self.reserved.contains($0) ? $0 + "Model" : $0 }
        let chosen = usable.first { !taken.contains($0) } ?? numbered(usable[0])
        taken.insert(chosen)
        return chosen
    }

    mutating func allocate(_ candidate: String) -> String { allocate([candidate]) }

    mutating func release(_ name: String) { taken.remove(name) }

    private func numbered(_ base: String) -> String {
        var number = 2
        while taken.contains(base + String(number)) { number += 1 }
        return base + String(number)
    }
}

/// Unique member names within one Swift type (properties, enum cases).
struct CodegenMemberNames {
    private var taken: Set<String>

    init(reserved: Set<String> = []) { taken = reserved }

    mutating func allocate(_ candidate: String) -> String {
        var name = candidate
        var number = 2
        while taken.contains(name) {
            name = candidate + String(number)
            number += 1
        }
        taken.insert(name)
        return name
    }
}

extension CodegenNaming {
    /// `text` in double quotes with `\\`, `\"`, `\n`, `\r` and `\t` escaped, and every other scalar
    /// `escape` returns a spelling for (each language spells control characters its own way).
    static func quoted(_ text: String, escape: (Unicode.Scalar) -> String?) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if let spelled = escape(scalar) { result += spelled } else { result.unicodeScalars.append(scalar) }
            }
        }
        return result + "\""
    }
}
