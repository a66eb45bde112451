import Foundation

/// Turns each event `notif subscribe` receives into one line of text.
///
/// The style comes from the command line: `--format <template>` (`.template`, for every event,
/// context `{id, topic, timestamp, data}`) beats `--fields a,b.c` (`.fields`, the plain
/// `HH:MM:SS topic a=… c=…` line), which beats the display configs (`.configured`); an event no
/// config matches gets the default line `HH:MM:SS topic <compact JSON data>`.
public struct EventFormatter: Sendable {
    /// Where the layout comes from.
    public enum Style: Sendable {
        case template(DisplayTemplate)
        /// Dot paths into the data (a leading `data.` allowed), labelled by their last segment.
        case fields([String])
        case configured(DisplayConfigSet)
    }

    private enum Layout: Sendable {
        case template(DisplayTemplate)
        case fields([DisplayField])
        case configured(DisplayConfigSet)
    }

    private let layout: Layout
    private let environment: TemplateEnvironment

    /// `colors` turns on ANSI escapes; times are shown in `timeZone`.
    public init(style: Style, colors: Bool, timeZone: TimeZone = .current) {
        switch style {
        case .template(let template): layout = .template(template)
        case .fields(let paths): layout = .fields(paths.map(DisplayField.init(path:)))
        case .configured(let configs): layout = .configured(configs)
        }
        environment = TemplateEnvironment(colors: colors, timeZone: timeZone)
    }

    /// The event's line. A template that fails to render gives the default line followed by
    /// ` (display error: <message>)`.
    public func format(_ event: DisplayEvent) -> String {
        do {
            switch layout {
            case .template(let template):
                return try template.render(event.templateContext(), colors: environment.colors,
                                           timeZone: environment.timeZone)
            case .fields(let fields):
                return EventLine.fieldsLine(event, fields: fields, environment: environment)
            case .configured(let configs):
                guard let config = configs.config(for: event.topic) else {
                    return EventLine.defaultLine(event, environment: environment)
                }
                return try config.line(for: event, environment: environment)
            }
        } catch {
            return EventLine.defaultLine(event, environment: environment) + " (display error: \(error))"
        }
    }
}
