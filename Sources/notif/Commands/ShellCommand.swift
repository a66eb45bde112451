import ArgumentParser
import Foundation

/// `notif shell`: an interactive prompt running notif commands, with a history kept across sessions.
struct ShellCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell", abstract: "Run notif commands interactively.",
        discussion: """
            Type commands without the leading 'notif' (emit orders.created '{"id":1}'). Quotes work as in a \
            shell. 'history' lists earlier commands, '!!' repeats the last one and '!N' command N; the \
            history is kept in ~/.notif/history. Ctrl-C stops the running command; 'exit', 'quit' or \
            Ctrl-D leaves. 'auth' and 'config' are not available here.
            """)

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        // Commands typed here use this shell's --server and --config.
        if let server = global.server { setenv("NOTIF_SERVER", server, 1) }
        if let config = global.config { setenv("NOTIF_CONFIG", config, 1) }
        var history = ShellHistory(path: ShellHistory.defaultPath)
        let interactive = Terminal.standardInputIsTerminal
        while true {
            if interactive {
                FileHandle.standardOutput.write(Data("notif> ".utf8))
            }
            guard let line = readLine() else { break }
            var text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            if let recalled = history.recall(text) {
                text = recalled
                Terminal.printOut(text)
            } else if text.hasPrefix("!") {
                Terminal.printError("no such history entry: \(text)")
                continue
            }
            history.append(text)
            if text == "exit" || text == "quit" { break }
            if text == "history" {
                for (number, entry) in history.entries.enumerated() { Terminal.printOut("\(String(number + 1).leftPadded(5))  \(entry)") }
                continue
            }
            let arguments: [String]
            do {
                arguments = try ShellWords.split(text)
            } catch {
                Terminal.printError("error: \(error)")
                continue
            }
            guard let command = arguments.first else { continue }
            if ["auth", "config", "shell"].contains(command) {
                Terminal.printError("'\(command)' is not available in the shell; run 'notif \(command)' outside it")
                continue
            }
            let code = await Interrupts.cancellable { await Entry.run(arguments) }
            if code == 130 { Terminal.printError("interrupted") }
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
