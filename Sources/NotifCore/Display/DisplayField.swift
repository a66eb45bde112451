import Foundation

/// One entry of `fields` (or of `--fields`), shown as `label=value`.
///
/// `path` is a dot path into the event's data (a leading `data.` is allowed; digits index arrays);
/// `label` defaults to the path's last segment. The value is printed as a template prints it, or
/// through `format`; a matching field condition (evaluated on the value) wraps it in its
/// prefix/suffix; `width` then pads (on the right) or truncates (with `…`) it to exactly that many
/// characters; finally `color`, or the matching condition's colour, colours it.
struct DisplayField: Sendable {
    let path: [String]
    let label: String
    let color: String?
    let format: FieldFormat?
    let width: Int?
    let conditions: [DisplayCondition]

    /// A plain field from a `--fields` path (empty segments ignored).
    init(path text: String) {
        path = Self.segments(text).filter { !$0.isEmpty }
        label = path.last ?? text
        color = nil
        format = nil
        width = nil
        conditions = []
    }

    init(_ reader: ConfigReader) throws {
        guard let text = try reader.string("path") else { throw reader.fail("path", "is required") }
        path = Self.segments(text)
        guard !path.isEmpty, !path.contains(where: \.isEmpty) else { throw reader.fail("path", "is not a dot path") }
        label = try reader.string("label") ?? path[path.count - 1]
        color = try reader.color("color")
        if let formatName = try reader.string("format") {
            guard let format = FieldFormat(formatName) else {
                throw reader.fail("format", "must be a printf format (%.2f), json, time, upper, lower or title")
            }
            self.format = format
        } else {
            format = nil
        }
        width = try reader.integer("width")
        if let width, width < 1 { throw reader.fail("width", "must be at least 1") }
        conditions = try reader.objects("conditions").map(DisplayCondition.init)
    }

    /// `label=value` for an event's data.
    func render(data: JSONValue, environment: TemplateEnvironment) -> String {
        let value = data.displayValue(atPath: path)
        let condition = DisplayCondition.firstMatch(in: conditions, for: value)
        var text = format?.apply(to: value, timeZone: environment.timeZone) ?? value.displayText
        if let condition { text = condition.surround(text) }
        if let width { text = TextFitting.fit(text, to: width) }
        if environment.colors, let code = condition?.color ?? color { text = ANSIStyle.apply(code, to: text) }
        return "\(label)=\(text)"
    }

    private static func segments(_ text: String) -> [String] {
        let trimmed = text.hasPrefix("data.") ? String(text.dropFirst(5)) : text
        return trimmed.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }
}

/// A field's `format`: a printf format with the value as its one argument (any text containing `%`,
/// such as `%.2f` or `$%d`), `json` (compact JSON, strings quoted), `time` (`HH:MM:SS` of an
/// RFC 3339 string or Unix time, the value unchanged when it is neither), `upper`, `lower`, `title`.
enum FieldFormat: Sendable, Equatable {
    case printf(String)
    case json
    case time
    case upper
    case lower
    case title

    init?(_ name: String) {
        switch name {
        case "json": self = .json
        case "time": self = .time
        case "upper": self = .upper
        case "lower": self = .lower
        case "title": self = .title
        default:
            guard name.contains("%") else { return nil }
            self = .printf(name)
        }
    }

    func apply(to value: JSONValue, timeZone: TimeZone) -> String {
        switch self {
        case .printf(let format): return GoPrintf.format(format, [value])
        case .json: return value.displayResolved.jsonString
        case .time:
            guard let date = TemplateFunctions.instant(value.displayResolved) else { return value.displayText }
            return TimeLayout.clock.format(date, in: timeZone)
        case .upper: return value.displayText.uppercased()
        case .lower: return value.displayText.lowercased()
        case .title: return TemplateFunctions.titleCased(value.displayText)
        }
    }
}
