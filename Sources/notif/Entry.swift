import ArgumentParser
import Foundation
import NotifCore

/// Process entry: parses the command line, runs the command, and maps every failure to one line on
/// stderr and an exit code — 1 for failures, 2 for usage errors, 130 on Ctrl-C.
@main
enum Entry {
    static func main() async {
        Interrupts.install()
        let code = await run(Array(CommandLine.arguments.dropFirst()))
        Terminal.flushStandardOutput()
        exit(code)
    }

    /// Runs one command line (also used by `notif shell` for each line typed).
    static func run(_ arguments: [String]) async -> Int32 {
        do {
            var command = try NotifCommand.parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch {
            return report(error)
        }
    }

    /// Prints `error` the way a person should see it and returns the exit code.
    static func report(_ error: any Error) -> Int32 {
        if let failure = error as? CLIFailure {
            if !failure.message.isEmpty { Terminal.printError(failure.message) }
            return failure.exitCode
        }
        if let failure = CLIFailure(libraryError: error) {
            Terminal.printError(failure.message)
            return failure.exitCode
        }
        if error is CancellationError { return 130 }
        let code = NotifCommand.exitCode(for: error)
        let message = NotifCommand.fullMessage(for: error)
        if code == .success {
            if !message.isEmpty { Terminal.printOut(message) }
            return 0
        }
        if !message.isEmpty { Terminal.printError(message) }
        // ArgumentParser reports usage errors as EX_USAGE (64); notif promises 2, like most tools.
        return code == .validationFailure ? 2 : code.rawValue
    }
}
