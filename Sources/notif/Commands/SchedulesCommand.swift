import ArgumentParser
import NotifCore

/// `notif schedules …`: events scheduled with `emit --at/--in`.
struct SchedulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedules", abstract: "Manage scheduled events.",
        subcommands: [List.self, Get.self, Cancel.self, Run.self], defaultSubcommand: List.self)

    static let columns: [Output.Column] = [
        .init("ID", key: "id"), .init("TOPIC", key: "topic"), .init("SCHEDULED FOR", key: "scheduled_for"),
        .init("STATUS", key: "status"), .init("ERROR", key: "error"),
    ]

    /// `notif schedules list`
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List scheduled events.")
        @Option(help: "pending, completed, cancelled or failed.") var status: String?
        @Option(help: "At most this many.") var limit = 50
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            let page = try await context.call("loading schedules") { try await $0.schedules(status: status, limit: limit) }
            context.output.list(page.schedules.map(\.json), empty: "No scheduled events.", columns: SchedulesCommand.columns)
            if !global.json && page.total > page.schedules.count { context.output.line("(\(page.schedules.count) of \(page.total))") }
        }
    }

    /// `notif schedules get <id>`
    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Show a scheduled event.")
        @Argument(help: "Schedule id.") var id: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            let schedule = try await context.call("loading schedule") { try await $0.scheduledEvent(id: id) }
            context.output.object(schedule.json, fields: SchedulesCommand.columns + [.init("DATA") { Output.text($0["data"]) }])
        }
    }

    /// `notif schedules cancel <id>`
    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a pending scheduled event.")
        @Argument(help: "Schedule id.") var id: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            try await context.call("cancelling") { try await $0.cancelSchedule(id: id) }
            context.output.done("Cancelled \(id)", json: ["cancelled": .string(id)])
        }
    }

    /// `notif schedules run <id>`
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "run", abstract: "Emit a pending scheduled event now.")
        @Argument(help: "Schedule id.") var id: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            let eventID = try await context.call("running") { try await $0.runSchedule(id: id) }
            context.output.done("Emitted \(eventID)", json: ["id": .string(id), "event_id": .string(eventID)])
        }
    }
}
