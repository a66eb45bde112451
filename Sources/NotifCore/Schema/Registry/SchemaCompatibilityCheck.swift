/// Whether a new schema version keeps the promise its `compatibility` setting makes about the version
/// it replaces (the reference stores the setting and never checks it).
///
/// - backward: every instance the previous version accepted is still accepted;
/// - forward: every instance the new version accepts was accepted before;
/// - full: both; none: no check.
///
/// Deciding inclusion between two arbitrary JSON Schemas is intractable, so the check is structural
/// and conservative where it looks: `type`, `enum`/`const`, `required`, `properties` (recursively),
/// `additionalProperties`, `items` (single schema), `pattern`, `format` and the numeric, length, item
/// and property-count bounds. Keywords it does not compare (`anyOf`, `$ref`, `if`, …) are covered by
/// examples: the previous version's examples must validate against the new schema (backward) and the
/// new version's examples against the previous one (forward).
public enum SchemaCompatibilityCheck {
    /// Reasons `new` breaks `mode` relative to `previous`; empty when compatible.
    public static func problems(previous: SchemaVersion, new document: JSONValue, examples: JSONValue?,
                                mode: SchemaCompatibility) -> [String] {
        var problems: [String] = []
        if mode == .backward || mode == .full {
            problems += narrowings(from: previous.document, to: document, at: "(root)")
            if let schema = try? JSONSchema(document) {
                problems += exampleFailures(previous.examples, against: schema, label: "example %d of version \(previous.version)",
                                            verdict: "is not valid under the new version")
            }
        }
        if mode == .forward || mode == .full {
            problems += narrowings(from: document, to: previous.document, at: "(root)").map { "previous version \(previous.version) refuses what the new one accepts: \($0)" }
            if let schema = try? JSONSchema(previous.document) {
                problems += exampleFailures(examples, against: schema, label: "new example %d",
                                            verdict: "is not valid under version \(previous.version)")
            }
        }
        return problems
    }

    /// Examples (a JSON array) that fail `document`, one message each.
    public static func exampleFailures(_ examples: JSONValue?, against schema: JSONSchema, label: String,
                                       verdict: String) -> [String] {
        guard let items = examples?.arrayValue else { return [] }
        return items.enumerated().compactMap { index, example in
            guard let first = schema.validate(example).first else { return nil }
            let name = label.replacingOccurrences(of: "%d", with: String(index))
            return "\(name) \(verdict) (\(first.field): \(first.message))"
        }
    }

    /// Ways in which `new` accepts less than `old` at `path` (empty when it accepts at least as much
    /// as far as the compared keywords can tell).
    static func narrowings(from old: JSONValue, to new: JSONValue, at path: String) -> [String] {
        if new == .bool(true) || new.members?.isEmpty == true || old == .bool(false) { return [] }
        if new == .bool(false) { return ["\(path): accepts nothing"] }
        let oldObject = old.members == nil ? JSONValue.object([]) : old
        var found: [String] = []
        found += typeNarrowings(oldObject, new, path)
        found += valueSetNarrowings(oldObject, new, path)
        found += propertyNarrowings(oldObject, new, path)
        found += boundNarrowings(oldObject, new, path)
        // `items` matters only where the previous version allowed arrays at all.
        if let newItems = new["items"], newItems.members != nil || newItems.boolValue != nil,
           types(oldObject).map({ $0.contains("array") }) ?? true {
            let oldItems = oldObject["items"].flatMap { $0.arrayValue == nil ? $0 : nil } ?? .bool(true)
            found += narrowings(from: oldItems, to: newItems, at: path + "[]")
        }
        return found
    }

    private static func types(_ schema: JSONValue) -> Set<String>? {
        switch schema["type"] {
        case .string(let name)?: return [name]
        case .array(let names)?: return Set(names.compactMap(\.stringValue))
        default: return nil
        }
    }

    private static func typeNarrowings(_ old: JSONValue, _ new: JSONValue, _ path: String) -> [String] {
        guard let newTypes = types(new) else { return [] }
        guard let oldTypes = types(old) else {
            return ["\(path): now only accepts type \(newTypes.sorted().joined(separator: " or "))"]
        }
        return oldTypes.sorted().compactMap { type in
            if newTypes.contains(type) || (type == "integer" && newTypes.contains("number")) { return nil }
            return "\(path): type \(type) is no longer accepted"
        }
    }

    private static func valueSetNarrowings(_ old: JSONValue, _ new: JSONValue, _ path: String) -> [String] {
        func values(_ schema: JSONValue) -> Set<[UInt8]>? {
            if let constant = schema["const"] { return [constant.canonicalSerialized()] }
            return schema["enum"]?.arrayValue.map { Set($0.map { $0.canonicalSerialized() }) }
        }
        guard let allowed = values(new) else { return [] }
        guard let before = values(old) else { return ["\(path): now limited to fixed values (enum/const)"] }
        return before.subtracting(allowed).map { "\(path): value \(String(decoding: $0, as: UTF8.self)) is no longer allowed" }.sorted()
    }

    private static func propertyNarrowings(_ old: JSONValue, _ new: JSONValue, _ path: String) -> [String] {
        var found: [String] = []
        let oldRequired = Set(old["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        for name in new["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where !oldRequired.contains(name) {
            found.append("\(path): property \(name) is now required")
        }
        let oldProperties = old["properties"]?.members ?? []
        let newProperties = new["properties"]?.members ?? []
        // A property the previous version did not describe is compared only against a schema the previous
        // version gave additional properties: describing a new optional property is the usual way to grow.
        for property in newProperties {
            guard let before = oldProperties.first(where: { $0.key == property.key })?.value
                    ?? old["additionalProperties"].flatMap({ $0.members != nil ? $0 : nil }) else { continue }
            found += narrowings(from: before, to: property.value, at: child(path, property.key))
        }
        if new["additionalProperties"] == .bool(false) {
            let kept = Set(newProperties.map(\.key))
            if old["additionalProperties"] != .bool(false) {
                found.append("\(path): properties other than [\(kept.sorted().joined(separator: ", "))] are no longer allowed")
            } else {
                for property in oldProperties where !kept.contains(property.key) {
                    found.append("\(path): property \(property.key) is no longer allowed")
                }
            }
        }
        return found
    }

    private static let lowerBounds = ["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"]
    private static let upperBounds = ["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"]

    private static func boundNarrowings(_ old: JSONValue, _ new: JSONValue, _ path: String) -> [String] {
        var found: [String] = []
        for keyword in lowerBounds + upperBounds {
            guard let limit = new[keyword]?.doubleValue else { continue }
            let tighter: Bool
            if let before = old[keyword]?.doubleValue {
                tighter = lowerBounds.contains(keyword) ? limit > before : limit < before
            } else {
                tighter = true
            }
            if tighter { found.append("\(path): \(keyword) is now \(new[keyword].map { $0.jsonString } ?? "")") }
        }
        for keyword in ["pattern", "format", "multipleOf"] {
            if let value = new[keyword], old[keyword] != value {
                found.append("\(path): \(keyword) is now \(value.jsonString)")
            }
        }
        return found
    }

    private static func child(_ path: String, _ name: String) -> String {
        path == "(root)" ? name : path + "." + name
    }
}
