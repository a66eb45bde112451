/// Why a document could not be compiled into a `JSONSchema`: it is not a valid draft-04/06/07 schema
/// (a keyword has a value of the wrong shape, a regular expression does not compile, a `$ref` cannot
/// be resolved locally or from the supplied remotes, …). `message` names the offending location.
public struct JSONSchemaError: Error, Sendable, CustomStringConvertible {
    public var message: String

    init(message: String) {
        self.message = message
    }

    public var description: String { "invalid JSON Schema: \(message)" }
}
