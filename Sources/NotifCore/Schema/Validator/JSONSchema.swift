/// A compiled JSON Schema (draft-04, -06 or -07, chosen by "$schema"; draft-07 when absent).
///
/// Compile once and validate many instances; the value is immutable and can be shared between
/// tasks. References are resolved at compile time against the document itself, the supplied
/// `remotes` and the built-in draft meta-schemas — never over the network.
public struct JSONSchema: Sendable {
    private let program: SchemaProgram

    /// Compiles `document`; throws `JSONSchemaError` when it is not a valid schema (e.g. "type": 12,
    /// "minLength": -1, an unresolvable `$ref`, a non-object/non-bool schema where one is required).
    /// `remotes` maps absolute URIs (e.g. "http://localhost:1234/integer.json") to the documents that
    /// `$ref`s to those URIs resolve to.
    public init(_ document: JSONValue, remotes: [String: JSONValue] = [:]) throws {
        program = try SchemaCompiler.compile(document: document, remotes: remotes)
    }

    /// Every violation, in schema keyword order (empty means valid). Recursion is bounded: a `$ref`
    /// cycle that makes no progress through the instance yields a "ref_cycle" violation and nesting
    /// deeper than the evaluation limit a "depth" violation.
    public func validate(_ instance: JSONValue) -> [JSONSchemaViolation] {
        var validator = SchemaValidator(program: program, failFast: false)
        return validator.validate(instance, against: program.root)
    }

    /// Whether `instance` satisfies the schema (stops at the first violation).
    public func isValid(_ instance: JSONValue) -> Bool {
        var validator = SchemaValidator(program: program, failFast: true)
        return validator.validate(instance, against: program.root).isEmpty
    }
}
