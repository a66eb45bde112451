/// `required`, `maxProperties` / `minProperties`, `properties` / `patternProperties` /
/// `additionalProperties`, `dependencies` and `propertyNames`. Object-level problems are reported
/// at the object's path, problems inside a property value at the property's path.
extension SchemaValidator {
    mutating func checkRequired(_ names: [String], _ object: JSONValue, into violations: inout [JSONSchemaViolation]) {
        let present = Set((object.uniqueMembers ?? []).map(\.key))
        for name in names where !present.contains(name) {
            report("required", "\(name) is required", into: &violations)
            if failFast { return }
        }
    }

    mutating func checkPropertyCount(_ members: [JSONMember], maximum: Int, into violations: inout [JSONSchemaViolation]) {
        guard Set(members.map(\.key)).count > maximum else { return }
        report("array_max_properties", "Must have at most \(maximum) properties", into: &violations)
    }

    mutating func checkPropertyCount(_ members: [JSONMember], minimum: Int, into violations: inout [JSONSchemaViolation]) {
        guard Set(members.map(\.key)).count < minimum else { return }
        report("array_min_properties", "Must have at least \(minimum) properties", into: &violations)
    }

    mutating func checkProperties(_ rules: PropertyRules, _ object: JSONValue, into violations: inout [JSONSchemaViolation]) {
        let start = violations.count
        for member in object.uniqueMembers ?? [] {
            var matched = false
            if let node = rules.named[member.key] {
                matched = true
                evaluateChild(node, member.value, at: member.key, into: &violations)
            }
            for (pattern, node) in rules.patterns where pattern.matches(member.key) {
                matched = true
                evaluateChild(node, member.value, at: member.key, into: &violations)
            }
            if !matched, let additional = rules.additional {
                if case .boolean(false) = nodes[additional] {
                    report("additional_property_not_allowed", "Additional property \(member.key) is not allowed", into: &violations)
                } else {
                    evaluateChild(additional, member.value, at: member.key, into: &violations)
                }
            }
            if failFast && violations.count > start { return }
        }
    }

    mutating func checkPropertyDependency(_ property: String, requires: [String], _ object: JSONValue,
                                          into violations: inout [JSONSchemaViolation]) {
        let present = Set((object.uniqueMembers ?? []).map(\.key))
        guard present.contains(property) else { return }
        for name in requires where !present.contains(name) {
            report("missing_dependency", "Has a dependency on \(name)", into: &violations)
            if failFast { return }
        }
    }

    mutating func checkSchemaDependency(_ property: String, _ node: Int, _ object: JSONValue,
                                        into violations: inout [JSONSchemaViolation]) {
        guard object[property] != nil else { return }
        evaluate(node, object, into: &violations)
    }

    mutating func checkPropertyNames(_ node: Int, _ object: JSONValue, into violations: inout [JSONSchemaViolation]) {
        for member in object.uniqueMembers ?? [] where !passesChild(node, .string(member.key), at: member.key) {
            report("invalid_property_name", "Property name of \"\(member.key)\" does not match", into: &violations)
            if failFast { return }
        }
    }
}
