import Foundation

/// The process's terminal: where output goes, whether it is a person's terminal, and colours.
enum Terminal {
    static var standardOutputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
    static var standardInputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// Colours only for a terminal, and never with `NO_COLOR` set or `TERM=dumb`.
    static func colorsEnabled(disabledByFlag: Bool = false) -> Bool {
        let environment = ProcessInfo.processInfo.environment
        if disabledByFlag || environment["NO_COLOR"].map({ !$0.isEmpty }) == true || environment["TERM"] == "dumb" { return false }
        return standardOutputIsTerminal
    }

    static func printOut(_ line: String) {
        Spinner.clearLine()
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func printError(_ line: String) {
        Spinner.clearLine()
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func flushStandardOutput() { fflush(nil) }

    /// All of stdin as bytes (for data piped in).
    static func readStandardInput() -> [UInt8] {
        Array(FileHandle.standardInput.readDataToEndOfFile())
    }

    static func paint(_ text: String, _ code: String, when enabled: Bool) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
