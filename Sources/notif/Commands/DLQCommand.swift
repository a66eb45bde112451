import ArgumentParser
import NotifCore

/// `notif dlq …`: events that could not be delivered.
struct DLQCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlq", abstract: "Inspect and replay the dead-letter queue.",
        subcommands: [List.self, Get.self, Replay.self, Delete.self, ReplayAll.self, Purge.self], defaultSubcommand: List.self)

    static let fields: [Output.Column] = [
        .init("SEQ", key: "seq"), .init("EVENT", key: "event_id"), .init("TOPIC", key: "topic"),
        .init("ATTEMPTS", key: "attempts"), .init("ERROR", key: "error"), .init("FAILED", key: "created_at"),
    ]

    /// `notif dlq list`
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List dead-lettered events.")
        @Option(help: ArgumentHelp("Only topics matching this pattern.", valueName: "pattern")) var topic: String?
        @Option(help: "At most this many entries.") var limit = 100
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            // Both item shapes are read (ours and the reference's nested one) without crashing on either.
            let entries = try await context.call("loading the DLQ") { try await $0.deadLetters(topic: topic, limit: limit) }
            let items = global.json ? entries.map(\.json) : entries.map { entry in
                JSONValue.object([
                    "seq": .int(entry.sequence), "event_id": .string(entry.eventID), "topic": .string(entry.topic),
                    "attempts": .int(entry.attempts), "error": .string(entry.error), "created_at": entry.json["created_at"],
                ])
            }
            context.output.list(items, empty: "The dead-letter queue is empty.", columns: DLQCommand.fields)
        }
    }

    /// `notif dlq get <seq>`
    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Show one dead-lettered event.")
        @Argument(help: "DLQ sequence number.") var seq: UInt64
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            let entry = try await context.call("loading entry") { try await $0.deadLetter(sequence: seq) }
            context.output.object(entry, fields: DLQCommand.fields + [.init("DATA") { Output.text($0["data"]) }])
        }
    }

    /// `notif dlq replay <seq>`
    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "replay", abstract: "Publish a dead-lettered event again and remove it from the queue.")
        @Argument(help: "DLQ sequence number.") var seq: UInt64
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            try await context.call("replaying") { try await $0.replayDeadLetter(sequence: seq) }
            context.output.done("Replayed \(seq)", json: ["replayed": .int(seq)])
        }
    }

    /// `notif dlq delete <seq>`
    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Remove one entry without replaying it.")
        @Argument(help: "DLQ sequence number.") var seq: UInt64
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            try await context.call("deleting") { try await $0.deleteDeadLetter(sequence: seq) }
            context.output.done("Deleted \(seq)", json: ["deleted": .int(seq)])
        }
    }

    /// `notif dlq replay-all`
    struct ReplayAll: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "replay-all", abstract: "Replay every entry (optionally only some topics).")
        @Option(help: ArgumentHelp("Only topics matching this pattern.", valueName: "pattern")) var topic: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            let result = try await context.call("replaying") { try await $0.replayAllDeadLetters(topic: topic) }
            context.output.done("Replayed \(result.replayed), failed \(result.failed)",
                                json: ["replayed": .int(result.replayed), "failed": .int(result.failed)])
            if result.failed > 0 { throw CLIFailure.failed("error: \(result.failed) entries could not be replayed (they stay in the queue)") }
        }
    }

    /// `notif dlq purge`
    struct Purge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "purge", abstract: "Delete every entry (optionally only some topics).")
        @Option(help: ArgumentHelp("Only topics matching this pattern.", valueName: "pattern")) var topic: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            let deleted = try await context.call("purging") { try await $0.purgeDeadLetters(topic: topic) }
            context.output.done("Deleted \(deleted) entries", json: ["deleted": .int(deleted)])
        }
    }
}
