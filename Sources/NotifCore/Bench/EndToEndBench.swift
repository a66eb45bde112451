import Foundation
import Logging
import Synchronization

/// `notif bench e2e`: events emitted at a fixed rate reach `subscribers` WebSocket subscribers
/// (each gets every event, or with `group` the group shares them); latency is from when the event
/// was due to when a subscriber has it, measured on the machine's monotonic clock carried in the
/// event's data.
public enum EndToEndBench {
    public struct Options: BenchLoad {
        public var server: String
        public var apiKey: String
        public var subscribers = 1
        /// Subscribers share one consumer group (each event reaches one of them).
        public var group = false
        public var rate: Double = 1000
        public var payloadSize = 256
        public var count: Int?
        public var duration: Duration? = .seconds(10)
        public var connections = 8
        public var serverPID: Int32?

        public init(server: String, apiKey: String) {
            self.server = server
            self.apiKey = apiKey
        }
    }

    /// Nanoseconds of CLOCK_MONOTONIC: comparable between the emitter and subscribers on one machine.
    static func monotonicNanoseconds() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// The monotonic time at `due` (an instant already passed): a latency counted from it includes
    /// how late the event was sent.
    static func monotonicNanoseconds(at due: ContinuousClock.Instant) -> UInt64 {
        let lateness = max(.zero, ContinuousClock.now - due)
        return monotonicNanoseconds() &- UInt64(lateness.nanoseconds)
    }

    public static func run(_ options: Options, logger: Logger) async throws -> BenchResult {
        try await BenchKey.using(server: options.server, apiKey: options.apiKey) { key in
            try await measure(options, client: NotifClient(apiKey: key, server: options.server))
        }
    }

    private static func measure(_ options: Options, client: NotifClient) async throws -> BenchResult {
        let topic = "bench.e2e.\(RandomToken.hex(bytes: 4))"
        let state = Receipts()
        let group = options.group ? "bench-\(RandomToken.hex(bytes: 4))" : nil
        var subscriptions: [NotifSubscription] = []
        var readers: [Task<Void, Never>] = []
        for _ in 0..<max(1, options.subscribers) {
            let subscription = client.subscribe(topics: [topic], options: SubscribeOptions(
                group: group, from: "latest", onSubscribed: { state.ready.add(1, ordering: .relaxed) }))
            subscriptions.append(subscription)
            readers.append(Task {
                do {
                    for try await event in subscription {
                        state.record(sentAt: UInt64(event.data["t"]?.int64Value ?? 0))
                    }
                } catch {
                    state.outcome.withLock { $0.fail(error) }
                }
            })
        }
        func closeAll() async {
            for subscription in subscriptions { await subscription.close() }
            for reader in readers { reader.cancel() }
        }
        let deadline = ContinuousClock.now + .seconds(60)
        while state.ready.load(ordering: .relaxed) < subscriptions.count {
            guard ContinuousClock.now < deadline else {
                await closeAll()
                throw BenchFailure("subscribers not confirmed within 60 s")
            }
            try await Task.sleep(for: .milliseconds(20))
        }

        let watch = ServerWatch(pid: options.serverPID)
        let pacing = options.pacing(rate: options.rate)
        let padding = String(repeating: "a", count: max(0, options.payloadSize - 40))
        let emitted = await BenchWorkers.drive(options.connections, pacing) { _, due in
            let t = monotonicNanoseconds(at: due)
            _ = try await client.emit(topic, data: .object(["t": .int(t), "pad": .string(padding)]))
            return nil
        }
        let expected = emitted.messages * (options.group ? 1 : subscriptions.count)
        try await state.waitFor(expected, within: .seconds(15))
        let elapsed = ContinuousClock.now - pacing.start
        let cost = watch.cost(elapsed: elapsed)
        let outcome = state.outcome.withLock { $0 }
        await closeAll()
        let missing = max(0, expected - outcome.messages)
        return BenchResult(
            scenario: options.group ? "e2e-group" : "e2e",
            parameters: [("payload_bytes", .int(options.payloadSize)), ("subscribers", .int(subscriptions.count)),
                         ("offered_per_second", .double(options.rate)), ("emitted", .int(emitted.messages))],
            messages: outcome.messages, errors: emitted.errors + outcome.errors + missing, elapsed: elapsed,
            latency: outcome.latency.summary,
            server: cost,
            firstError: emitted.firstError ?? outcome.firstError ?? (missing > 0 ? "\(missing) deliveries missing after 15 s" : nil))
    }
}

/// What the receiving side of a run (WebSocket subscribers, the webhook receiver) has received,
/// and how many subscribers are confirmed.
final class Receipts: Sendable {
    let outcome = Mutex(WorkerOutcome())
    let ready = Atomic<Int>(0)

    /// Counts a message sent at `sentAt` (monotonic nanoseconds) and received `now`.
    func record(sentAt: UInt64, now: UInt64 = EndToEndBench.monotonicNanoseconds()) {
        outcome.withLock { outcome in
            outcome.messages += 1
            outcome.latency.record(.nanoseconds(Int64(now &- sentAt)))
        }
    }

    /// Waits until `count` messages are in, or `within` has passed.
    func waitFor(_ count: Int, within: Duration) async throws {
        let deadline = ContinuousClock.now + within
        while outcome.withLock({ $0.messages }) < count && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// A benchmark that could not run.
public struct BenchFailure: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
