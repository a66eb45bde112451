/// A named JSON Schema of one project, bound to the topics that match `topicPattern` (NATS semantics).
public struct Schema: Sendable, Equatable {
    public var id: String
    public var orgID: String
    public var projectID: String
    public var name: String
    public var topicPattern: String
    public var description: String
    public var tags: [String]
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    /// `scm_` + 24 lowercase hex. The reference gave schemas the `sch_` prefix of schedules
    /// (runtime-spec §11); ours differ, so an id always says what it names.
    public static func newID() -> String { "scm_" + RandomToken.hex(bytes: 12) }

    /// Names are what routes address schemas by: 1–255 characters of `[A-Za-z0-9._-]`.
    public static func isValidName(_ name: String) -> Bool {
        (1...255).contains(name.utf8.count) && name.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."): true
            default: false
            }
        }
    }
}

/// One immutable version of a schema: the JSON Schema document and how events are checked against it.
public struct SchemaVersion: Sendable, Equatable {
    public var id: String
    public var schemaID: String
    public var version: String
    /// The JSON Schema document, as sent.
    public var document: JSONValue
    public var validationMode: SchemaValidationMode
    public var onInvalid: SchemaInvalidAction
    public var compatibility: SchemaCompatibility
    /// Example instances (a JSON array when present); each must satisfy `document`.
    public var examples: JSONValue?
    /// SHA-256 (hex) of the document serialised with sorted keys: equal for equal documents.
    public var fingerprint: String
    public var isLatest: Bool
    public var createdAt: Timestamp
    public var createdBy: String?

    public init(id: String, schemaID: String, version: String, document: JSONValue, validationMode: SchemaValidationMode,
                onInvalid: SchemaInvalidAction, compatibility: SchemaCompatibility, examples: JSONValue?, fingerprint: String,
                isLatest: Bool, createdAt: Timestamp, createdBy: String?) {
        self.id = id
        self.schemaID = schemaID
        self.version = version
        self.document = document
        self.validationMode = validationMode
        self.onInvalid = onInvalid
        self.compatibility = compatibility
        self.examples = examples
        self.fingerprint = fingerprint
        self.isLatest = isLatest
        self.createdAt = createdAt
        self.createdBy = createdBy
    }

    /// `schv_` + 24 lowercase hex.
    public static func newID() -> String { "schv_" + RandomToken.hex(bytes: 12) }

    public static let maxVersionLength = 50
}

/// How events on a schema's topics are checked.
public enum SchemaValidationMode: String, Sendable, CaseIterable {
    /// Invalid events get the version's `onInvalid` treatment.
    case strict
    /// Invalid events are logged and published.
    case warn
    /// No check.
    case disabled
}

/// What happens to an invalid event under `strict` validation.
public enum SchemaInvalidAction: String, Sendable, CaseIterable {
    /// The emit is refused with 400 and the violations.
    case reject
    /// Logged and published.
    case log
    /// Accepted but stored in the dead-letter queue instead of the events stream.
    case dlq
}

/// Which instances a new version must keep accepting, relative to the version it replaces.
public enum SchemaCompatibility: String, Sendable, CaseIterable {
    /// Everything valid under the previous version stays valid (readers may upgrade first).
    case backward
    /// Everything valid under the new version was valid before (writers may upgrade first).
    case forward
    /// Both.
    case full
    /// No check.
    case none
}
