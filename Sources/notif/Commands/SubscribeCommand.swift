import ArgumentParser
import Foundation
import NotifCore

/// `notif subscribe <topics...>`: prints events as they arrive.
struct SubscribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subscribe", abstract: "Print events as they arrive.",
        discussion: """
            Topics are patterns: '*' matches one segment, '>' the rest, a lone '*' everything. \
            Display, first match wins: --format (a Go-style template over .id .topic .timestamp .data), \
            --fields, the display config of .notif.json ({"display":{"topics":{"orders.*":{…}}}}), the \
            x-notif-display of the topic's schema (cached in ~/.notif/cache/schemas for 5 minutes), else \
            'HH:MM:SS topic data'. --json prints {"data","id","timestamp","topic"} per line.

            Examples:
              notif subscribe 'orders.*'
              notif subscribe 'orders.>' --group billing --from beginning
              notif subscribe 'orders.*' --filter '.data.total > 100' --count 10
              notif subscribe 'orders.*' \\
                --format '{{.topic}} #{{.data.id}} {{.data.total | printf "%.2f"}}'
            """)

    @Argument(help: "Topic patterns.") var topics: [String]
    @Option(help: "Consumer group: members share the events.") var group: String?
    @Option(help: "Where to start: latest, beginning, or an RFC 3339 time.") var from = "latest"
    @Flag(name: .customLong("no-auto-ack"), help: "Acknowledge each event after printing it instead of on receipt.") var noAutoAck = false
    @Option(help: ArgumentHelp("Print only events passing this jq filter (on {id,topic,timestamp,data}).", valueName: "jq")) var filter: String?
    @Flag(help: "Exit after the first event.") var once = false
    @Option(help: "Exit after this many events.") var count: Int?
    @Option(help: ArgumentHelp("Exit with status 1 if this much time passes first (e.g. 30s).", valueName: "duration")) var timeout: String?
    @Option(help: ArgumentHelp("Display template for every event.", valueName: "template")) var format: String?
    @Option(help: ArgumentHelp("Show these data fields (comma-separated paths, e.g. id,customer.name).", valueName: "paths")) var fields: String?
    @Flag(name: .customLong("no-color"), help: "No colours (also NO_COLOR or TERM=dumb; never when not a terminal).") var noColor = false
    @Flag(name: .customLong("no-cache"), help: "Fetch schema display configs from the server, ignoring the cache.") var noCache = false
    @Flag(help: "Use cached schema display configs only; never ask the server for them.") var offline = false
    @Flag(help: "Print only each event's data.") var raw = false
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if topics.isEmpty { throw ValidationError("give at least one topic pattern") }
        if let count, count < 1 { throw ValidationError("--count must be at least 1") }
        if noCache && offline { throw ValidationError("--no-cache and --offline cannot be used together") }
    }

    func run() async throws {
        let context = CLIContext(global)
        let client = try context.client()
        let matcher = try filter.map { try JQProgram($0) }
        let deadline = try timeout.map { try TimeArgument.duration($0, option: "--timeout") }
        let limit = once ? 1 : count
        let formatter = try await displayFormatter(context, client)
        let showsBanner = Terminal.standardErrorIsTerminal && !global.json
        let options = SubscribeOptions(autoAck: !noAutoAck, group: group, from: from, onSubscribed: { [topics] in
            if showsBanner { Terminal.printError("Subscribed to \(topics.joined(separator: ", ")) (Ctrl-C to stop)") }
        })
        let events = client.subscribe(topics: topics, options: options)
        let (json, raw, manualAck) = (global.json, raw, noAutoAck)
        let received = try await withThrowingTaskGroup(of: Int?.self) { group in
            group.addTask {
                var printed = 0
                for try await event in events {
                    let envelope = Self.eventJSON(event)
                    if matcher?.matches(envelope) ?? true {
                        if json {
                            Terminal.printOut(envelope.jsonString)
                        } else if raw {
                            Terminal.printOut(event.data.jsonString)
                        } else {
                            Terminal.printOut(formatter.format(DisplayEvent(id: event.id, topic: event.topic, timestamp: event.timestamp?.date, data: event.data)))
                        }
                        printed += 1
                    }
                    if manualAck { _ = await event.acknowledge() }
                    if let limit, printed >= limit { return printed }
                }
                return printed
            }
            if let deadline {
                group.addTask {
                    try await Task.sleep(for: deadline)
                    return nil
                }
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
        // Acknowledgements reach the server before the connection closes.
        await events.close()
        guard let received else {
            throw CLIFailure.failed("error: timed out after \(timeout ?? "") waiting for events")
        }
        if let limit, received < limit {
            throw CLIFailure.failed("error: the subscription ended after \(received) of \(limit) events")
        }
    }

    /// `{"data","id","timestamp","topic"}`: the shape `--json` prints and `--filter` sees.
    static func eventJSON(_ event: ReceivedEvent) -> JSONValue {
        .object([
            "data": event.data, "id": .string(event.id),
            "timestamp": event.timestamp.map { .string($0.rfc3339) }, "topic": .string(event.topic),
        ])
    }

    private func displayFormatter(_ context: CLIContext, _ client: NotifClient) async throws -> EventFormatter {
        let colors = Terminal.colorsEnabled(disabledByFlag: noColor)
        if let format {
            do {
                return EventFormatter(style: .template(try DisplayTemplate(format)), colors: colors)
            } catch {
                throw CLIFailure.usage("error: invalid --format template: \(error)")
            }
        }
        if let fields {
            let paths = fields.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return EventFormatter(style: .fields(paths), colors: colors)
        }
        guard !raw && !global.json else { return EventFormatter(style: .fields([]), colors: false) }
        let notifFile = try DisplayFiles.notifJSON()
        let schemas = await SchemaDisplayCache(server: client.server).schemas(client: client, noCache: noCache, offline: offline)
        do {
            return EventFormatter(style: .configured(try DisplayConfigSet(notifFile: notifFile, schemas: schemas)), colors: colors)
        } catch {
            throw CLIFailure.usage("error: \(error)")
        }
    }
}
