/// Folds the parts of an `allOf` into one schema: properties are combined (a property named by
/// several parts becomes an `allOf` of its schemas), `required` lists are united, `type`s and
/// `enum`s intersected; for any other keyword the first part that sets it wins.
struct CodegenSchemaMerger {
    /// The merged schema, or why the parts cannot be merged.
    enum Outcome: Equatable {
        case schema(JSONValue)
        case unsupported(String)
    }

    private var members: [JSONMember] = []
    private var isFalse = false
    private var conflict: String?

    var outcome: Outcome {
        if let conflict { return .unsupported(conflict) }
        return .schema(isFalse ? .bool(false) : .object(members))
    }

    mutating func add(_ part: JSONValue) {
        switch part {
        case .bool(let value): isFalse = isFalse || !value
        case .object(let partMembers): partMembers.forEach { merge($0) }
        default: conflict = "an allOf part is not a schema"
        }
    }

    private mutating func merge(_ member: JSONMember) {
        guard let index = members.firstIndex(where: { $0.key == member.key }) else {
            members.append(member)
            return
        }
        let existing = members[index].value
        guard existing != member.value else { return }
        switch member.key {
        case "properties":
            members[index].value = .object(mergedProperties(existing.members ?? [], member.value.members ?? []))
        case "required":
            var names = existing.arrayValue ?? []
            for name in member.value.arrayValue ?? [] where !names.contains(name) { names.append(name) }
            members[index].value = .array(names)
        case "type":
            let common = Self.intersection(Self.types(existing), Self.types(member.value))
            if common.isEmpty { isFalse = true }
            members[index].value = common.count == 1 ? .string(common[0]) : .array(common.map(JSONValue.string))
        case "enum":
            let allowed = member.value.arrayValue ?? []
            let common = (existing.arrayValue ?? []).filter { allowed.contains($0) }
            if common.isEmpty { isFalse = true }
            members[index].value = .array(common)
        case "const":
            isFalse = true
        case "oneOf", "anyOf", "$ref":
            conflict = "allOf combines several \(member.key) keywords"
        default:
            break
        }
    }

    private func mergedProperties(_ first: [JSONMember], _ second: [JSONMember]) -> [JSONMember] {
        var result = first
        for property in second {
            if let index = result.firstIndex(where: { $0.key == property.key }) {
                guard result[index].value != property.value else { continue }
                result[index].value = .object([JSONMember(key: "allOf", value: .array([result[index].value, property.value]))])
            } else {
                result.append(property)
            }
        }
        return result
    }

    private static func types(_ value: JSONValue) -> [String] {
        if let single = value.stringValue { return [single] }
        return (value.arrayValue ?? []).compactMap(\.stringValue)
    }

    /// Types both lists allow; `integer` is the common ground of `integer` and `number`.
    private static func intersection(_ first: [String], _ second: [String]) -> [String] {
        var result: [String] = []
        for type in first {
            let common: String? = if second.contains(type) {
                type
            } else if (type == "integer" && second.contains("number")) || (type == "number" && second.contains("integer")) {
                "integer"
            } else {
                nil
            }
            if let common, !result.contains(common) { result.append(common) }
        }
        return result
    }
}
