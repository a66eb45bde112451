/// `items` / `additionalItems`, `maxItems` / `minItems`, `uniqueItems` and `contains`.
extension SchemaValidator {
    mutating func checkItems(_ node: Int, _ elements: [JSONValue], into violations: inout [JSONSchemaViolation]) {
        let start = violations.count
        for (index, element) in elements.enumerated() {
            evaluateChild(node, element, at: String(index), into: &violations)
            if failFast && violations.count > start { return }
        }
    }

    mutating func checkTupleItems(_ nodes: [Int], additional: Int?, _ elements: [JSONValue],
                                  into violations: inout [JSONSchemaViolation]) {
        let start = violations.count
        for (index, element) in elements.prefix(nodes.count).enumerated() {
            evaluateChild(nodes[index], element, at: String(index), into: &violations)
            if failFast && violations.count > start { return }
        }
        guard let additional, elements.count > nodes.count else { return }
        if case .boolean(false) = self.nodes[additional] {
            report("array_no_additional_items", "No additional items allowed on array", into: &violations)
            return
        }
        for index in nodes.count..<elements.count {
            evaluateChild(additional, elements[index], at: String(index), into: &violations)
            if failFast && violations.count > start { return }
        }
    }

    mutating func checkItemCount(_ elements: [JSONValue], maximum: Int, into violations: inout [JSONSchemaViolation]) {
        guard elements.count > maximum else { return }
        report("array_max_items", "Array must have at most \(maximum) items", into: &violations)
    }

    mutating func checkItemCount(_ elements: [JSONValue], minimum: Int, into violations: inout [JSONSchemaViolation]) {
        guard elements.count < minimum else { return }
        report("array_min_items", "Array must have at least \(minimum) items", into: &violations)
    }

    /// Reports the first pair of equal items (JSON equality), bucketing by a structural hash first.
    mutating func checkUniqueItems(_ elements: [JSONValue], into violations: inout [JSONSchemaViolation]) {
        var buckets: [Int: [Int]] = [:]
        for (index, element) in elements.enumerated() {
            let hash = JSONEquality.hash(element)
            if let earlier = buckets[hash, default: []].first(where: { JSONEquality.equal(elements[$0], element) }) {
                report("unique", "array items[\(earlier),\(index)] must be unique", into: &violations)
                return
            }
            buckets[hash, default: []].append(index)
        }
    }

    mutating func checkContains(_ node: Int, _ elements: [JSONValue], into violations: inout [JSONSchemaViolation]) {
        for (index, element) in elements.enumerated() where passesChild(node, element, at: String(index)) { return }
        report("contains", "At least one of the items must match", into: &violations)
    }
}
