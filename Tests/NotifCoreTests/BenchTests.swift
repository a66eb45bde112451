import Foundation
import NotifCore
import NotifTesting
import Testing

/// The benchmark library: its statistics and pacing (pure), and each scenario against real servers
/// with small counts (figures come from `make bench`, never from tests).
struct BenchTests {
    @Test func latencyPercentilesComeFromTheHistogram() {
        var stats = LatencyStats()
        for millisecond in 1...1000 { stats.record(.milliseconds(millisecond)) }
        let summary = stats.summary
        #expect(summary.count == 1000)
        #expect(abs(summary.p50 - 500) < 1 && abs(summary.p99 - 990) < 1 && abs(summary.max - 1000) < 1, "\(summary)")
        var other = LatencyStats()
        other.record(.seconds(2))
        stats.merge(other)
        #expect(stats.count == 1001 && abs(stats.summary.max - 2000) < 2)
        #expect(LatencyStats().summary.count == 0)
    }

    @Test func pacingStopsAtTheCountAndSpacesDueTimesByTheRate() {
        let start = ContinuousClock.now
        let counted = BenchPacing(count: 3, duration: nil, rate: nil, start: start)
        #expect([counted.take(), counted.take(), counted.take()].allSatisfy { $0 != nil } && counted.take() == nil)
        let paced = BenchPacing(count: nil, duration: .seconds(1), rate: 100, start: start)
        let first = paced.take(), second = paced.take()
        #expect(first?.due == start && second?.due == start + .milliseconds(10))
        var taken = 2
        while paced.take() != nil { taken += 1 }
        #expect(taken == 100, "a 1 s run at 100/s offers 100 events")
    }
}

/// Each scenario against a notifd, nats-server and database of its own (benchmarks load a server,
/// and the webhook scenario leaves requests hanging), one at a time, with small counts.
@Suite(.serialized, .timeLimit(.minutes(3))) struct BenchScenarioTests {
    /// An admin tenant on a fresh stack.
    static func withStack(_ body: (IsolatedStack, TestTenant) async throws -> Void) async throws {
        let stack = try await TestEnvironment.shared.isolatedStack()
        let server = try await stack.startServer()
        do {
            let tenant = try await TestTenant.create(database: stack.database(), baseURL: server.baseURL, scope: .admin)
            try await body(stack, tenant)
        } catch {
            try? await server.shutdown()
            await stack.stop()
            throw error
        }
        try await server.shutdown()
        await stack.stop()
    }

    @Test func brokerAndEmitCountWhatTheyDid() async throws {
        try await Self.withStack { stack, tenant in
            var broker = BrokerBench.Options(url: stack.nats.url)
            broker.count = 300
            broker.window = 8
            let brokerResult = try await BrokerBench.run(broker, logger: TestEnvironment.shared.logger)
            #expect(brokerResult.messages == 300 && brokerResult.errors == 0 && brokerResult.latency.count == 300)
            #expect(brokerResult.json["scenario"] == "broker-pipelined")

            var emit = EmitBench.Options(server: tenant.http.baseURL, apiKey: tenant.apiKey)
            emit.count = 120
            emit.connections = 4
            emit.rate = 400
            let emitResult = try await EmitBench.run(emit, logger: TestEnvironment.shared.logger)
            #expect(emitResult.messages == 120 && emitResult.errors == 0, "\(emitResult.text)")
            #expect(emitResult.scenario == "emit-rate" && emitResult.json["parameters"]?["offered_per_second"] == 400)
            // The events are really there.
            let stats = try await tenant.http.get("/api/v1/events/stats")
            #expect(stats.json?["messages"]?.int64Value ?? 0 >= 120, "\(stats.text)")
        }
    }

    @Test func endToEndCountsEveryDeliveryWithAndWithoutAGroup() async throws {
        try await Self.withStack { _, tenant in
            var options = EndToEndBench.Options(server: tenant.http.baseURL, apiKey: tenant.apiKey)
            options.subscribers = 2
            options.count = 40
            options.rate = 200
            let fanout = try await EndToEndBench.run(options, logger: TestEnvironment.shared.logger)
            #expect(fanout.messages == 80 && fanout.errors == 0, "each event reaches both subscribers: \(fanout.text)")
            options.group = true
            let shared = try await EndToEndBench.run(options, logger: TestEnvironment.shared.logger)
            #expect(shared.messages == 40 && shared.errors == 0 && shared.scenario == "e2e-group", "\(shared.text)")
            #expect(shared.latency.p50 > 0)
        }
    }

    @Test func fanoutDeliversEveryEventToEveryIdleSubscriber() async throws {
        try await Self.withStack { _, tenant in
            var options = FanoutBench.Options(server: tenant.http.baseURL, apiKey: tenant.apiKey)
            options.subscribers = 20
            options.connectConcurrency = 8
            options.count = 3
            options.interval = .milliseconds(50)
            options.serverPID = getpid()  // the test's notifd runs in this process
            let result = try await FanoutBench.run(options, logger: TestEnvironment.shared.logger)
            #expect(result.messages == 60 && result.errors == 0, "each of 3 events reaches all 20: \(result.text)")
            #expect(result.scenario == "fanout" && result.json["parameters"]?["connected"] == 20)
            #expect(result.json["parameters"]?["kib_per_connection"]?.doubleValue != nil, "\(result.text)")
            #expect(result.json["parameters"]?["events_to_all"] == 3 && result.latency.count == 60)
        }
    }

    @Test func webhooksReachTheFastEndpointBesideAHangingOne() async throws {
        try await Self.withStack { _, tenant in
            var options = WebhookBench.Options(server: tenant.http.baseURL, apiKey: tenant.apiKey)
            options.count = 30
            options.connections = 3
            let result = try await WebhookBench.run(options, logger: TestEnvironment.shared.logger)
            #expect(result.messages == 30 && result.errors == 0, "\(result.text)")
            #expect(result.scenario == "webhooks-with-hanging")
            // The bench removes what it made.
            #expect(try await tenant.http.get("/api/v1/webhooks").json?["webhooks"]?.arrayValue?.isEmpty == true)
        }
    }
}
