/// A place in one of the schema documents known to a compilation.
struct SchemaLocation: Hashable, Sendable {
    var document: Int
    var tokens: [String]

    func appending(_ more: String...) -> SchemaLocation {
        SchemaLocation(document: document, tokens: tokens + more)
    }
}

/// The documents a compilation can reach — the root schema, caller-supplied remotes, the built-in
/// meta-schemas — and the URI index used to resolve `$ref`: every schema resource (`$id` / `id`
/// without fragment, or a document's retrieval URI) and every location-independent identifier
/// (`"$id": "#foo"`). Remote documents are loaded and indexed only when a reference needs them.
struct SchemaDocuments {
    /// One schema document and the name it was retrieved under ("" for the root schema).
    struct Document {
        var root: JSONValue
        var draft: JSONSchemaDraft
        var name: String
    }

    private(set) var documents: [Document] = []
    private var resources: [String: SchemaLocation] = [:]
    private var anchors: [String: SchemaLocation] = [:]
    /// The base URI in effect inside each indexed schema (its own `$id` applied).
    private var bases: [SchemaLocation: String] = [:]
    private let remotes: [String: JSONValue]
    private let defaultDraft: JSONSchemaDraft
    private let stack = StackGuard()

    init(remotes: [String: JSONValue], defaultDraft: JSONSchemaDraft) {
        var normalized: [String: JSONValue] = [:]
        for (uri, document) in remotes { normalized[SchemaURI(uri).absoluteString] = document }
        self.remotes = normalized
        self.defaultDraft = defaultDraft
    }

    /// Adds and indexes a document retrieved from `retrievalURI` ("" for the root schema).
    mutating func addDocument(_ root: JSONValue, retrievalURI: String) throws -> Int {
        let draft = JSONSchemaDraft.declared(by: root) ?? defaultDraft
        let index = documents.count
        documents.append(Document(root: root, draft: draft, name: retrievalURI))
        let location = SchemaLocation(document: index, tokens: [])
        if resources[retrievalURI] == nil { resources[retrievalURI] = location }
        try indexSchema(root, at: location, parentBase: retrievalURI, draft: draft, depth: 0)
        return index
    }

    func value(at location: SchemaLocation) -> JSONValue? {
        guard documents.indices.contains(location.document) else { return nil }
        return JSONPointer.resolve(location.tokens, in: documents[location.document].root)
    }

    func draft(of location: SchemaLocation) -> JSONSchemaDraft {
        documents.indices.contains(location.document) ? documents[location.document].draft : defaultDraft
    }

    /// `#/pointer` in the root document, `uri#/pointer` elsewhere: for error messages.
    func describe(_ location: SchemaLocation) -> String {
        let name = documents.indices.contains(location.document) ? documents[location.document].name : ""
        let text = name + "#" + JSONPointer.string(location.tokens)
        return text.count <= 160 ? text : text.prefix(60) + "…" + text.suffix(99)
    }

    /// The base URI for resolving references inside the schema at `location`.
    func base(at location: SchemaLocation) -> String {
        if let known = bases[location] { return known }
        // A schema reached only through a JSON Pointer (not via a schema keyword): inherit the
        // nearest indexed ancestor's base, then apply the schema's own identifier.
        var parentBase = documents.indices.contains(location.document) ? documents[location.document].name : ""
        for length in stride(from: location.tokens.count - 1, through: 0, by: -1) {
            if let known = bases[SchemaLocation(document: location.document, tokens: Array(location.tokens.prefix(length)))] {
                parentBase = known
                break
            }
        }
        guard let value = value(at: location) else { return parentBase }
        return Self.identifier(of: value, draft: draft(of: location)).map { SchemaURI(parentBase).resolving($0).absoluteString } ?? parentBase
    }

    /// The location a resolved reference designates, loading remote documents on demand.
    mutating func locate(_ target: SchemaURI) throws -> SchemaLocation {
        let resource = target.absoluteString
        if resources[resource] == nil { try load(resource) }
        let fragment = target.fragment ?? ""
        if !fragment.isEmpty, !fragment.hasPrefix("/") {
            let decoded = JSONPointer.percentDecoded(fragment) ?? fragment
            guard let location = anchors[resource + "#" + fragment] ?? anchors[resource + "#" + decoded] else {
                throw JSONSchemaError(message: "cannot resolve $ref \"\(target.string)\": no schema has that identifier")
            }
            return location
        }
        guard let base = resources[resource] else {
            throw JSONSchemaError(message: "cannot resolve $ref \"\(target.string)\": unknown document")
        }
        guard let tokens = JSONPointer.tokens(fromURIFragment: fragment) else {
            throw JSONSchemaError(message: "cannot resolve $ref \"\(target.string)\": malformed JSON Pointer")
        }
        let location = SchemaLocation(document: base.document, tokens: base.tokens + tokens)
        guard value(at: location) != nil else {
            throw JSONSchemaError(message: "cannot resolve $ref \"\(target.string)\": nothing at that JSON Pointer")
        }
        return location
    }

    private mutating func load(_ uri: String) throws {
        if let remote = remotes[uri] {
            guard let document = remote.expandingRaw else {
                throw JSONSchemaError(message: "remote schema \"\(uri)\" is not valid JSON")
            }
            _ = try addDocument(document, retrievalURI: uri)
        } else if let text = JSONSchemaMetaSchemas.document(for: uri) {
            guard let document = try? JSONValue.parse(text) else {
                throw JSONSchemaError(message: "built-in meta-schema \"\(uri)\" does not parse")
            }
            _ = try addDocument(document, retrievalURI: uri)
        }
    }

    /// The `$id` / `id` that sets a schema's base URI; ignored next to `$ref` (drafts 4–7).
    static func identifier(of schema: JSONValue, draft: JSONSchemaDraft) -> String? {
        guard case .object = schema, schema["$ref"] == nil else { return nil }
        return schema[draft.idKeyword]?.stringValue
    }

    /// Records identifiers and bases for `schema` and, recursively, every subschema reachable
    /// through schema keywords (not through `enum`, `const` or unknown keywords).
    private mutating func indexSchema(_ schema: JSONValue, at location: SchemaLocation, parentBase: String,
                                      draft: JSONSchemaDraft, depth: Int) throws {
        guard depth <= SchemaLimits.maxSchemaDepth, !stack.isExhausted else {
            throw JSONSchemaError(message: "\(describe(location)): schema nests too deeply")
        }
        guard let schema = schema.expandingRaw, case .object = schema else {
            bases[location] = parentBase
            return
        }
        var base = parentBase
        if let id = Self.identifier(of: schema, draft: draft) {
            let resolved = SchemaURI(parentBase).resolving(id)
            base = resolved.absoluteString
            if !id.hasPrefix("#"), resources[base] == nil { resources[base] = location }
            if let fragment = resolved.fragment, !fragment.isEmpty, !fragment.hasPrefix("/") {
                let key = base + "#" + fragment
                if anchors[key] == nil { anchors[key] = location }
            }
        }
        bases[location] = base
        for keyword in draft.singleSchemaKeywords {
            if let child = schema[keyword] {
                try indexSchema(child, at: location.appending(keyword), parentBase: base, draft: draft, depth: depth + 1)
            }
        }
        for keyword in draft.schemaArrayKeywords {
            switch schema[keyword]?.expandingRaw {
            case .array(let elements)?:
                for (index, child) in elements.enumerated() {
                    try indexSchema(child, at: location.appending(keyword, String(index)), parentBase: base, draft: draft, depth: depth + 1)
                }
            case let child? where keyword == "items":
                try indexSchema(child, at: location.appending(keyword), parentBase: base, draft: draft, depth: depth + 1)
            default:
                break
            }
        }
        for keyword in draft.schemaMapKeywords {
            for member in schema[keyword]?.expandingRaw?.uniqueMembers ?? [] where member.value.arrayValue == nil {
                try indexSchema(member.value, at: location.appending(keyword, member.key), parentBase: base, draft: draft, depth: depth + 1)
            }
        }
    }
}
