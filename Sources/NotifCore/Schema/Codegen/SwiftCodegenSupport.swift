/// Helper types appended to the generated Swift file, each only when something uses it.
enum SwiftCodegenSupport {
    /// Any JSON value, for parts of a schema that pin no type (or that the generator cannot express).
    static let jsonAny = """
        /// Any JSON value: used where the schema does not pin down a type.
        public enum JSONAny: Codable, Sendable, Equatable {
            case null
            case bool(Bool)
            case number(Double)
            case string(String)
            case array([JSONAny])
            case object([String: JSONAny])

            public init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if container.decodeNil() {
                    self = .null
                } else if let value = try? container.decode(Bool.self) {
                    self = .bool(value)
                } else if let value = try? container.decode(Double.self) {
                    self = .number(value)
                } else if let value = try? container.decode(String.self) {
                    self = .string(value)
                } else if let value = try? container.decode([JSONAny].self) {
                    self = .array(value)
                } else {
                    self = .object(try container.decode([String: JSONAny].self))
                }
            }

            public func encode(to encoder: any Encoder) throws {
                var container = encoder.singleValueContainer()
                switch self {
                case .null: try container.encodeNil()
                case .bool(let value): try container.encode(value)
                case .number(let value): try container.encode(value)
                case .string(let value): try container.encode(value)
                case .array(let value): try container.encode(value)
                case .object(let value): try container.encode(value)
                }
            }
        }
        """.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)

    /// Heap storage for recursive properties; encodes as the wrapped value.
    static let indirect = """
        /// Heap storage that lets a struct hold a value of its own type; encodes as the wrapped value.
        public indirect enum Indirect<Wrapped: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
            case value(Wrapped)

            public var wrapped: Wrapped {
                switch self {
                case .value(let wrapped): wrapped
                }
            }

            public init(from decoder: any Decoder) throws {
                self = .value(try decoder.singleValueContainer().decode(Wrapped.self))
            }

            public func encode(to encoder: any Encoder) throws {
                var container = encoder.singleValueContainer()
                try container.encode(wrapped)
            }
        }
        """.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
}
