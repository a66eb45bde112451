/// One entry of `conditions`: `when` is a jq filter (compiled once); the condition matches when its
/// first output is neither `false` nor `null` (no output or a jq error is no match).
///
/// For a whole event the filter reads `{id, topic, timestamp, data}` (`topic` the string, `timestamp`
/// RFC 3339 or null); the first matching condition colours the line with `color`, writes `prefix`
/// before and `suffix` after it, and merges the members of `set` into the template context's top
/// level (replacing members of the same name; without a template `set` has no effect). For a field the filter reads the field's value and
/// `set` is ignored.
struct DisplayCondition: Sendable {
    let filter: JQProgram
    /// SGR code.
    let color: String?
    let prefix: String
    let suffix: String
    let assignments: [JSONMember]

    init(_ reader: ConfigReader) throws {
        guard let when = try reader.string("when") else { throw reader.fail("when", "is required") }
        do {
            filter = try JQProgram(when)
        } catch let failure as JQProgram.Failure {
            throw reader.fail("when", failure.message)
        }
        color = try reader.color("color")
        prefix = try reader.string("prefix") ?? ""
        suffix = try reader.string("suffix") ?? ""
        assignments = try reader.object("set") ?? []
    }

    /// The first of `conditions` whose filter matches `input`.
    static func firstMatch(in conditions: [DisplayCondition], for input: JSONValue) -> DisplayCondition? {
        conditions.first { $0.filter.matches(input) }
    }

    /// `text` between the prefix and the suffix.
    func surround(_ text: String) -> String { prefix + text + suffix }
}
