extension JSONValue {
    /// The same document with every object's members sorted by key (UTF-8 byte order, as Go's
    /// `encoding/json` sorts map keys) and embedded `.raw` JSON parsed, so documents that differ only
    /// in key order or whitespace serialise identically. Later duplicates of a key are dropped.
    public var canonical: JSONValue {
        switch self {
        case .null, .bool, .number, .string: return self
        case .raw(let bytes): return ((try? JSONValue.parse(bytes)) ?? .null).canonical
        case .array(let elements): return .array(elements.map(\.canonical))
        case .object(let members):
            var seen = Set<String>()
            let unique = members.filter { seen.insert($0.key).inserted }
            return .object(unique
                .sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
                .map { JSONMember(key: $0.key, value: $0.value.canonical) })
        }
    }

    /// Compact serialisation of `canonical` (the input of schema fingerprints).
    public func canonicalSerialized() -> [UInt8] { canonical.serialized() }
}
