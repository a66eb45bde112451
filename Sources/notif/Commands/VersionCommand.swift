import ArgumentParser
import NotifCore

/// `notif version`
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the version of notif.")

    @OptionGroup var global: GlobalOptions

    func run() {
        let output = Output(json: global.json)
        output.done("notif v\(NotifVersion.current)", json: ["version": .string(NotifVersion.current)])
    }
}
