/// `allOf`, `anyOf`, `oneOf`, `not` and `if` / `then` / `else`. When no `anyOf` / `oneOf` branch
/// matches, the violations of the closest branch follow the summary violation, as gojsonschema does.
extension SchemaValidator {
    mutating func checkAllOf(_ nodes: [Int], _ instance: JSONValue, into violations: inout [JSONSchemaViolation]) {
        let start = violations.count
        for node in nodes {
            evaluate(node, instance, into: &violations)
            if failFast && violations.count > start { break }
        }
        guard violations.count > start else { return }
        report("number_all_of", "Must validate all the schemas (allOf)", into: &violations)
    }

    mutating func checkAnyOf(_ nodes: [Int], _ instance: JSONValue, into violations: inout [JSONSchemaViolation]) {
        for node in nodes where passes(node, instance) { return }
        report("number_any_of", "Must validate at least one schema (anyOf)", into: &violations)
        appendClosestMatch(nodes, instance, into: &violations)
    }

    mutating func checkOneOf(_ nodes: [Int], _ instance: JSONValue, into violations: inout [JSONSchemaViolation]) {
        var matches = 0
        for node in nodes where passes(node, instance) {
            matches += 1
            if matches > 1 { break }
        }
        guard matches != 1 else { return }
        report("number_one_of", "Must validate one and only one schema (oneOf)", into: &violations)
        if matches == 0 { appendClosestMatch(nodes, instance, into: &violations) }
    }

    mutating func checkNot(_ node: Int, _ instance: JSONValue, into violations: inout [JSONSchemaViolation]) {
        guard passes(node, instance) else { return }
        report("number_not", "Must not validate the schema (not)", into: &violations)
    }

    mutating func checkConditional(if condition: Int, then: Int?, else otherwise: Int?, _ instance: JSONValue,
                                   into violations: inout [JSONSchemaViolation]) {
        let conditionHolds = passes(condition, instance)
        guard let branch = conditionHolds ? then : otherwise else { return }
        let branchViolations = self.violations(of: branch, instance)
        guard !branchViolations.isEmpty else { return }
        if conditionHolds {
            report("condition_then", "Must validate \"then\" as \"if\" was valid", into: &violations)
        } else {
            report("condition_else", "Must validate \"else\" as \"if\" was not valid", into: &violations)
        }
        violations.append(contentsOf: branchViolations)
    }

    /// Appends the violations of the branch that came closest to matching (skipped when failing
    /// fast): a branch whose `type` matched beats one whose did not, then fewer violations win.
    private mutating func appendClosestMatch(_ nodes: [Int], _ instance: JSONValue, into violations: inout [JSONSchemaViolation]) {
        guard !failFast else { return }
        let here = field
        var closest: (rank: (Int, Int), violations: [JSONSchemaViolation])?
        for node in nodes {
            let candidate = self.violations(of: node, instance)
            let wrongType = candidate.contains { $0.type == "invalid_type" && $0.field == here }
            let rank = (wrongType ? 1 : 0, candidate.count)
            if closest.map({ rank < $0.rank }) ?? true { closest = (rank, candidate) }
        }
        violations.append(contentsOf: closest?.violations ?? [])
    }
}
