import ArgumentParser

/// Flags every command accepts: which config file and server, and machine output.
struct GlobalOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Config file.", discussion: "Default: ~/.notif/config.json.", valueName: "path"))
    var config: String?

    @Option(help: ArgumentHelp("Server URL; overrides NOTIF_SERVER and the config file.", valueName: "url"))
    var server: String?

    @Flag(help: "Machine-readable output: one JSON object per line.")
    var json = false
}
