import ArgumentParser

/// `notif completions <shell>`: the shell completion script.
struct CompletionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "completions", abstract: "Print a shell completion script (bash, zsh or fish).",
        discussion: """
            bash:  notif completions bash > /etc/bash_completion.d/notif
                   (or: source <(notif completions bash) in ~/.bashrc)
            zsh:   notif completions zsh > "${fpath[1]}/_notif"
            fish:  notif completions fish > ~/.config/fish/completions/notif.fish
            """)

    @Argument(help: "bash, zsh or fish.") var shell: String

    func run() throws {
        guard let kind = CompletionShell(rawValue: shell) else {
            throw CLIFailure.usage("error: unknown shell \(shell) (use bash, zsh or fish)")
        }
        Terminal.printOut(NotifCommand.completionScript(for: kind))
    }
}
