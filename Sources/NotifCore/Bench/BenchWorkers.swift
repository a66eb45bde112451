/// The options every scenario shares.
public protocol BenchLoad: Sendable {
    var payloadSize: Int { get set }
    var count: Int? { get set }
    var duration: Duration? { get set }
    var serverPID: Int32? { get set }
}

extension BenchLoad {
    /// Messages handed out up to `count`, else for `duration`, at `rate` (nil: as fast as they go).
    func pacing(rate: Double?) -> BenchPacing {
        BenchPacing(count: count, duration: count == nil ? duration : nil, rate: rate)
    }
}

/// Concurrent workers that send the messages `BenchPacing` hands out.
enum BenchWorkers {
    /// Runs `workers` loops; each waits until its message is due and calls `send`, which returns
    /// the latency to record (nil: count the message without one). Failures are counted, not thrown.
    static func drive(_ workers: Int, _ pacing: BenchPacing,
                      send: @escaping @Sendable (_ index: Int, _ due: ContinuousClock.Instant) async throws -> Duration?) async -> WorkerOutcome {
        await withTaskGroup(of: WorkerOutcome.self) { group in
            for _ in 0..<max(1, workers) {
                group.addTask {
                    var outcome = WorkerOutcome()
                    while let (index, due) = pacing.take() {
                        await BenchPacing.wait(until: due)
                        do {
                            if let latency = try await send(index, due) { outcome.latency.record(latency) }
                            outcome.messages += 1
                        } catch {
                            outcome.fail(error)
                        }
                    }
                    return outcome
                }
            }
            var total = WorkerOutcome()
            for await outcome in group { total.merge(outcome) }
            return total
        }
    }
}
