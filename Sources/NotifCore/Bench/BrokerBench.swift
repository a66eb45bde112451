import Logging

/// `notif bench broker`: raw JetStream publishes to a stream like notif's events stream (file
/// storage, limits retention), on the same server: the ceiling notif's emit can approach.
public enum BrokerBench {
    public struct Options: BenchLoad {
        public var url: String
        public var payloadSize = 256
        public var count: Int?
        public var duration: Duration? = .seconds(10)
        /// Publishes in flight at once: 1 is synchronous (each waits for its ack).
        public var window = 256
        /// The server process whose CPU and memory to report.
        public var serverPID: Int32?

        public init(url: String) { self.url = url }
    }

    static let stream = "NOTIF_BENCH"

    public static func run(_ options: Options, logger: Logger) async throws -> BenchResult {
        // The broker's own ceiling: publishes go out at once, not after libnats' ~1 ms flusher wait.
        let connection = try await BrokerConnection.connect(
            BrokerConfiguration(url: options.url, name: "notif-bench", sendImmediately: true), logger: logger)
        let jetStream = connection.jetStream
        do {
            try await jetStream.createOrUpdateStream(StreamConfiguration(
                name: stream, description: "notif bench (deleted after the run)", subjects: ["bench.>"], storage: .file,
                retention: .limits, discard: .old, maxAge: .seconds(600), maxBytes: 1 << 30, duplicateWindow: .seconds(120)))
            let result = try await measure(options, jetStream: jetStream)
            try? await jetStream.deleteStream(stream)
            await connection.close()
            return result
        } catch {
            try? await jetStream.deleteStream(stream)
            await connection.close()
            throw error
        }
    }

    private static func measure(_ options: Options, jetStream: JetStream) async throws -> BenchResult {
        let payload = [UInt8](repeating: 0x61, count: options.payloadSize)
        let watch = ServerWatch(pid: options.serverPID)
        let pacing = options.pacing(rate: nil)
        let outcomes = await BenchWorkers.drive(options.window, pacing) { index, _ in
            let started = ContinuousClock.now
            _ = try await jetStream.publish(OutgoingMessage(subject: "bench.\(index % 16)", payload: payload))
            return .now - started
        }
        let elapsed = ContinuousClock.now - pacing.start
        let cost = watch.cost(elapsed: elapsed)
        return BenchResult(
            scenario: options.window <= 1 ? "broker-sync" : "broker-pipelined",
            parameters: [("payload_bytes", .int(options.payloadSize)), ("in_flight", .int(max(1, options.window)))],
            messages: outcomes.messages, errors: outcomes.errors, elapsed: elapsed, latency: outcomes.latency.summary,
            server: cost, firstError: outcomes.firstError)
    }
}

/// What one benchmark worker counted.
struct WorkerOutcome: Sendable {
    var messages = 0
    var errors = 0
    var firstError: String?
    var latency = LatencyStats()

    mutating func fail(_ error: any Error) {
        errors += 1
        if firstError == nil { firstError = "\(error)" }
    }

    mutating func merge(_ other: WorkerOutcome) {
        messages += other.messages
        errors += other.errors
        firstError = firstError ?? other.firstError
        latency.merge(other.latency)
    }
}
