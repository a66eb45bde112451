import NotifCore

/// Prints results: readable tables and `key: value` blocks for people, or with `--json` one compact
/// JSON object per line.
struct Output {
    let json: Bool

    func line(_ text: String) { Terminal.printOut(text) }

    /// One JSON value on one line.
    func jsonLine(_ value: JSONValue) { Terminal.printOut(value.jsonString) }

    /// A list: one JSON object per line with `--json`, else a table (or `empty` when there is nothing).
    func list(_ items: [JSONValue], empty: String, columns: [Column]) {
        if json {
            items.forEach(jsonLine)
            return
        }
        guard !items.isEmpty else {
            line(empty)
            return
        }
        let rows = items.map { item in columns.map { $0.value(item) } }
        TextTable(headers: columns.map(\.header), rows: rows).render().forEach(line)
    }

    /// One object: the JSON itself with `--json`, else `label: value` lines.
    func object(_ value: JSONValue, fields: [Column]) {
        if json {
            jsonLine(value)
            return
        }
        // Table headers are upper case; as labels they read better in sentence case.
        let labels = fields.map { $0.header == $0.header.uppercased() ? $0.header.prefix(1) + $0.header.dropFirst().lowercased() : $0.header }
        let width = labels.map(\.count).max() ?? 0
        for (label, field) in zip(labels, fields) {
            let text = field.value(value)
            guard !text.isEmpty else { continue }
            line(label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + text)
        }
    }

    /// A confirmation: `{"…": …}` with `--json`, else the sentence.
    func done(_ sentence: String, json value: JSONValue) {
        if json { jsonLine(value) } else { line(sentence) }
    }

    /// A column of a table (or a field of an object block) and how to read it from an item.
    struct Column: Sendable {
        var header: String
        var value: @Sendable (JSONValue) -> String

        init(_ header: String, _ value: @escaping @Sendable (JSONValue) -> String) {
            self.header = header
            self.value = value
        }

        /// The item's `key` as text (strings bare, other values as JSON, null as empty).
        init(_ header: String, key: String) {
            self.init(header) { Output.text($0[key]) }
        }
    }

    static func text(_ value: JSONValue?) -> String {
        switch value {
        case nil, .null?: ""
        case .string(let text)?: text
        case let other?: other.jsonString
        }
    }
}
