/// How events on one topic pattern are shown, read from a JSON object whose keys are all optional:
///
/// - `topicPattern` (string): names topic segments for templates, see `TopicPartsPattern`.
/// - `template` (string): a `DisplayTemplate`; the line is its rendering, with the context
///   `{id, topic, timestamp, data}` (see `DisplayEvent`).
/// - `fields` (array of `{path, label, color, format, width, conditions}`): used when there is no
///   template; the line is `HH:MM:SS topic label=value …`, see `DisplayField`.
/// - `conditions` (array of `{when, color, prefix, suffix, set}`): see `DisplayCondition`.
///
/// With neither `template` nor `fields` the line is the default one (`HH:MM:SS topic data`).
/// Unknown keys are ignored; a key of the wrong type, a template that does not parse, a jq filter
/// that does not compile or an unknown colour throws `DisplayConfigError`.
public struct DisplayConfig: Sendable {
    /// The NATS topic pattern the config is for.
    public let pattern: String
    let topicPattern: TopicPattern
    let topicParts: TopicPartsPattern?
    let template: DisplayTemplate?
    let fields: [DisplayField]
    let conditions: [DisplayCondition]

    public init(json: JSONValue, pattern: String) throws {
        try self.init(json: json, pattern: pattern, keyPath: "")
    }

    /// `keyPath` is where the config sits in its document (`x-notif-display`), for error messages.
    init(json: JSONValue, pattern: String, keyPath: String) throws {
        guard let topicPattern = TopicPattern(pattern) else {
            throw DisplayConfigError(pattern: pattern, key: keyPath, message: "not a valid topic pattern")
        }
        let reader = try ConfigReader(json, pattern: pattern, keyPath: keyPath)
        self.pattern = pattern
        self.topicPattern = topicPattern
        if let partsText = try reader.string("topicPattern") {
            guard let parts = TopicPartsPattern(partsText) else {
                throw reader.fail("topicPattern", "not a valid pattern (segments are text, *, {name} or a final >)")
            }
            topicParts = parts
        } else {
            topicParts = nil
        }
        if let source = try reader.string("template") {
            do {
                template = try DisplayTemplate(source)
            } catch let failure as DisplayTemplate.ParseError {
                throw reader.fail("template", failure.description)
            }
        } else {
            template = nil
        }
        fields = try reader.objects("fields").map(DisplayField.init)
        conditions = try reader.objects("conditions").map(DisplayCondition.init)
    }

    /// The line for `event`: the rendered template, else the fields line, else the default line;
    /// then the first matching condition's prefix, suffix and colour around all of it.
    func line(for event: DisplayEvent, environment: TemplateEnvironment) throws -> String {
        let condition = conditions.isEmpty ? nil : DisplayCondition.firstMatch(in: conditions, for: event.conditionInput)
        var line: String
        if let template {
            let topic = topicParts?.parts(of: event.topic)
            let context = event.templateContext(topic: topic, overrides: condition?.assignments ?? [])
            line = try template.render(context, colors: environment.colors, timeZone: environment.timeZone)
        } else if !fields.isEmpty {
            line = EventLine.fieldsLine(event, fields: fields, environment: environment)
        } else {
            line = EventLine.defaultLine(event, environment: environment)
        }
        guard let condition else { return line }
        line = condition.surround(line)
        if environment.colors, let code = condition.color { line = ANSIStyle.apply(code, to: line) }
        return line
    }

    /// Whether this config should win over `other` for a topic both match: the more specific
    /// pattern, and between equally specific ones the lexicographically smaller.
    func isPreferred(over other: DisplayConfig) -> Bool {
        if topicPattern.isMoreSpecific(than: other.topicPattern) { return true }
        if other.topicPattern.isMoreSpecific(than: topicPattern) { return false }
        return pattern < other.pattern
    }
}
