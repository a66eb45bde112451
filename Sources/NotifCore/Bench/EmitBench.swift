import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// `notif bench emit`: `POST /api/v1/emit` from concurrent keep-alive connections, as fast as
/// possible or at a fixed offered rate (latency then counts from when each event was due).
public enum EmitBench {
    public struct Options: BenchLoad {
        public var server: String
        public var apiKey: String
        public var connections = 16
        public var payloadSize = 256
        public var count: Int?
        public var duration: Duration? = .seconds(10)
        /// Events per second offered; nil: as fast as the connections go.
        public var rate: Double?
        public var topic = "bench.emit"
        public var serverPID: Int32?

        public init(server: String, apiKey: String) {
            self.server = server
            self.apiKey = apiKey
        }
    }

    public static func run(_ options: Options, logger: Logger) async throws -> BenchResult {
        try await BenchKey.using(server: options.server, apiKey: options.apiKey) { apiKey in
            await measure(options, apiKey: apiKey)
        }
    }

    private static func measure(_ options: Options, apiKey: String) async -> BenchResult {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: options.connections)
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(30))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let body = Self.body(topic: options.topic, payloadSize: options.payloadSize)
        let watch = ServerWatch(pid: options.serverPID)
        let pacing = options.pacing(rate: options.rate)
        let outcomes = await BenchWorkers.drive(options.connections, pacing) { _, due in
            let started = pacing.rate == nil ? ContinuousClock.now : due
            var request = HTTPClientRequest(url: options.server + "/api/v1/emit")
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(apiKey)")
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
            let response = try await client.execute(request, timeout: .seconds(30))
            _ = try await response.body.collect(upTo: 1 << 20)
            guard response.status == .ok else { throw EmitFailure(status: Int(response.status.code)) }
            return .now - started
        }
        let elapsed = ContinuousClock.now - pacing.start
        let cost = watch.cost(elapsed: elapsed)
        try? await client.shutdown()
        var parameters: [(String, JSONValue)] = [("payload_bytes", .int(options.payloadSize)), ("connections", .int(options.connections))]
        if let rate = options.rate { parameters.append(("offered_per_second", .double(rate))) }
        return BenchResult(scenario: options.rate == nil ? "emit" : "emit-rate", parameters: parameters,
                           messages: outcomes.messages, errors: outcomes.errors, elapsed: elapsed, latency: outcomes.latency.summary,
                           server: cost,
                           firstError: outcomes.firstError)
    }

    /// `{"topic": …, "data": {"pad": "aaa…"}}` whose `data` is `payloadSize` bytes.
    static func body(topic: String, payloadSize: Int) -> [UInt8] {
        let padding = String(repeating: "a", count: max(0, payloadSize - 10))  // {"pad":""} is 10 bytes
        return JSONValue.object(["topic": .string(topic), "data": .object(["pad": .string(padding)])]).serialized()
    }

    struct EmitFailure: Error, CustomStringConvertible {
        let status: Int
        var description: String { "emit answered HTTP \(status)" }
    }
}
