import ArgumentParser
import NotifCore

/// `notif events list|get|stats`: the event history.
struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events", abstract: "Browse the event history.",
        subcommands: [List.self, Get.self, Stats.self], defaultSubcommand: List.self)

    /// `notif events list`
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List events, newest first.")

        @Option(help: ArgumentHelp("Only topics matching this pattern (orders.*, orders.>).", valueName: "pattern")) var topic: String?
        @Option(help: ArgumentHelp("Since this time: RFC 3339, or a duration meaning that long ago (1h).", valueName: "time")) var from: String?
        @Option(help: ArgumentHelp("Until this time (RFC 3339).", valueName: "time")) var to: String?
        @Option(help: "At most this many events (1-1000).") var limit = 100
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard (1...1000).contains(limit) else { throw ValidationError("--limit must be between 1 and 1000") }
        }

        func run() async throws {
            let context = CLIContext(global)
            let since = try from.map { try TimeArgument.instantOrAgo($0, option: "--from") }
            let until = try to.map { try TimeArgument.instant($0, option: "--to") }
            let events = try await context.call("loading events") { try await $0.events(topic: topic, from: since, to: until, limit: limit) }
            context.output.list(events, empty: "No events.", columns: [
                .init("SEQ", key: "seq"), .init("ID") { Output.text($0["event"]?["id"]) },
                .init("TOPIC") { Output.text($0["event"]?["topic"]) }, .init("TIME", key: "timestamp"),
                .init("DATA") { Output.text($0["event"]?["data"]) },
            ])
        }
    }

    /// `notif events get <seq|id>`
    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Show one event by stream sequence or event id.")

        @Argument(help: "Stream sequence or event id (evt_…).") var reference: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            let event = try await context.call("loading event") { try await $0.event(reference) }
            context.output.object(event, fields: [
                .init("Seq", key: "seq"), .init("ID") { Output.text($0["event"]?["id"]) },
                .init("Topic") { Output.text($0["event"]?["topic"]) }, .init("Time", key: "timestamp"),
                .init("Data") { Output.text($0["event"]?["data"]) },
            ])
        }
    }

    /// `notif events stats`
    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "stats", abstract: "Show counts and the stream's state.")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            let stats = try await context.call("loading stats") { try await $0.eventStats() }
            let fields = (stats.members ?? []).map { member in Output.Column(member.key, key: member.key) }
            context.output.object(stats, fields: fields)
        }
    }
}
