import Foundation
import Logging
import Synchronization

/// `notif bench fanout`: many idle WebSocket subscribers on one topic. notifd's (and nats-server's)
/// memory is sampled before they connect and once they all are subscribed and idle, which gives the
/// memory per idle connection; then a few events, one every `interval`, reach every subscriber:
/// latency per delivery, and until the last subscriber has each event.
public enum FanoutBench {
    public struct Options: BenchLoad {
        public var server: String
        public var apiKey: String
        public var subscribers = 10_000
        /// Subscribers connecting (waiting for their `subscribed`) at once.
        public var connectConcurrency = 64
        /// How long one subscriber may take to be confirmed before it counts as failed.
        public var confirmWithin: Duration = .seconds(30)
        /// Time between two events.
        public var interval: Duration = .milliseconds(100)
        /// How long the deliveries may take after the last event before the missing ones count as errors.
        public var deliveryDeadline: Duration = .seconds(30)
        public var payloadSize = 256
        /// The number of events.
        public var count: Int? = 20
        /// Not used: the run emits `count` events.
        public var duration: Duration?
        public var serverPID: Int32?
        /// nats-server's pid, to report its CPU and memory too.
        public var brokerPID: Int32?

        public init(server: String, apiKey: String) {
            self.server = server
            self.apiKey = apiKey
        }
    }

    public static func run(_ options: Options, logger: Logger) async throws -> BenchResult {
        try await BenchKey.using(server: options.server, apiKey: options.apiKey) { key in
            try await measure(options, client: NotifClient(apiKey: key, server: options.server))
        }
    }

    private static func measure(_ options: Options, client: NotifClient) async throws -> BenchResult {
        let events = max(1, options.count ?? 20)
        let receipts = Receipts()
        let spread = Mutex([Spread](repeating: Spread(), count: events))
        let topic = "bench.fanout.\(RandomToken.hex(bytes: 4))"
        let subscribers = BenchSubscribers(client: client, topic: topic) { frame in
            guard let data = frame["data"], let sent = data["t"]?.int64Value, let index = data["i"]?.int64Value else { return }
            let now = EndToEndBench.monotonicNanoseconds()
            receipts.record(sentAt: UInt64(sent), now: now)
            spread.withLock { spread in
                if spread.indices.contains(Int(index)) { spread[Int(index)].add(sentAt: UInt64(sent), now: now) }
            }
        }
        var parameters: [(String, JSONValue)] = [("subscribers", .int(options.subscribers))]

        // Connect, then idle.
        let connecting = Watches(options)
        await subscribers.open(options.subscribers, concurrency: options.connectConcurrency, confirmWithin: options.confirmWithin)
        let connectTime = ContinuousClock.now - connecting.started
        let connected = subscribers.counts.confirmed
        guard connected > 0 else {
            let reason = subscribers.counts.firstFailure ?? "none confirmed"
            await subscribers.closeAll()
            throw BenchFailure("no subscriber connected: \(reason)")
        }
        parameters += [("connected", .int(connected)), ("connect_seconds", .double(connectTime.seconds, places: 3))]
        parameters += connecting.parameters("connect")
        let idle = Watches(options)
        try? await Task.sleep(for: .seconds(2))
        parameters += idle.parameters("idle")
        if let before = connecting.notifd.start, let after = options.serverPID.flatMap(ProcessUsage.sample(pid:)) {
            let perConnection = Double(after.residentBytes - before.residentBytes) / 1024 / Double(connected)
            parameters += [("rss_before_mib", .double(mebibytes(before.residentBytes), places: 1)), ("rss_idle_mib", .double(mebibytes(after.residentBytes), places: 1)),
                           ("kib_per_connection", .double(perConnection, places: 1))]
        }
        if let before = connecting.nats.start, let after = options.brokerPID.flatMap(ProcessUsage.sample(pid:)) {
            parameters += [("nats_rss_before_mib", .double(mebibytes(before.residentBytes), places: 1)),
                           ("nats_rss_idle_mib", .double(mebibytes(after.residentBytes), places: 1))]
        }

        // The events, each to every subscriber.
        let sending = Watches(options)
        let pacing = options.pacing(rate: 1 / max(0.001, options.interval.seconds))
        let padding = String(repeating: "a", count: max(0, options.payloadSize - 50))
        let emitted = await BenchWorkers.drive(1, pacing) { index, due in
            let data: JSONValue = ["t": .int(EndToEndBench.monotonicNanoseconds(at: due)), "i": .int(index), "pad": .string(padding)]
            _ = try await client.emit(topic, data: data)
            return nil
        }
        let expected = emitted.messages * connected
        try? await receipts.waitFor(expected, within: options.deliveryDeadline)
        let elapsed = ContinuousClock.now - pacing.start
        let cost = sending.notifd.cost(elapsed: elapsed)
        parameters += sending.parameters("events", notifd: false)
        let outcome = receipts.outcome.withLock { $0 }
        // Exact (a handful of values), unlike the histogram, which stops at 60 s.
        let toAll = spread.withLock { $0 }.filter { $0.count >= connected }.map { Double($0.last &- $0.sent) / 1e6 }.sorted()
        parameters += [("events", .int(emitted.messages)), ("interval_ms", .double(options.interval.seconds * 1000, places: 3)),
                       ("payload_bytes", .int(options.payloadSize)), ("events_to_all", .int(toAll.count)),
                       ("all_delivered_p50_ms", .double(toAll.isEmpty ? 0 : toAll[toAll.count / 2], places: 1)),
                       ("all_delivered_max_ms", .double(toAll.last ?? 0, places: 1))]
        await subscribers.closeAll()

        let failures = subscribers.counts
        let missing = max(0, expected - outcome.messages)
        let reasons = [emitted.firstError.map { "emit: \($0)" }, failures.firstFailure.map { "\(failures.failures) subscribers failed, first: \($0)" },
                       missing > 0 ? "\(missing) deliveries missing \(options.deliveryDeadline) after the last event" : nil].compactMap { $0 }
        return BenchResult(
            scenario: "fanout", parameters: parameters,
            messages: outcome.messages, errors: emitted.errors + failures.failures + missing, elapsed: elapsed,
            latency: outcome.latency.summary, server: cost,
            firstError: reasons.isEmpty ? nil : reasons.joined(separator: "; "))
    }

    /// When one event reached the subscribers: its send time, how many have it, and the last arrival.
    struct Spread: Sendable {
        var sent: UInt64 = 0
        var count = 0
        var last: UInt64 = 0

        mutating func add(sentAt: UInt64, now: UInt64) {
            sent = sentAt
            count += 1
            last = max(last, now)
        }
    }

    /// notifd's and nats-server's usage from the start of one phase of the run.
    struct Watches {
        let started = ContinuousClock.now
        let notifd: ServerWatch
        let nats: ServerWatch

        init(_ options: Options) {
            notifd = ServerWatch(pid: options.serverPID)
            nats = ServerWatch(pid: options.brokerPID)
        }

        /// `<phase>_cpu_percent` of notifd (unless `notifd` is false) and `nats_<phase>_cpu_percent`, up to now.
        func parameters(_ phase: String, notifd includeNotifd: Bool = true) -> [(String, JSONValue)] {
            let elapsed = ContinuousClock.now - started
            var parameters: [(String, JSONValue)] = []
            if includeNotifd, let cost = notifd.cost(elapsed: elapsed) {
                parameters.append(("\(phase)_cpu_percent", .double(cost.cpuPercent, places: 1)))
            }
            if let cost = nats.cost(elapsed: elapsed) {
                parameters.append(("nats_\(phase)_cpu_percent", .double(cost.cpuPercent, places: 1)))
            }
            return parameters
        }
    }
}
