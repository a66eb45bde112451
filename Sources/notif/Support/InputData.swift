import Foundation
import NotifCore

/// JSON given on the command line: from a flag, an argument, `@file`, or stdin.
enum InputData {
    /// The first of `flag`, `argument` and stdin (when stdin is not a terminal and not empty) that is
    /// present, parsed as JSON; nil when none is. `\!` becomes `!` (shells make people escape it).
    static func json(flag: String?, argument: String?, what: String = "data") throws -> JSONValue? {
        if let text = flag ?? argument {
            return try parse(try literalOrFile(text), what: what)
        }
        guard !Terminal.standardInputIsTerminal else { return nil }
        let bytes = Terminal.readStandardInput()
        guard bytes.contains(where: { !$0.isASCIIWhitespace }) else { return nil }
        return try parse(String(decoding: bytes, as: UTF8.self), what: what)
    }

    /// `@path` reads the file; anything else is the text itself.
    static func literalOrFile(_ text: String) throws -> String {
        guard text.hasPrefix("@"), text.count > 1 else { return text }
        let path = String(text.dropFirst())
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIFailure.usage("error: cannot read \(path)") }
        return String(decoding: data, as: UTF8.self)
    }

    static func parse(_ text: String, what: String) throws -> JSONValue {
        let unescaped = text.replacingOccurrences(of: "\\!", with: "!")
        do {
            return try JSONValue.parse(Array(unescaped.utf8))
        } catch {
            throw CLIFailure.usage("error: invalid JSON \(what): \(error)")
        }
    }
}

extension UInt8 {
    var isASCIIWhitespace: Bool { self == 0x20 || self == 0x0A || self == 0x0D || self == 0x09 }
}
