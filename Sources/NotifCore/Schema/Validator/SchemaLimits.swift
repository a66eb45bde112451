/// Bounds that keep compilation and validation from exhausting the stack, whatever the input.
enum SchemaLimits {
    /// Deepest schema nesting accepted at compile time.
    static let maxSchemaDepth = 256

    /// Deepest nesting of subschema evaluations (instance depth plus applicators and `$ref`s at one
    /// location) followed during validation; deeper parts of an instance produce a "depth" violation.
    static let maxEvaluationDepth = 512

    /// Stack bytes one compilation or validation may use, so that it fits in a 512 KiB secondary
    /// thread stack even in unoptimised builds (a release build needs roughly 0.5 KiB per evaluation
    /// level, a debug build about 2.5 KiB). Reaching it is handled like the depth limits above.
    static let stackBudget = 256 * 1024

    /// An address inside the caller's stack frame (stacks grow towards lower addresses on every
    /// platform Swift supports; the budget check uses the distance either way).
    @inline(never)
    static func stackPosition() -> Int {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { Int(bitPattern: $0) }
    }
}

/// Remembers where on the stack an operation started, to stop recursing before `SchemaLimits.stackBudget`.
struct StackGuard {
    private let origin = SchemaLimits.stackPosition()

    var isExhausted: Bool { abs(origin - SchemaLimits.stackPosition()) >= SchemaLimits.stackBudget }
}
