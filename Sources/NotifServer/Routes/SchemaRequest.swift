import NotifCore

/// Reading and checking the members of schema and schema-version requests.
enum SchemaRequest {
    static let maxTags = 32
    static let maxTagLength = 64
    static let maxDescriptionLength = 4096

    static func checkPattern(_ pattern: String) throws {
        guard TopicPattern(pattern) != nil else {
            throw APIError.badRequest("invalid topic_pattern: use dot-separated segments, * for one segment, > for the rest")
        }
    }

    static func description(_ fields: JSONFields) throws -> String? {
        let description = try fields.string("description")
        if let description, description.count > maxDescriptionLength {
            throw APIError.badRequest("description too long, max \(maxDescriptionLength) chars")
        }
        return description
    }

    /// Nil when absent or null; every entry must be a non-empty string.
    static func tags(_ fields: JSONFields) throws -> [String]? {
        switch fields.value("tags") {
        case nil, .null?: return nil
        case .array(let items)?:
            let tags = try items.map { item -> String in
                guard let tag = item.stringValue else { throw APIError.badRequest("invalid JSON") }
                guard !tag.isEmpty, tag.count <= maxTagLength else {
                    throw APIError.badRequest("tags must be 1-\(maxTagLength) characters")
                }
                return tag
            }
            guard tags.count <= maxTags else { throw APIError.badRequest("too many tags, max \(maxTags)") }
            return tags
        default:
            throw APIError.badRequest("invalid JSON")
        }
    }

    /// `{"version","schema","validation_mode"?,"on_invalid"?,"compatibility"?,"examples"?}`: the document
    /// must compile, the settings must be known values, and every example must satisfy the document.
    static func newVersion(_ fields: JSONFields) throws -> SchemaRepository.NewVersion {
        guard let version = try fields.string("version"), !version.isEmpty else { throw APIError.badRequest("version is required") }
        guard version.count <= SchemaVersion.maxVersionLength else {
            throw APIError.badRequest("version too long, max \(SchemaVersion.maxVersionLength) chars")
        }
        guard let document = fields.value("schema"), !document.isNull else { throw APIError.badRequest("schema is required") }
        let compiled: JSONSchema
        do {
            compiled = try JSONSchema(document)
        } catch {
            throw APIError.badRequest("\(error)")
        }
        var new = SchemaRepository.NewVersion(version: version, document: document)
        new.validationMode = try setting(fields, "validation_mode", default: .strict)
        new.onInvalid = try setting(fields, "on_invalid", default: .reject)
        new.compatibility = try setting(fields, "compatibility", default: .backward)
        switch fields.value("examples") {
        case nil, .null?: break
        case .array(let items)?:
            new.examples = .array(items)
            let failures = SchemaCompatibilityCheck.exampleFailures(new.examples, against: compiled, label: "example %d",
                                                                    verdict: "does not match the schema")
            if let first = failures.first { throw APIError.badRequest(first) }
        default:
            throw APIError.badRequest("examples must be an array")
        }
        return new
    }

    /// An enum setting: absent or empty → `fallback`; an unknown value → 400 naming the allowed ones.
    private static func setting<Value: RawRepresentable & CaseIterable>(
        _ fields: JSONFields, _ key: String, default fallback: Value
    ) throws -> Value where Value.RawValue == String {
        guard let text = try fields.string(key), !text.isEmpty else { return fallback }
        guard let value = Value(rawValue: text) else {
            let allowed = Value.allCases.map(\.rawValue)
            throw APIError.badRequest("\(key) must be \(allowed.dropLast().joined(separator: ", ")) or \(allowed.last ?? "")")
        }
        return value
    }
}
