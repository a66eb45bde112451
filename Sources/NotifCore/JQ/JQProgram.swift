import CJQ
import Synchronization

/// A compiled jq filter (the real jq, through libjq), run on JSON values: `--filter` of the CLI,
/// interceptors, display conditions. Named variables (`$input`) are bound when it is compiled.
///
/// libjq's state is not thread-safe, so runs are serialised by a lock; compile one program per
/// concurrent user where that matters.
public final class JQProgram: Sendable {
    /// The filter did not compile, or failed on an input.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }

        public init(message: String) { self.message = message }
    }

    private let state: Mutex<JQState>
    public let filter: String

    /// Compiles `filter`; throws `Failure` with jq's own message when it does not compile.
    public init(_ filter: String, variables: [String: JSONValue] = [:]) throws {
        self.filter = filter
        state = Mutex(try JQState(filter: filter, variables: variables))
    }

    /// Every output of the filter for `input`, in order.
    public func run(_ input: JSONValue) throws -> [JSONValue] {
        try state.withLock { try $0.run(input) }
    }

    /// jq truthiness of the first output: true unless there is none, it is `false` or `null`, or the
    /// filter fails.
    public func matches(_ input: JSONValue) -> Bool {
        guard let first = try? run(input).first else { return false }
        return first != .bool(false) && first != .null
    }
}

/// One `jq_state` and the messages its error callback reported.
struct JQState: ~Copyable {
    private let handle: OpaquePointer
    private let messages: JQMessages

    init(filter: String, variables: [String: JSONValue]) throws {
        guard let handle = jq_init() else { throw JQProgram.Failure(message: "jq: out of memory") }
        let messages = JQMessages()
        jq_set_error_cb(handle, { context, message in
            guard let context else { jv_free(message); return }
            Unmanaged<JQMessages>.fromOpaque(context).takeUnretainedValue().append(JQState.text(message))
        }, Unmanaged.passUnretained(messages).toOpaque())
        var arguments = jv_object()
        for (name, value) in variables {
            arguments = jv_object_set(arguments, jv_string(name), Self.jv(value))
        }
        guard jq_compile_args(handle, filter, arguments) != 0 else {
            let text = messages.take().joined(separator: "; ")
            var doomed: OpaquePointer? = handle
            jq_teardown(&doomed)
            throw JQProgram.Failure(message: text.isEmpty ? "jq: cannot compile \(filter)" : text)
        }
        self.handle = handle
        self.messages = messages
    }

    deinit {
        var doomed: OpaquePointer? = handle
        jq_teardown(&doomed)
    }

    func run(_ input: JSONValue) throws -> [JSONValue] {
        jq_start(handle, Self.jv(input), 0)
        var outputs: [JSONValue] = []
        while true {
            let next = jq_next(handle)
            if jv_is_valid(next) != 0 {
                let text = Self.text(jv_dump_string(next, 0))
                outputs.append((try? JSONValue.parse(text)) ?? .null)
                continue
            }
            if jv_invalid_has_msg(jv_copy(next)) != 0 {
                let message = jv_invalid_get_msg(next)
                let text = jv_get_kind(message) == JV_KIND_STRING ? Self.text(message) : Self.text(jv_dump_string(message, 0))
                throw JQProgram.Failure(message: "jq: error: \(text)")
            }
            jv_free(next)
            return outputs
        }
    }

    /// Parses compact JSON into a jv (consumed by the callee it is passed to).
    static func jv(_ value: JSONValue) -> jv {
        let text = value.jsonString
        return text.withCString { jv_parse($0) }
    }

    /// The text of a jv string (or its JSON), freeing it.
    static func text(_ value: jv) -> String {
        guard jv_get_kind(value) == JV_KIND_STRING else {
            return text(jv_dump_string(value, 0))
        }
        let result = String(cString: jv_string_value(value))
        jv_free(value)
        return result
    }
}

/// Where libjq's error callback leaves its messages (used only under the program's lock).
final class JQMessages: Sendable {
    private let lines = Mutex<[String]>([])

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    func take() -> [String] { lines.withLock { state in defer { state.removeAll() }; return state } }
}
