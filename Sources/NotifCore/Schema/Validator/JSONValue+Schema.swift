/// Small read-only helpers the schema code needs on `JSONValue`; kept here so the JSON files stay untouched.
extension JSONValue {
    /// `.raw` bytes parsed into a tree (nil when they are not valid JSON); every other case unchanged.
    var expandingRaw: JSONValue? {
        guard case .raw(let bytes) = self else { return self }
        return try? JSONValue.parse(bytes)
    }

    /// The exact decimal value of a number (nil for non-numbers and, defensively, malformed literals).
    var schemaNumber: JSONNumber? {
        guard case .number(let literal) = self else { return nil }
        return JSONNumber(literal: literal)
    }

    /// The JSON Schema primitive type name; numbers without a fractional part are "integer".
    var schemaTypeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return schemaNumber?.isInteger == true ? "integer" : "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        case .raw: return expandingRaw.map { $0.schemaTypeName } ?? "invalid"
        }
    }

    /// Object members with duplicate keys collapsed (last one wins, like most JSON decoders), in first-seen order.
    var uniqueMembers: [JSONMember]? {
        guard case .object(let members) = self else { return nil }
        var position: [String: Int] = [:]
        var result: [JSONMember] = []
        result.reserveCapacity(members.count)
        for member in members {
            if let index = position[member.key] {
                result[index].value = member.value
            } else {
                position[member.key] = result.count
                result.append(member)
            }
        }
        return result
    }
}
