/// Splits a SQL script into statements at top-level semicolons, leaving semicolons inside quotes,
/// dollar-quoted bodies and comments alone. (The extended query protocol runs one statement at a time.)
enum SQLScript {
    static func statements(_ script: String) -> [String] {
        let characters = Array(script.unicodeScalars)
        var statements: [String] = []
        var current = String.UnicodeScalarView()
        var index = 0
        func peek(_ offset: Int) -> Unicode.Scalar? {
            index + offset < characters.count ? characters[index + offset] : nil
        }
        func flush() {
            let text = String(current).trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty && !isOnlyComments(text) { statements.append(text) }
            current = String.UnicodeScalarView()
        }
        while index < characters.count {
            let character = characters[index]
            if character == "-" && peek(1) == "-" {
                while index < characters.count && characters[index] != "\n" { current.append(characters[index]); index += 1 }
                continue
            }
            if character == "/" && peek(1) == "*" {
                while index < characters.count && !(characters[index] == "*" && peek(1) == "/") {
                    current.append(characters[index]); index += 1
                }
                if index < characters.count { current.append(contentsOf: ["*", "/"]); index += 2 }
                continue
            }
            if character == "'" || character == "\"" {
                current.append(character)
                index += 1
                while index < characters.count {
                    current.append(characters[index])
                    if characters[index] == character {
                        if peek(1) == character { index += 1; current.append(characters[index]) } else { index += 1; break }
                    }
                    index += 1
                }
                continue
            }
            if character == "$", let tag = dollarTag(characters, at: index) {
                current.append(contentsOf: tag.unicodeScalars)
                index += tag.unicodeScalars.count
                let closing = Array(tag.unicodeScalars)
                while index < characters.count {
                    if characters[index] == "$", index + closing.count <= characters.count,
                       Array(characters[index..<index + closing.count]) == closing {
                        current.append(contentsOf: closing)
                        index += closing.count
                        break
                    }
                    current.append(characters[index])
                    index += 1
                }
                continue
            }
            if character == ";" {
                flush()
                index += 1
                continue
            }
            current.append(character)
            index += 1
        }
        flush()
        return statements
    }

    /// `$tag$` or `$$` starting at `index`, if any.
    private static func dollarTag(_ characters: [Unicode.Scalar], at index: Int) -> String? {
        var end = index + 1
        while end < characters.count, characters[end] == "_" || characters[end].properties.isAlphabetic
                || (end > index + 1 && ("0"..."9").contains(characters[end])) {
            end += 1
        }
        guard end < characters.count, characters[end] == "$" else { return nil }
        return String(String.UnicodeScalarView(characters[index...end]))
    }

    private static func isOnlyComments(_ text: String) -> Bool {
        text.split(separator: "\n").allSatisfy { $0.trimmingCharacters(in: .whitespaces).hasPrefix("--") || $0.trimmingCharacters(in: .whitespaces).isEmpty }
    }
}
