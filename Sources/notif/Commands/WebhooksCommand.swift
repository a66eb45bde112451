import ArgumentParser
import Foundation
import NotifCore

/// `notif webhooks …`: endpoints that receive events by HTTP POST.
struct WebhooksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks", abstract: "Manage webhooks.",
        subcommands: [Create.self, List.self, Get.self, Delete.self, Enable.self, Disable.self, Deliveries.self],
        defaultSubcommand: List.self)

    static let columns: [Output.Column] = [
        .init("ID", key: "id"), .init("URL", key: "url"),
        .init("TOPICS") { ($0["topics"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ",") },
        .init("ENABLED", key: "enabled"), .init("CREATED", key: "created_at"),
    ]

    /// `notif webhooks create --url … --topics a,b`
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Create a webhook.",
            discussion: "The signing secret is shown once, now: store it to verify the X-Notif-Signature header.")

        @Option(help: "Endpoint URL (https in production; private addresses are refused).") var url: String
        @Option(help: ArgumentHelp("Topic patterns, comma-separated.", valueName: "patterns")) var topics: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            let patterns = topics.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !patterns.isEmpty else { throw CLIFailure.usage("error: --topics needs at least one pattern") }
            let webhook = try await context.call("creating webhook") { try await $0.createWebhook(url: url, topics: patterns) }
            context.output.object(webhook, fields: WebhooksCommand.columns + [.init("SECRET", key: "secret")])
        }
    }

    /// `notif webhooks list`
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List webhooks.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            let webhooks = try await context.call("loading webhooks") { try await $0.webhooks() }
            context.output.list(webhooks, empty: "No webhooks.", columns: WebhooksCommand.columns)
        }
    }

    /// `notif webhooks get <id>`
    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Show a webhook.")
        @Argument(help: "Webhook id.") var id: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            let webhook = try await context.call("loading webhook") { try await $0.webhook(id: id) }
            context.output.object(webhook, fields: WebhooksCommand.columns)
        }
    }

    /// `notif webhooks delete <id>`
    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a webhook.")
        @Argument(help: "Webhook id.") var id: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            try await context.call("deleting webhook") { try await $0.deleteWebhook(id: id) }
            context.output.done("Deleted webhook \(id)", json: ["deleted": .string(id)])
        }
    }

    /// `notif webhooks enable <id>`
    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "enable", abstract: "Resume deliveries to a webhook.")
        @Argument(help: "Webhook id.") var id: String
        @OptionGroup var global: GlobalOptions

        func run() async throws { try await WebhooksCommand.setEnabled(true, id: id, global) }
    }

    /// `notif webhooks disable <id>`
    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "disable", abstract: "Pause deliveries to a webhook.")
        @Argument(help: "Webhook id.") var id: String
        @OptionGroup var global: GlobalOptions

        func run() async throws { try await WebhooksCommand.setEnabled(false, id: id, global) }
    }

    /// `notif webhooks deliveries <id>`
    struct Deliveries: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "deliveries", abstract: "List a webhook's recent delivery attempts.")
        @Argument(help: "Webhook id.") var id: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            let deliveries = try await context.call("loading deliveries") { try await $0.webhookDeliveries(id: id) }
            context.output.list(deliveries, empty: "No deliveries.", columns: [
                .init("EVENT", key: "event_id"), .init("TOPIC", key: "topic"), .init("STATUS", key: "status"),
                .init("ATTEMPT", key: "attempt"), .init("HTTP", key: "response_status"), .init("ERROR", key: "error"),
                .init("TIME", key: "created_at"),
            ])
        }
    }

    static func setEnabled(_ enabled: Bool, id: String, _ global: GlobalOptions) async throws {
        let context = CLIContext(global)
        let webhook = try await context.call("updating webhook") { try await $0.updateWebhook(id: id, enabled: enabled) }
        context.output.done("\(enabled ? "Enabled" : "Disabled") webhook \(id)", json: webhook)
    }
}
