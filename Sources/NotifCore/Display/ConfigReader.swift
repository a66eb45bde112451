/// Typed reads of one JSON object of a display config, failing with the key's full path.
struct ConfigReader {
    let pattern: String?
    let keyPath: String
    private let members: [JSONMember]

    init(_ value: JSONValue, pattern: String?, keyPath: String) throws {
        guard case .object(let members) = value.displayResolved else {
            throw DisplayConfigError(pattern: pattern, key: keyPath, message: "must be an object")
        }
        self.pattern = pattern
        self.keyPath = keyPath
        self.members = members
    }

    /// `name` under this object's path.
    func key(_ name: String) -> String { keyPath.isEmpty ? name : "\(keyPath).\(name)" }

    func fail(_ name: String, _ message: String) -> DisplayConfigError {
        DisplayConfigError(pattern: pattern, key: key(name), message: message)
    }

    /// The member's value; absent and null are the same.
    func value(_ name: String) -> JSONValue? {
        guard let value = members.first(where: { $0.key == name })?.value, !value.isNull else { return nil }
        return value
    }

    func string(_ name: String) throws -> String? {
        guard let value = value(name) else { return nil }
        guard case .string(let text) = value else { throw fail(name, "must be a string") }
        return text
    }

    func integer(_ name: String) throws -> Int? {
        guard let value = value(name) else { return nil }
        guard let number = value.doubleValue, number == number.rounded(), abs(number) < 1e9 else {
            throw fail(name, "must be an integer")
        }
        return Int(number)
    }

    func array(_ name: String) throws -> [JSONValue]? {
        guard let value = value(name) else { return nil }
        guard case .array(let elements) = value else { throw fail(name, "must be an array") }
        return elements
    }

    func object(_ name: String) throws -> [JSONMember]? {
        guard let value = value(name) else { return nil }
        guard case .object(let members) = value else { throw fail(name, "must be an object") }
        return members
    }

    /// The readers of the objects in the array `name` (`name[0]`, `name[1]`, …).
    func objects(_ name: String) throws -> [ConfigReader] {
        try (array(name) ?? []).enumerated().map { index, element in
            try ConfigReader(element, pattern: pattern, keyPath: "\(key(name))[\(index)]")
        }
    }

    /// The SGR code of the colour name at `name`.
    func color(_ name: String) throws -> String? {
        guard let colorName = try string(name) else { return nil }
        guard let code = ANSIStyle.foreground(colorName) else { throw fail(name, "unknown color \"\(colorName)\"") }
        return code
    }
}
