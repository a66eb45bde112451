/// RFC 6570 URI Template syntax: literals (URI characters, percent-encoded triplets, non-ASCII) and
/// `{expressions}` with an optional operator and a comma-separated list of variables, each with
/// an optional `*` explode or `:N` prefix (1–9999) modifier.
enum URITemplateFormat {
    private static let operators = Set("+#./;?&".unicodeScalars)
    private static let forbiddenLiterals = Set(" \"<>\\^`{|}".unicodeScalars)

    static func isValid(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "{" {
                guard let close = scalars[index...].firstIndex(of: "}"), isExpression(scalars[(index + 1)..<close]) else { return false }
                index = close + 1
            } else if scalar == "%" {
                guard index + 2 < scalars.count, scalars[index + 1].isASCIIHexDigit, scalars[index + 2].isASCIIHexDigit else { return false }
                index += 3
            } else {
                guard scalar.value > 0x20, scalar.value != 0x7F, !forbiddenLiterals.contains(scalar) else { return false }
                index += 1
            }
        }
        return true
    }

    private static func isExpression(_ body: ArraySlice<Unicode.Scalar>) -> Bool {
        var list = body
        if let first = list.first, operators.contains(first) { list = list.dropFirst() }
        guard !list.isEmpty else { return false }
        return list.split(separator: ",", omittingEmptySubsequences: false).allSatisfy(isVariableSpec)
    }

    private static func isVariableSpec(_ spec: ArraySlice<Unicode.Scalar>) -> Bool {
        var name = spec
        if spec.last == "*" {
            name = spec.dropLast()
        } else if let colon = spec.firstIndex(of: ":") {
            let length = spec[(colon + 1)...]
            guard (1...4).contains(length.count), length.allSatisfy(\.isASCIIDigit), length.first != "0" else { return false }
            name = spec[..<colon]
        }
        return isVariableName(name)
    }

    /// `varchar *( ["."] varchar )` where varchar is a letter, digit, `_` or a `%XX` triplet.
    private static func isVariableName(_ name: ArraySlice<Unicode.Scalar>) -> Bool {
        guard !name.isEmpty, name.first != ".", name.last != "." else { return false }
        var index = name.startIndex
        var previousWasDot = false
        while index < name.endIndex {
            let scalar = name[index]
            if scalar == "%" {
                guard index + 2 < name.endIndex, name[index + 1].isASCIIHexDigit, name[index + 2].isASCIIHexDigit else { return false }
                index += 3
                previousWasDot = false
                continue
            }
            if scalar == "." {
                guard !previousWasDot else { return false }
                previousWasDot = true
            } else {
                guard scalar.isASCIILetter || scalar.isASCIIDigit || scalar == "_" else { return false }
                previousWasDot = false
            }
            index += 1
        }
        return true
    }
}
