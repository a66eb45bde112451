import Foundation

/// One scenario's outcome: what ran, how many messages in how long, their latencies, and the
/// server's CPU and memory when it could be observed.
public struct BenchResult: Sendable {
    public var scenario: String
    /// The knobs of the run (payload size, concurrency, rate …), in the order they are shown.
    public var parameters: [(String, JSONValue)]
    public var messages: Int
    public var errors: Int
    public var elapsed: Duration
    public var latency: LatencySummary
    public var server: ProcessCost?
    /// The first error seen, to explain a non-zero `errors`.
    public var firstError: String?

    public init(scenario: String, parameters: [(String, JSONValue)], messages: Int, errors: Int, elapsed: Duration,
                latency: LatencySummary, server: ProcessCost? = nil, firstError: String? = nil) {
        self.scenario = scenario
        self.parameters = parameters
        self.messages = messages
        self.errors = errors
        self.elapsed = elapsed
        self.latency = latency
        self.server = server
        self.firstError = firstError
    }

    public var seconds: Double { elapsed.seconds }

    /// Messages per second.
    public var throughput: Double { seconds > 0 ? Double(messages) / seconds : 0 }

    public var json: JSONValue {
        .object([
            "scenario": .string(scenario),
            "parameters": .object(parameters.map { JSONMember(key: $0.0, value: $0.1) }),
            "messages": .int(messages), "errors": .int(errors),
            "seconds": .double(seconds, places: 3),
            "throughput_per_second": .double(throughput, places: 0),
            "latency": latency.json,
            "server": server?.json,
            "first_error": firstError.map(JSONValue.string),
        ])
    }

    /// A few lines for people.
    public var text: String {
        let knobs = parameters.map { "\($0.0)=\($0.1.displayText)" }.joined(separator: " ")
        var lines = [
            "\(scenario)  \(knobs)",
            String(format: "  %d messages in %.2f s: %.0f msgs/s, %d errors", messages, seconds, throughput, errors),
            String(format: "  latency ms: p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f", latency.p50, latency.p90,
                   latency.p99, latency.p999, latency.max),
        ]
        if let server {
            lines.append(String(format: "  notifd: %.0f%% CPU, %.1f MiB RSS (%+.1f MiB)", server.cpuPercent,
                                mebibytes(server.residentBytes), mebibytes(server.residentGrowthBytes)))
        }
        if let firstError { lines.append("  first error: \(firstError)") }
        return lines.joined(separator: "\n")
    }
}
