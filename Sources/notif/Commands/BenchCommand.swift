import ArgumentParser
import Foundation
import Logging
import NotifCore

/// `notif bench …`: measure notif against the broker's own ceiling (see Benchmarks/README.md).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure throughput and latency: raw JetStream, emit, and the two compared.",
        discussion: """
            Each scenario prints throughput, latency percentiles (HdrHistogram) and, when it can see notifd
            (--server-pid, or the only process named notifd), its CPU and memory. --json prints one object.
            Run against a server you do not mind loading: `make bench` starts one in release mode.
            """,
        subcommands: [Broker.self, Emit.self, EndToEnd.self, Fanout.self, Webhooks.self, Compare.self])

    /// Knobs every scenario shares.
    struct Load: ParsableArguments {
        @Option(help: "Payload size in bytes.") var size = 256
        @Option(help: "Stop after this many messages (instead of --duration).") var count: Int?
        @Option(help: "Run for this long, a Go duration.") var duration = "10s"
        @Option(name: .customLong("server-pid"), help: "notifd's pid, to report its CPU and memory (default: found by name).")
        var serverPID: Int32?

        func runDuration() throws -> Duration {
            guard let value = GoDuration.parse(duration), value > .zero else { throw ValidationError("--duration must be a positive duration") }
            return value
        }

        var pid: Int32? { BenchCommand.serverPID(serverPID) }

        /// Sets the shared knobs of a scenario's options.
        func apply<Options: BenchLoad>(to options: inout Options) throws {
            options.payloadSize = size
            options.count = count
            options.duration = try runDuration()
            options.serverPID = pid
        }

        func validate() throws {
            guard (1...(8 << 20)).contains(size) else { throw ValidationError("--size must be between 1 and 8388608") }
            if let count, count < 1 { throw ValidationError("--count must be positive") }
            _ = try runDuration()
        }
    }

    /// notifd's pid: the given one, else the only process named notifd.
    static func serverPID(_ given: Int32?) -> Int32? { given ?? ProcessUsage.findProcess(named: "notifd") }

    static var natsURL: String { ProcessInfo.processInfo.environment["NATS_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "nats://127.0.0.1:4222" }

    static var logger: Logger {
        var logger = Logger(label: "notif-bench")
        logger.logLevel = .error
        return logger
    }

    static func brokerOptions(url: String, load: Load, inFlight: Int) throws -> BrokerBench.Options {
        var options = BrokerBench.Options(url: url)
        try load.apply(to: &options)
        options.window = inFlight
        return options
    }

    static func emitOptions(_ context: CLIContext, load: Load, connections: Int, rate: Double?) throws -> EmitBench.Options {
        let client = try context.client()
        var options = EmitBench.Options(server: client.server, apiKey: client.apiKey ?? "")
        try load.apply(to: &options)
        options.connections = connections
        options.rate = rate
        return options
    }

    /// Runs a scenario and prints its result (text, or one JSON line); a failure becomes a one-line CLI error.
    @discardableResult
    static func report(_ label: String, _ context: CLIContext, _ body: () async throws -> BenchResult) async throws -> BenchResult {
        let result: BenchResult
        FileDescriptorLimit.raiseToHardLimit()  // a socket per connection: `fanout` opens thousands
        do {
            result = try await body()
        } catch let failure as CLIFailure {
            throw failure
        } catch {
            throw CLIFailure.failed("error: \(label) failed: \(error)")
        }
        context.output.line(context.options.json ? result.json.jsonString : result.text)
        return result
    }

    /// `notif bench broker`
    struct Broker: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Raw JetStream publishes (file storage) on the same nats-server: the ceiling for emit.")
        @Option(name: .customLong("nats-url"), help: "NATS URL (default: $NATS_URL or nats://127.0.0.1:4222).") var natsURL: String?
        @Option(name: .customLong("in-flight"), help: "Publishes awaiting their ack at once (pipelining).") var inFlight = 256
        @Flag(help: "One publish at a time (same as --in-flight 1).") var sync = false
        @OptionGroup var load: Load
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            let options = try BenchCommand.brokerOptions(url: natsURL ?? BenchCommand.natsURL, load: load, inFlight: sync ? 1 : inFlight)
            try await BenchCommand.report("broker benchmark", context) { try await BrokerBench.run(options, logger: BenchCommand.logger) }
        }
    }

    /// `notif bench emit`
    struct Emit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "HTTP emit from concurrent keep-alive connections, flat out or at a fixed offered rate.",
            discussion: "Creates a key without the default 100/s rate limit when your key may (an admin or platform key).")
        @Option(help: "Concurrent keep-alive connections.") var connections = 16
        @Option(help: "Offered events per second (latency counts from when each was due); default: flat out.") var rate: Double?
        @OptionGroup var load: Load
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            let options = try BenchCommand.emitOptions(context, load: load, connections: connections, rate: rate)
            try await BenchCommand.report("emit benchmark", context) { try await EmitBench.run(options, logger: BenchCommand.logger) }
        }
    }

    /// `notif bench e2e`
    struct EndToEnd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "e2e", abstract: "Emit at a fixed rate to WebSocket subscribers: latency from due time to delivery.")
        @Option(help: "WebSocket subscribers.") var subscribers = 1
        @Flag(help: "Subscribers share a consumer group (each event reaches one of them).") var group = false
        @Option(help: "Offered events per second.") var rate: Double = 1000
        @Option(help: "Concurrent emit connections.") var connections = 8
        @OptionGroup var load: Load
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            let client = try context.client()
            var options = EndToEndBench.Options(server: client.server, apiKey: client.apiKey ?? "")
            options.subscribers = subscribers
            options.group = group
            options.rate = rate
            options.connections = connections
            try load.apply(to: &options)
            try await BenchCommand.report("end-to-end benchmark", context) { try await EndToEndBench.run(options, logger: BenchCommand.logger) }
        }
    }

    /// `notif bench fanout`
    struct Fanout: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Many idle WebSocket subscribers on one topic: notifd's memory per connection, then latency to all of them.",
            discussion: "Connects the subscribers (--concurrency at a time), samples notifd's RSS before and after they are all "
                + "subscribed and idle for 2 s, then emits --events events, one every --interval, each to every subscriber.")
        @Option(help: "Idle WebSocket subscribers.") var subscribers = 10_000
        @Option(help: "Events emitted once all are subscribed.") var events = 20
        @Option(help: "Time between two events, a Go duration.") var interval = "100ms"
        @Option(help: "Subscribers connecting at once.") var concurrency = 64
        @Option(help: "Payload size in bytes.") var size = 256
        @Option(name: .customLong("server-pid"), help: "notifd's pid, to report its CPU and memory (default: found by name).")
        var serverPID: Int32?
        @Option(name: .customLong("nats-pid"), help: "nats-server's pid, to report its CPU and memory (default: found by name).")
        var natsPID: Int32?
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard subscribers > 0, events > 0, concurrency > 0 else { throw ValidationError("--subscribers, --events and --concurrency must be positive") }
            guard GoDuration.parse(interval).map({ $0 > .zero }) == true else { throw ValidationError("--interval must be a positive duration") }
            guard (1...(8 << 20)).contains(size) else { throw ValidationError("--size must be between 1 and 8388608") }
        }

        func run() async throws {
            let context = CLIContext(global)
            let client = try context.client()
            var options = FanoutBench.Options(server: client.server, apiKey: client.apiKey ?? "")
            options.subscribers = subscribers
            options.count = events
            options.interval = GoDuration.parse(interval) ?? .milliseconds(100)
            options.connectConcurrency = concurrency
            options.payloadSize = size
            options.serverPID = BenchCommand.serverPID(serverPID)
            options.brokerPID = natsPID ?? ProcessUsage.findProcess(named: "nats-server")
            try await BenchCommand.report("fanout benchmark", context) { try await FanoutBench.run(options, logger: BenchCommand.logger) }
        }
    }

    /// `notif bench webhooks`
    struct Webhooks: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Webhook deliveries per second to a fast local receiver, beside an endpoint that never answers.",
            discussion: "The server must allow webhooks to loopback (notifd --webhook-allow-private-networks).")
        @Flag(name: .customLong("no-hanging"), help: "Without the endpoint that never answers.") var noHanging = false
        @Option(help: "Webhooks on the fast receiver; each gets every event.") var endpoints = 1
        @Option(help: "Offered events per second; default: flat out.") var rate: Double?
        @Option(help: "Concurrent emit connections.") var connections = 8
        @OptionGroup var load: Load
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard (1...100).contains(endpoints) else { throw ValidationError("--endpoints must be between 1 and 100") }
        }

        func run() async throws {
            let context = CLIContext(global)
            let client = try context.client()
            var options = WebhookBench.Options(server: client.server, apiKey: client.apiKey ?? "")
            options.withHangingEndpoint = !noHanging
            options.fastEndpoints = endpoints
            options.rate = rate
            options.connections = connections
            try load.apply(to: &options)
            try await BenchCommand.report("webhook benchmark", context) { try await WebhookBench.run(options, logger: BenchCommand.logger) }
        }
    }

    /// `notif bench compare`
    struct Compare: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Alternate pipelined broker publishes and emit, and print emit's share of the broker's rate.",
            discussion: "Alternating in one run keeps the comparison fair on a noisy machine.")
        @Option(name: .customLong("nats-url"), help: "NATS URL (default: $NATS_URL or nats://127.0.0.1:4222).") var natsURL: String?
        @Option(help: "Broker/emit pairs to run.") var rounds = 3
        @Option(help: "Concurrent emit connections.") var connections = 16
        @Option(name: .customLong("in-flight"), help: "Broker publishes in flight.") var inFlight = 256
        @OptionGroup var load: Load
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            let broker = try BenchCommand.brokerOptions(url: natsURL ?? BenchCommand.natsURL, load: load, inFlight: inFlight)
            let emit = try BenchCommand.emitOptions(context, load: load, connections: connections, rate: nil)
            var brokerRates: [Double] = [], emitRates: [Double] = []
            for _ in 0..<max(1, rounds) {
                let b = try await BenchCommand.report("broker benchmark", context) { try await BrokerBench.run(broker, logger: BenchCommand.logger) }
                brokerRates.append(b.throughput)
                let e = try await BenchCommand.report("emit benchmark", context) { try await EmitBench.run(emit, logger: BenchCommand.logger) }
                emitRates.append(e.throughput)
            }
            let brokerMedian = brokerRates.sorted()[brokerRates.count / 2], emitMedian = emitRates.sorted()[emitRates.count / 2]
            let ratio = brokerMedian > 0 ? emitMedian / brokerMedian : 0
            let summary = JSONValue.object([
                "scenario": "compare", "broker_per_second": .double(brokerMedian, places: 0), "emit_per_second": .double(emitMedian, places: 0),
                "ratio": .double(ratio, places: 3), "rounds": .int(rounds),
            ])
            context.output.line(context.options.json ? summary.jsonString
                                : String(format: "emit / broker (medians of %d rounds): %.0f / %.0f = %.3f", rounds, emitMedian, brokerMedian, ratio))
        }
    }
}
