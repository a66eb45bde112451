/// A JSON document that keeps what matters on the wire: object key order and number literals exactly
/// as written. Serialisation is compact and never escapes `/`. `.raw` embeds bytes that are already
/// compact, validated JSON (event data read back from storage) without re-parsing them.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number literal as it appeared (validated against the JSON grammar).
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])
    /// Pre-serialised compact JSON, written verbatim.
    case raw([UInt8])

    public static func int<T: BinaryInteger>(_ value: T) -> JSONValue { .number(String(value)) }

    public static func double(_ value: Double) -> JSONValue {
        guard value.isFinite else { return .null }
        if value == value.rounded(), abs(value) < 1e15 { return .number(String(Int64(value))) }
        return .number(String(value))
    }

    /// A number rounded to `places` decimals (figures meant for people, such as benchmark results).
    public static func double(_ value: Double, places: Int) -> JSONValue {
        var scale = 1.0
        for _ in 0..<max(0, places) { scale *= 10 }
        return .double((value * scale).rounded() / scale)
    }

    /// An object from ordered pairs; pairs whose value is nil are left out ("omitted when empty").
    public static func object(_ pairs: KeyValuePairs<String, JSONValue?>) -> JSONValue {
        .object(pairs.compactMap { key, value in value.map { JSONMember(key: key, value: $0) } })
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var int64Value: Int64? {
        if case .number(let literal) = self { return Int64(literal) }
        return nil
    }

    public var doubleValue: Double? {
        if case .number(let literal) = self { return Double(literal) }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    public var members: [JSONMember]? {
        if case .object(let value) = self { return value }
        return nil
    }

    public var isNull: Bool { self == .null }

    /// The value of the first member named exactly `key`.
    public subscript(key: String) -> JSONValue? {
        members?.first { $0.key == key }?.value
    }

    /// The array element at `index`, nil when out of range or not an array.
    public subscript(index: Int) -> JSONValue? {
        guard let items = arrayValue, items.indices.contains(index) else { return nil }
        return items[index]
    }

    /// Go's `encoding/json` lookup: an exact key match wins, otherwise the first case-insensitive one.
    public func member(caseInsensitive key: String) -> JSONValue? {
        guard let members else { return nil }
        if let exact = members.first(where: { $0.key == key }) { return exact.value }
        let lowered = key.lowercased()
        return members.first { $0.key.lowercased() == lowered }?.value
    }
}

/// One `"key": value` pair of a JSON object.
public struct JSONMember: Sendable, Equatable {
    public var key: String
    public var value: JSONValue

    public init(key: String, value: JSONValue) {
        self.key = key
        self.value = value
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral, ExpressibleByNilLiteral, ExpressibleByDictionaryLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(String(value)) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(nilLiteral: ()) { self = .null }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(elements.map { JSONMember(key: $0.0, value: $0.1) })
    }
}
