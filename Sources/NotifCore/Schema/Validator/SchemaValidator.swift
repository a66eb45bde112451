/// Evaluates a `SchemaProgram` against one instance, collecting violations. One validator per
/// `validate` call: it tracks the instance path, the `$ref`s active at the current instance location
/// (re-entering one without moving through the instance is a cycle) and the evaluation depth.
struct SchemaValidator {
    let nodes: [SchemaNode]
    /// Stop at the first violation of each schema (when only validity matters).
    var failFast: Bool
    private var path: [String] = []
    private var activeReferences: Set<Int> = []
    private var depth = 0
    /// Bounds the stack this validation uses.
    private var stack = StackGuard()
    /// The first depth-limit or `$ref`-cycle violation, which must never be lost inside `not` / `anyOf`.
    private var abort: JSONSchemaViolation?

    init(program: SchemaProgram, failFast: Bool) {
        self.nodes = program.nodes
        self.failFast = failFast
    }

    mutating func validate(_ instance: JSONValue, against root: Int) -> [JSONSchemaViolation] {
        var violations: [JSONSchemaViolation] = []
        stack = StackGuard()
        evaluate(root, instance, into: &violations)
        if let abort, !violations.contains(abort) { violations.append(abort) }
        return violations
    }

    /// The instance path in gojsonschema form: "(root)" or "items.0.name".
    var field: String { path.isEmpty ? "(root)" : path.joined(separator: ".") }

    mutating func report(_ type: String, _ message: String, into violations: inout [JSONSchemaViolation]) {
        violations.append(JSONSchemaViolation(field: field, message: message, type: type))
    }

    /// Appends the violations of `instance` (at the current path) against `node`.
    mutating func evaluate(_ node: Int, _ instance: JSONValue, into violations: inout [JSONSchemaViolation]) {
        guard depth < SchemaLimits.maxEvaluationDepth, !stack.isExhausted else {
            reportAbort("depth", "Nesting exceeds the maximum validation depth", into: &violations)
            return
        }
        depth += 1
        defer { depth -= 1 }
        guard let instance = instance.expandingRaw else {
            report("invalid_json", "Is not valid JSON", into: &violations)
            return
        }
        switch nodes[node] {
        case .boolean(true):
            return
        case .boolean(false):
            report("false", "False always fails validation", into: &violations)
        case .reference(let target):
            guard activeReferences.insert(node).inserted else {
                reportAbort("ref_cycle", "Circular $ref that never moves into the instance", into: &violations)
                return
            }
            evaluate(target, instance, into: &violations)
            activeReferences.remove(node)
        case .keywords(let keywords):
            let start = violations.count
            for keyword in keywords {
                evaluate(keyword, instance, into: &violations)
                if failFast && violations.count > start { return }
            }
        }
    }

    private mutating func reportAbort(_ type: String, _ message: String, into violations: inout [JSONSchemaViolation]) {
        report(type, message, into: &violations)
        if abort == nil { abort = violations.last }
    }

    /// Dispatches one keyword. Applicators (which recurse) and assertions (which do not) go through
    /// separate functions so the recursive path keeps small stack frames.
    private mutating func evaluate(_ keyword: SchemaKeyword, _ instance: JSONValue, into violations: inout [JSONSchemaViolation]) {
        switch keyword {
        case .items, .tupleItems, .contains, .properties, .schemaDependency, .propertyNames,
             .allOf, .anyOf, .oneOf, .not, .conditional:
            evaluateApplicator(keyword, instance, into: &violations)
        default:
            evaluateAssertion(keyword, instance, into: &violations)
        }
    }

    private mutating func evaluateApplicator(_ keyword: SchemaKeyword, _ instance: JSONValue,
                                             into violations: inout [JSONSchemaViolation]) {
        switch keyword {
        case .items(let node):
            if case .array(let elements) = instance { checkItems(node, elements, into: &violations) }
        case .tupleItems(let nodes, let additional):
            if case .array(let elements) = instance { checkTupleItems(nodes, additional: additional, elements, into: &violations) }
        case .contains(let node):
            if case .array(let elements) = instance { checkContains(node, elements, into: &violations) }
        case .properties(let rules):
            if case .object = instance { checkProperties(rules, instance, into: &violations) }
        case .schemaDependency(let property, let node):
            if case .object = instance { checkSchemaDependency(property, node, instance, into: &violations) }
        case .propertyNames(let node):
            if case .object = instance { checkPropertyNames(node, instance, into: &violations) }
        case .allOf(let nodes):
            checkAllOf(nodes, instance, into: &violations)
        case .anyOf(let nodes):
            checkAnyOf(nodes, instance, into: &violations)
        case .oneOf(let nodes):
            checkOneOf(nodes, instance, into: &violations)
        case .not(let node):
            checkNot(node, instance, into: &violations)
        case .conditional(let condition, let then, let otherwise):
            checkConditional(if: condition, then: then, else: otherwise, instance, into: &violations)
        default:
            break
        }
    }

    private mutating func evaluateAssertion(_ keyword: SchemaKeyword, _ instance: JSONValue,
                                            into violations: inout [JSONSchemaViolation]) {
        switch (keyword, instance) {
        case (.type(let names, let integerLiteralOnly), _):
            checkType(names, integerLiteralOnly: integerLiteralOnly, instance, into: &violations)
        case (.enumeration(let values), _):
            checkEnum(values, instance, into: &violations)
        case (.constant(let value), _):
            checkConst(value, instance, into: &violations)
        case (.multipleOf(let divisor, let literal), .number(let number)):
            checkMultipleOf(divisor, literal: literal, number, into: &violations)
        case (.bound(let bound), .number(let number)):
            checkBound(bound, number, into: &violations)
        case (.maxLength(let limit), .string(let text)):
            checkLength(text, maximum: limit, into: &violations)
        case (.minLength(let limit), .string(let text)):
            checkLength(text, minimum: limit, into: &violations)
        case (.pattern(let pattern), .string(let text)):
            checkPattern(pattern, text, into: &violations)
        case (.format(let format), .string(let text)):
            checkFormat(format, text, into: &violations)
        case (.maxItems(let limit), .array(let elements)):
            checkItemCount(elements, maximum: limit, into: &violations)
        case (.minItems(let limit), .array(let elements)):
            checkItemCount(elements, minimum: limit, into: &violations)
        case (.uniqueItems, .array(let elements)):
            checkUniqueItems(elements, into: &violations)
        case (.required(let names), .object):
            checkRequired(names, instance, into: &violations)
        case (.maxProperties(let limit), .object(let members)):
            checkPropertyCount(members, maximum: limit, into: &violations)
        case (.minProperties(let limit), .object(let members)):
            checkPropertyCount(members, minimum: limit, into: &violations)
        case (.propertyDependency(let property, let requires), .object):
            checkPropertyDependency(property, requires: requires, instance, into: &violations)
        default:
            break
        }
    }

    /// Evaluates `node` against a value inside the current instance, one path component deeper.
    mutating func evaluateChild(_ node: Int, _ instance: JSONValue, at component: String,
                                into violations: inout [JSONSchemaViolation]) {
        path.append(component)
        let outerReferences = activeReferences
        activeReferences = []
        evaluate(node, instance, into: &violations)
        activeReferences = outerReferences
        path.removeLast()
    }

    /// Whether `instance` (at the current location) satisfies `node`; stops at the first violation.
    mutating func passes(_ node: Int, _ instance: JSONValue) -> Bool {
        let outerFailFast = failFast
        failFast = true
        var scratch: [JSONSchemaViolation] = []
        evaluate(node, instance, into: &scratch)
        failFast = outerFailFast
        return scratch.isEmpty
    }

    /// Whether a value inside the current instance satisfies `node`.
    mutating func passesChild(_ node: Int, _ instance: JSONValue, at component: String) -> Bool {
        let outerFailFast = failFast
        failFast = true
        var scratch: [JSONSchemaViolation] = []
        evaluateChild(node, instance, at: component, into: &scratch)
        failFast = outerFailFast
        return scratch.isEmpty
    }

    /// The violations of `instance` (at the current location) against `node`, kept separate.
    mutating func violations(of node: Int, _ instance: JSONValue) -> [JSONSchemaViolation] {
        var result: [JSONSchemaViolation] = []
        evaluate(node, instance, into: &result)
        return result
    }
}
