import ArgumentParser
import Foundation
import NotifCore

/// `notif audit [verify]`: the org's audit trail.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Show the audit trail of your org, or verify its hash chain.",
        discussion: """
            Entries are newest first. --action takes an exact action or a prefix such as 'webhook.*'; \
            --since and --until take RFC 3339 times or durations (1h = an hour ago). --json prints one JSON \
            array. --follow keeps printing new entries as they are recorded.
            """,
        subcommands: [List.self, Verify.self], defaultSubcommand: List.self)

    /// `notif audit`
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List audit entries.")
        @Option(help: "Org: your key's own; a platform key may name any, or '' for instance-wide entries (operator.rotate, auth.failure).") var org: String?
        @Option(help: ArgumentHelp("Exact action, or a prefix like webhook.*", valueName: "action")) var action: String?
        @Option(help: ArgumentHelp("Only this actor, e.g. api:<key id>.", valueName: "actor")) var actor: String?
        @Option(help: ArgumentHelp("Since: RFC 3339 or a duration (1h).", valueName: "time")) var since: String?
        @Option(help: ArgumentHelp("Until: RFC 3339 or a duration.", valueName: "time")) var until: String?
        @Option(help: "At most this many entries (1-1000).") var limit = 50
        @Flag(help: "Keep printing new entries.") var follow = false
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard (1...1000).contains(limit) else { throw ValidationError("--limit must be between 1 and 1000") }
        }

        func run() async throws {
            let context = CLIContext(global)
            let page = try await context.call("loading the audit trail") {
                try await $0.auditEntries(org: org, action: action, actor: actor, since: since, until: until, limit: limit)
            }
            if global.json && !follow {
                context.output.line(JSONValue.array(page.entries).jsonString)
                return
            }
            let output = AuditOutput(json: global.json)
            if page.entries.isEmpty && !follow { context.output.line("No audit entries.") }
            page.entries.reversed().forEach(output.print)
            guard follow else { return }
            var newest = page.entries.compactMap { $0["id"]?.int64Value }.max() ?? 0
            let client = try context.client()
            while true {
                try await Task.sleep(for: .seconds(1))
                let fresh = try await client.auditEntries(org: org, action: action, actor: actor, limit: 1000, after: newest).entries
                fresh.reversed().forEach(output.print)
                newest = max(newest, fresh.compactMap { $0["id"]?.int64Value }.max() ?? newest)
            }
        }
    }

    /// `notif audit verify`
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify", abstract: "Check the hash chain of your org's audit trail (exit 1 when broken).")
        @Option(help: "Org: your key's own; a platform key may name any, or '' for instance-wide entries (operator.rotate, auth.failure).") var org: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            let result = try await context.call("verifying") { try await $0.verifyAudit(org: org) }
            let valid = result["valid"]?.boolValue == true
            let checked = Output.text(result["checked"])
            let noun = checked == "1" ? "entry" : "entries"
            context.output.done(valid ? "Audit chain intact: \(checked) \(noun) checked"
                                      : "Audit chain broken at entry \(Output.text(result["chain_seq"])): \(Output.text(result["message"]))",
                                json: result)
            if !valid { throw CLIFailure.failed("") }
        }
    }
}

/// One audit entry per block for people (`[id] time action`, then actor, target, IP, detail), or one
/// JSON object per line when following with `--json`.
struct AuditOutput {
    let json: Bool

    func print(_ entry: JSONValue) {
        if json {
            Terminal.printOut(entry.jsonString)
            return
        }
        var lines = ["[\(Output.text(entry["id"]))] \(Output.text(entry["timestamp"]))  \(Output.text(entry["action"]))"]
        for (label, key) in [("Actor", "actor"), ("Target", "target"), ("IP", "ip_address"), ("Request", "request_id")] {
            let value = Output.text(entry[key])
            if !value.isEmpty { lines.append("  \(label): \(value)") }
        }
        if let detail = entry["detail"], !detail.isNull { lines.append("  Detail: \(detail.canonical.jsonString)") }
        Terminal.printOut(lines.joined(separator: "\n"))
    }
}
