import Histogram

/// Latencies of one benchmark run in an HdrHistogram (1 µs to 60 s, three significant digits), and
/// the percentiles `notif bench` reports.
public struct LatencyStats: Sendable {
    private var histogram = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000,
                                              numberOfSignificantValueDigits: .three)

    public init() {}

    /// Records one latency (clamped to the histogram's range).
    public mutating func record(_ latency: Duration) {
        let micros = max(1, min(60_000_000, latency.nanoseconds / 1000))
        _ = histogram.record(UInt64(micros))
    }

    /// Adds another run's latencies (each worker records its own, merged at the end).
    public mutating func merge(_ other: LatencyStats) {
        histogram.add(other.histogram)
    }

    public var count: UInt64 { histogram.totalCount }

    /// p50, p90, p99, p99.9, max and mean, in milliseconds.
    public var summary: LatencySummary {
        func milliseconds(_ micros: UInt64) -> Double { Double(micros) / 1000 }
        guard count > 0 else { return LatencySummary(count: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0) }
        return LatencySummary(count: count, p50: milliseconds(histogram.valueAtPercentile(50)),
                              p90: milliseconds(histogram.valueAtPercentile(90)), p99: milliseconds(histogram.valueAtPercentile(99)),
                              p999: milliseconds(histogram.valueAtPercentile(99.9)), max: milliseconds(histogram.max),
                              mean: histogram.mean / 1000)
    }
}

/// Latency percentiles in milliseconds.
public struct LatencySummary: Sendable, Equatable {
    public var count: UInt64
    public var p50: Double
    public var p90: Double
    public var p99: Double
    public var p999: Double
    public var max: Double
    public var mean: Double

    public var json: JSONValue {
        .object([
            "count": .int(count), "p50_ms": .double(p50, places: 3), "p90_ms": .double(p90, places: 3),
            "p99_ms": .double(p99, places: 3), "p999_ms": .double(p999, places: 3), "max_ms": .double(max, places: 3),
            "mean_ms": .double(mean, places: 3),
        ])
    }
}
