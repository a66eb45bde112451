import ArgumentParser
import NotifCore

/// `notif jq <filter>`: jq over JSON on stdin (one document, or one per line as it arrives, so
/// `notif subscribe --json | notif jq .data` streams).
struct JQCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jq", abstract: "Run a jq filter on JSON read from stdin.",
        discussion: """
            Reads JSON values from stdin (a document may span lines; several may follow each other) and \
            prints every result of the filter as compact JSON, one per line.

            Example: notif subscribe orders.* --json | notif jq -r '.data.id'
            """)

    @Argument(help: "jq filter, e.g. '.data | {id, total}'.") var filter: String
    @Flag(name: [.short, .customLong("raw-output")], help: "Print strings without quotes.") var rawOutput = false

    func run() throws {
        let program = try JQProgram(filter)
        var pending = ""
        var failures = 0
        while let line = readLine(strippingNewline: false) {
            pending += line
            guard pending.contains(where: { !$0.isWhitespace }) else {
                pending = ""
                continue
            }
            // A document may span several lines: keep reading until what we have parses.
            guard let value = try? JSONValue.parse(Array(pending.utf8)) else { continue }
            pending = ""
            failures += apply(program, to: value) ? 0 : 1
        }
        if pending.contains(where: { !$0.isWhitespace }) {
            _ = try InputData.parse(pending, what: "input")
        }
        if failures > 0 { throw CLIFailure.failed("") }
    }

    private func apply(_ program: JQProgram, to value: JSONValue) -> Bool {
        do {
            for result in try program.run(value) {
                if rawOutput, let text = result.stringValue { Terminal.printOut(text) } else { Terminal.printOut(result.jsonString) }
            }
            return true
        } catch {
            Terminal.printError("jq: error: \(error)")
            return false
        }
    }
}
