import Foundation

/// The built-in line layouts: `HH:MM:SS topic <compact JSON data>` and
/// `HH:MM:SS topic label=value …`. With colours the time is dim and the topic cyan; the time is the
/// event's in the formatter's zone, `--:--:--` when the event has none.
enum EventLine {
    static func defaultLine(_ event: DisplayEvent, environment: TemplateEnvironment) -> String {
        header(event, environment: environment) + " " + event.data.displayResolved.jsonString
    }

    static func fieldsLine(_ event: DisplayEvent, fields: [DisplayField], environment: TemplateEnvironment) -> String {
        let data = event.data.displayResolved
        let values = fields.map { $0.render(data: data, environment: environment) }
        return ([header(event, environment: environment)] + values).joined(separator: " ")
    }

    private static func header(_ event: DisplayEvent, environment: TemplateEnvironment) -> String {
        let clock = event.timestamp.map { TimeLayout.clock.format($0, in: environment.timeZone) } ?? "--:--:--"
        guard environment.colors else { return "\(clock) \(event.topic)" }
        return ANSIStyle.apply(ANSIStyle.dim, to: clock) + " " + ANSIStyle.apply(ANSIStyle.cyan, to: event.topic)
    }
}
