/// Why an event failed its topic's schema: which schema and version, and every violation (at most
/// `SchemaViolationReport.maxViolations`).
public struct SchemaViolationReport: Sendable, Equatable {
    public static let maxViolations = 100

    public var schemaName: String
    public var version: String
    public var violations: [JSONSchemaViolation]

    public init(schemaName: String, version: String, violations: [JSONSchemaViolation]) {
        self.schemaName = schemaName
        self.version = version
        self.violations = Array(violations.prefix(Self.maxViolations))
    }

    /// One line for logs and DLQ entries: `schema order-placed@1.0.0: amount: amount is required; …`.
    public var summary: String {
        let details = violations.prefix(5).map { "\($0.field): \($0.message)" }.joined(separator: "; ")
        let more = violations.count > 5 ? "; and \(violations.count - 5) more" : ""
        return "schema \(schemaName)@\(version): \(details)\(more)"
    }

    /// The `validation_errors` array of api-spec §2.2.
    public var violationsJSON: JSONValue {
        .array(violations.map { .object(["field": .string($0.field), "message": .string($0.message), "type": .string($0.type)]) })
    }
}

/// What the schema registry decides for one event.
public enum SchemaVerdict: Sendable, Equatable {
    /// No schema applies, the schema has no version yet, validation is disabled, or the data is valid.
    case accepted
    /// Invalid, but the version says to publish anyway (`warn`, or `strict` with `on_invalid: log`).
    case acceptedWithWarning(SchemaViolationReport)
    /// Invalid under `strict` + `on_invalid: reject`: the emit is refused.
    case rejected(SchemaViolationReport)
    /// Invalid under `strict` + `on_invalid: dlq`: stored in the dead-letter queue, not published.
    case deadLetter(SchemaViolationReport)
}

/// The registry could not decide: the project's schemas could not be read and none were known from
/// before, or a stored schema version no longer compiles.
public struct SchemaRegistryUnavailable: Error, Sendable, CustomStringConvertible {
    public var description: String
}
