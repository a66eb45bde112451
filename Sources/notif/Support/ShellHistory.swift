import Foundation
import NotifCore

/// The `notif shell` history: the last 1 000 commands in `~/.notif/history` (owner-only).
struct ShellHistory {
    static let capacity = 1000
    let path: String
    private(set) var entries: [String]

    static var defaultPath: String { ClientSettings.directory + "/history" }

    init(path: String) {
        self.path = path
        let text = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
        entries = text.split(separator: "\n").map(String.init).suffix(Self.capacity)
    }

    /// `!!` is the last command, `!N` the N-th; nil for anything else.
    func recall(_ text: String) -> String? {
        if text == "!!" { return entries.last }
        guard text.hasPrefix("!"), let number = Int(text.dropFirst()), number >= 1, number <= entries.count else { return nil }
        return entries[number - 1]
    }

    /// Adds a command (not a repeat of the previous one) and saves the file; saving is best effort.
    mutating func append(_ command: String) {
        guard entries.last != command else { return }
        entries.append(command)
        if entries.count > Self.capacity { entries.removeFirst(entries.count - Self.capacity) }
        let directory = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let body = Data((entries.joined(separator: "\n") + "\n").utf8)
        if FileManager.default.createFile(atPath: path, contents: body, attributes: [.posixPermissions: 0o600]) {
            try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        }
    }
}

/// Splits a command line into words the way a POSIX shell does for quotes and backslashes.
enum ShellWords {
    struct UnterminatedQuote: Error, CustomStringConvertible {
        var description: String { "unterminated quote" }
    }

    static func split(_ line: String) throws -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if let open = quote {
                if character == open {
                    quote = nil
                } else if character == "\\" && open == "\"" {
                    escaped = true
                } else {
                    current.append(character)
                }
            } else if character == "'" || character == "\"" {
                quote = character
                inWord = true
            } else if character == "\\" {
                escaped = true
                inWord = true
            } else if character.isWhitespace {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        if quote != nil || escaped { throw UnterminatedQuote() }
        if inWord { words.append(current) }
        return words
    }
}
