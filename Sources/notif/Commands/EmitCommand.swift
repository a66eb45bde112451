import ArgumentParser
import NotifCore

/// `notif emit <topic> [data]`: publish now, schedule (`--at`/`--in`), or request/response (`--reply-to`).
struct EmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emit",
        abstract: "Emit an event (now, later, or as a request waiting for a reply).",
        discussion: """
            Data is JSON, taken from --data, else the argument, else stdin; none means {}. '@file' reads a file. \
            With --at or --in the event is scheduled instead. With --reply-to, notif subscribes to the reply \
            topics first, emits, and prints the first reply whose data passes --filter (a jq filter where \
            $input is the emitted data), or fails after --timeout.

            Examples:
              notif emit orders.created '{"id": 42}'
              echo '{"id": 42}' | notif emit orders.created
              notif emit reports.daily --in 1h '{}'
              notif emit rpc.add '{"id":"r1","a":1,"b":2}' --reply-to rpc.result \\
                --filter '.id == $input.id' --raw
            """)

    @Argument(help: "Topic, e.g. orders.created.") var topic: String
    @Argument(help: ArgumentHelp("Event data (JSON).", valueName: "data")) var dataArgument: String?
    @Option(name: [.short, .customLong("data")], help: ArgumentHelp("Event data (JSON); wins over the argument.", valueName: "json"))
    var dataOption: String?
    @Option(help: ArgumentHelp("Schedule for this time (RFC 3339).", valueName: "time")) var at: String?
    @Option(name: .customLong("in"), help: ArgumentHelp("Schedule after this delay (e.g. 30s, 5m, 1h).", valueName: "duration"))
    var delay: String?
    @Option(name: .customLong("reply-to"), help: ArgumentHelp("Wait for a reply on these topics (comma-separated).", valueName: "topics"))
    var replyTo: String?
    @Option(help: ArgumentHelp("jq filter a reply's data must pass; $input is the emitted data.", valueName: "jq")) var filter: String?
    @Option(help: ArgumentHelp("How long to wait for a reply.", valueName: "duration")) var timeout = "30s"
    @Flag(help: "Print only the reply's data.") var raw = false
    @Option(name: .customLong("idempotency-key"), help: ArgumentHelp("Retries with the same key within 24 h publish once.", valueName: "key"))
    var idempotencyKey: String?
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if at != nil && delay != nil { throw ValidationError("--at and --in cannot be used together") }
        if replyTo != nil && (at != nil || delay != nil) { throw ValidationError("--reply-to cannot be combined with --at or --in") }
        if filter != nil && replyTo == nil { throw ValidationError("--filter needs --reply-to") }
        if let message = Topic.validationError(topic) { throw ValidationError("invalid topic: \(message)") }
    }

    func run() async throws {
        let context = CLIContext(global)
        let data = try InputData.json(flag: dataOption, argument: dataArgument) ?? .object([])
        if let at {
            let when = try TimeArgument.instant(at, option: "--at")
            let scheduled = try await context.call("scheduling") { try await $0.schedule(topic, data: data, at: when) }
            printScheduled(scheduled, context)
        } else if let delay {
            let after = try TimeArgument.duration(delay, option: "--in")
            let scheduled = try await context.call("scheduling") { try await $0.schedule(topic, data: data, in: after) }
            printScheduled(scheduled, context)
        } else if let replyTo {
            let request = try ReplyRequest(topic: topic, data: data, replyTopics: replyTo, filter: filter,
                                           timeout: try TimeArgument.duration(timeout, option: "--timeout"))
            let reply = try await request.send(with: try context.client(), spinner: !global.json)
            context.output.line(raw ? reply.data.jsonString : SubscribeCommand.eventJSON(reply).jsonString)
        } else {
            let sent = try await context.call("emitting") { try await $0.emit(topic, data: data, idempotencyKey: idempotencyKey) }
            let json: JSONValue = .object([
                "id": .string(sent.id), "topic": .string(sent.topic), "created_at": sent.createdAt.map { .string($0.rfc3339) },
                "dead_lettered": sent.deadLettered ? .bool(true) : nil,
            ])
            let sentence = sent.deadLettered
                ? "Event \(sent.id) failed its topic's schema and was sent to the dead-letter queue ('notif dlq list')"
                : "Emitted \(sent.id) to \(sent.topic)"
            context.output.done(sentence, json: json)
        }
    }

    private func printScheduled(_ scheduled: ScheduledEventInfo, _ context: CLIContext) {
        context.output.done("Scheduled \(scheduled.id) on \(scheduled.topic) for \(scheduled.scheduledFor?.rfc3339 ?? "?")", json: scheduled.json)
    }
}
