import Foundation
import NotifCore

/// `.notif.yaml`: what `notif schemas generate` turns into types, and where it writes them.
///
/// ```yaml
/// output:
///   swift: Sources/App/NotifSchemas.swift
///   typescript: src/notif-schemas.ts
/// schemas:                       # omit to generate every schema on the server
///   - name: order-created        # the latest version on the server
///   - file: schemas/order.yaml   # a local definition, as for `notif schemas push`
/// ```
/// Paths are relative to the file's directory.
struct CodegenConfig {
    enum Entry: Equatable {
        case remote(name: String)
        case local(path: String)
    }

    var swiftOutput: String?
    var typeScriptOutput: String?
    var entries: [Entry]
    /// The directory relative paths start from.
    var baseDirectory: String

    static let fileName = ".notif.yaml"

    /// The nearest `.notif.yaml` from the current directory upwards.
    static func find(from directory: String = FileManager.default.currentDirectoryPath) -> String? {
        var current = URL(fileURLWithPath: directory).standardizedFileURL
        while true {
            let candidate = current.appendingPathComponent(fileName).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { return nil }
            current = parent
        }
    }

    init(swiftOutput: String?, typeScriptOutput: String?, entries: [Entry], baseDirectory: String) {
        self.swiftOutput = swiftOutput
        self.typeScriptOutput = typeScriptOutput
        self.entries = entries
        self.baseDirectory = baseDirectory
    }

    init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIFailure.usage("error: cannot read \(path)") }
        let document = try YAMLDocument.parse(String(decoding: data, as: UTF8.self), file: path)
        let output = document["output"]
        var entries: [Entry] = []
        for (index, item) in (document["schemas"]?.arrayValue ?? []).enumerated() {
            if let name = item["name"]?.stringValue ?? item.stringValue {
                entries.append(.remote(name: name))
            } else if let file = item["file"]?.stringValue {
                entries.append(.local(path: file))
            } else {
                throw CLIFailure.usage("error: \(path): schemas[\(index)] needs a name or a file")
            }
        }
        self.init(swiftOutput: output?["swift"]?.stringValue, typeScriptOutput: output?["typescript"]?.stringValue,
                  entries: entries, baseDirectory: (path as NSString).deletingLastPathComponent)
    }

    func resolve(_ path: String) -> String {
        path.hasPrefix("/") || baseDirectory.isEmpty ? path : baseDirectory + "/" + path
    }

    /// The text `notif schemas init` writes.
    static func template(names: [String]) -> String {
        var text = """
            # notif schemas generate: which schemas become types, and where they are written.
            # Paths are relative to this file.
            output:
              swift: NotifSchemas.swift
              typescript: notif-schemas.ts
            """
        if names.isEmpty {
            text += """

                # Without a list, every schema on the server is generated. To choose:
                # schemas:
                #   - name: order-created        # the latest version on the server
                #   - file: schemas/order.yaml   # a local definition, as for 'notif schemas push'

                """
        } else {
            text += "\nschemas:\n" + names.map { "  - name: \($0)\n" }.joined()
        }
        return text
    }
}
