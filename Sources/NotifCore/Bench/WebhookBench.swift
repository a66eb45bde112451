import Logging

/// `notif bench webhooks`: events emitted to a topic with `fastEndpoints` webhooks on a fast local
/// receiver and, optionally, one more on an endpoint that never answers: deliveries per second to
/// the fast ones show whether the hanging one holds them up. Several fast endpoints multiply the
/// deliveries per emitted event, so the dispatcher can be loaded beyond the emit rate. The server
/// must allow webhooks to loopback (`--webhook-allow-private-networks`).
public enum WebhookBench {
    public struct Options: BenchLoad {
        public var server: String
        public var apiKey: String
        public var withHangingEndpoint = true
        /// Webhooks on the fast receiver (each gets every event).
        public var fastEndpoints = 1
        /// Events per second offered; nil: as fast as the emit connections go.
        public var rate: Double?
        public var connections = 8
        public var payloadSize = 256
        public var count: Int?
        public var duration: Duration? = .seconds(10)
        public var serverPID: Int32?

        public init(server: String, apiKey: String) {
            self.server = server
            self.apiKey = apiKey
        }
    }

    public static func run(_ options: Options, logger: Logger) async throws -> BenchResult {
        let receiver = try await BenchReceiver.start()
        do {
            let result = try await BenchKey.using(server: options.server, apiKey: options.apiKey) { key in
                try await runWithWebhooks(options, client: NotifClient(apiKey: key, server: options.server), receiver: receiver)
            }
            await receiver.stop()
            return result
        } catch {
            await receiver.stop()
            throw error
        }
    }

    /// Creates the webhooks, runs the load, and deletes them again whatever happens.
    private static func runWithWebhooks(_ options: Options, client: NotifClient, receiver: BenchReceiver) async throws -> BenchResult {
        let topic = "bench.webhooks.\(RandomToken.hex(bytes: 4))"
        var webhooks: [String] = []
        do {
            let fast = (1...max(1, options.fastEndpoints)).map { "/fast/\($0)" }
            for path in options.withHangingEndpoint ? fast + ["/hang"] : fast {
                let webhook = try await client.createWebhook(url: "http://127.0.0.1:\(receiver.port)\(path)", topics: [topic])
                if let id = webhook["id"]?.stringValue { webhooks.append(id) }
            }
            let result = try await measure(options, client: client, topic: topic, receiver: receiver)
            for id in webhooks { try? await client.deleteWebhook(id: id) }
            return result
        } catch {
            for id in webhooks { try? await client.deleteWebhook(id: id) }
            throw error
        }
    }

    private static func measure(_ options: Options, client: NotifClient, topic: String,
                                receiver: BenchReceiver) async throws -> BenchResult {
        let watch = ServerWatch(pid: options.serverPID)
        let pacing = options.pacing(rate: options.rate)
        let padding = String(repeating: "a", count: max(0, options.payloadSize - 40))
        let emitted = await BenchWorkers.drive(options.connections, pacing) { _, _ in
            _ = try await client.emit(topic, data: .object(["t": .int(EndToEndBench.monotonicNanoseconds()), "pad": .string(padding)]))
            return nil
        }
        let expected = emitted.messages * max(1, options.fastEndpoints)
        try await receiver.receipts.waitFor(expected, within: .seconds(30))
        let elapsed = ContinuousClock.now - pacing.start
        let cost = watch.cost(elapsed: elapsed)
        let outcome = receiver.receipts.outcome.withLock { $0 }
        let missing = max(0, expected - outcome.messages)
        var parameters: [(String, JSONValue)] = [("payload_bytes", .int(options.payloadSize)),
                                                 ("fast_endpoints", .int(max(1, options.fastEndpoints))),
                                                 ("hanging_endpoint", .bool(options.withHangingEndpoint)),
                                                 ("emitted", .int(emitted.messages))]
        if let rate = options.rate { parameters.append(("offered_per_second", .double(rate))) }
        return BenchResult(
            scenario: options.withHangingEndpoint ? "webhooks-with-hanging" : "webhooks", parameters: parameters,
            messages: outcome.messages, errors: emitted.errors + missing, elapsed: elapsed, latency: outcome.latency.summary,
            server: cost,
            firstError: emitted.firstError ?? (missing > 0 ? "\(missing) deliveries missing 30 s after the last emit" : nil))
    }
}
