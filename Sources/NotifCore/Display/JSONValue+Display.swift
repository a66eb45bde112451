/// How templates and field lists read JSON values: printing, truthiness and lookups.
extension JSONValue {
    /// The same value with embedded `.raw` JSON parsed, at any depth (invalid bytes become null).
    var displayResolved: JSONValue {
        switch self {
        case .null, .bool, .number, .string: return self
        case .raw(let bytes): return ((try? JSONValue.parse(bytes)) ?? .null).displayResolved
        case .array(let elements): return .array(elements.map(\.displayResolved))
        case .object(let members):
            return .object(members.map { JSONMember(key: $0.key, value: $0.value.displayResolved) })
        }
    }

    /// What a template action prints: strings as they are, numbers as their JSON literal, null as
    /// nothing, arrays and objects as compact JSON.
    var displayText: String {
        switch self {
        case .null: return ""
        case .bool(let value): return value ? "true" : "false"
        case .number(let literal): return literal
        case .string(let value): return value
        case .array, .object, .raw: return displayResolved.jsonString
        }
    }

    /// Go template truthiness: false, zero, null and empty strings, arrays and objects are false.
    var isDisplayTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let value): return value
        case .number(let literal): return (Double(literal) ?? 0) != 0
        case .string(let value): return !value.isEmpty
        case .array(let elements): return !elements.isEmpty
        case .object(let members): return !members.isEmpty
        case .raw: return displayResolved.isDisplayTruthy
        }
    }

    /// The member `key` of an object, or the element at a decimal index of an array; null otherwise.
    func displayMember(_ key: String) -> JSONValue {
        switch self {
        case .object: return self[key] ?? .null
        case .array: return Int(key).flatMap { self[$0] } ?? .null
        case .raw: return displayResolved.displayMember(key)
        default: return .null
        }
    }

    /// Follows `path` member by member; null as soon as a step is missing.
    func displayValue(atPath path: some Sequence<String>) -> JSONValue {
        path.reduce(self) { value, key in value.displayMember(key) }
    }

    /// The JSON type, for error messages.
    var displayTypeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        case .raw: return displayResolved.displayTypeName
        }
    }
}
