import Foundation
import Logging
import NotifCore
import NotifTesting
import Testing

@Suite(.timeLimit(.minutes(2))) struct ScheduleTests {
    @Test func createValidatesAndAnswersTheSDKShape() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let created = try await tenant.http.post("/api/v1/schedules", json: ["topic": "sched.a", "data": ["k": 1], "in": "30s"])
        #expect(created.status == 201)
        let json = try #require(created.json)
        #expect(json["id"]?.stringValue?.hasPrefix("sch_") == true)
        #expect(json["topic"]?.stringValue == "sched.a")
        #expect(json.members?.map(\.key) == ["id", "topic", "scheduled_for", "created_at"])

        let naive = Timestamp.now() + .seconds(3600)
        let naiveText = String(naive.rfc3339Seconds.dropLast())  // no offset: read as UTC
        let atTime = try await tenant.http.post("/api/v1/schedules", json: ["topic": "sched.b", "scheduled_for": .string(naiveText)])
        #expect(atTime.status == 201)
        #expect(atTime.json?["scheduled_for"]?.stringValue == naive.rfc3339Seconds)

        #expect(try await tenant.http.post("/api/v1/schedules", json: ["topic": "x"]).errorMessage == "scheduled_for or in is required")
        #expect(try await tenant.http.post("/api/v1/schedules", json: ["topic": "x", "in": "5 days"]).errorMessage
                == "invalid duration format, use Go duration syntax (e.g. 5m, 1h30m)")
        #expect(try await tenant.http.post("/api/v1/schedules", json: ["topic": "x", "in": "-5m"]).errorMessage
                == "scheduled_for must be in the future")
        #expect(try await tenant.http.post("/api/v1/schedules", json: ["topic": "$x", "in": "5m"]).errorMessage
                == "topic cannot start with $")
        #expect(try await tenant.http.with(apiKey: nil).post("/api/v1/schedules", json: ["topic": "x", "in": "5m"]).status == 401)
    }

    @Test func listGetCancelAndStats() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        var ids: [String] = []
        for minutes in 1...3 {
            let created = try await tenant.http.post("/api/v1/schedules", json: ["topic": "sched.list", "in": .string("\(minutes)m")])
            ids.append(try #require(created.json?["id"]?.stringValue))
        }
        #expect(try await tenant.http.delete("/api/v1/schedules/\(ids[0])").json == ["status": "cancelled"])
        #expect(try await tenant.http.delete("/api/v1/schedules/\(ids[0])").status == 404)

        let all = try #require(try await tenant.http.get("/api/v1/schedules").json)
        #expect(all["count"] == 3 && all["total"] == 3)
        #expect(all["schedules"]?.arrayValue?.first?["id"]?.stringValue == ids[2])
        let pending = try #require(try await tenant.http.get("/api/v1/schedules?status=pending&limit=1").json)
        #expect(pending["count"] == 1 && pending["total"] == 2)
        #expect(try await tenant.http.get("/api/v1/schedules?status=weird").status == 400)

        let one = try #require(try await tenant.http.get("/api/v1/schedules/\(ids[0])").json)
        #expect(one["status"]?.stringValue == "cancelled")
        #expect(one["data"] == .null)
        #expect(try await tenant.http.get("/api/v1/schedules/sch_unknown").errorMessage == "scheduled event not found")
        #expect(try await tenant.http.get("/api/v1/stats/schedules").json == ["cancelled": 1, "completed": 0, "failed": 0, "pending": 2])
    }

    @Test func runNowPublishesIntoTheProjectOnce() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let created = try await tenant.http.post("/api/v1/schedules", json: ["topic": "sched.run", "data": ["n": 7], "in": "1h"])
        let id = try #require(created.json?["id"]?.stringValue)
        let run = try #require(try await tenant.http.send(.POST, "/api/v1/schedules/\(id)/run").json)
        #expect(run["schedule_id"]?.stringValue == id)
        let eventID = try #require(run["event_id"]?.stringValue)
        #expect(eventID.hasPrefix("evt_"))
        #expect(try await tenant.http.send(.POST, "/api/v1/schedules/\(id)/run").status == 404)
        let schedule = try #require(try await tenant.http.get("/api/v1/schedules/\(id)").json)
        #expect(schedule["status"]?.stringValue == "completed" && schedule["executed_at"] != nil)
        let events = try #require(try await tenant.http.get("/api/v1/events?topic=sched.run").json)
        #expect(events["count"] == 1)
        #expect(events["events"]?.arrayValue?.first?["event"]?["id"]?.stringValue == eventID)
        #expect(events["events"]?.arrayValue?.first?["event"]?["data"] == ["n": 7])
    }

    @Test func otherProjectsCannotTouchASchedule() async throws {
        let a = try await TestEnvironment.shared.tenant()
        let b = try await TestEnvironment.shared.tenant(orgID: a.orgID)
        let id = try #require(try await a.http.post("/api/v1/schedules", json: ["topic": "iso.s", "in": "1h"]).json?["id"]?.stringValue)
        #expect(try await b.http.get("/api/v1/schedules/\(id)").status == 404)
        #expect(try await b.http.delete("/api/v1/schedules/\(id)").status == 404)
        #expect(try await b.http.send(.POST, "/api/v1/schedules/\(id)/run").status == 404)
        #expect(try await b.http.get("/api/v1/schedules").json?["total"] == 0)
        #expect(try await a.http.get("/api/v1/schedules/\(id)").json?["status"]?.stringValue == "pending")
    }

    @Test func dueSchedulesFireOnTheirOwn() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let created = try await tenant.http.post("/api/v1/schedules", json: ["topic": "sched.auto", "data": "hi", "in": "1s"])
        let id = try #require(created.json?["id"]?.stringValue)
        let completed = await eventually(timeout: .seconds(15), every: .milliseconds(100)) {
            (try? await tenant.http.get("/api/v1/schedules/\(id)"))?.json?["status"]?.stringValue == "completed"
        }
        #expect(completed)
        let events = try #require(try await tenant.http.get("/api/v1/events?topic=sched.auto").json)
        #expect(events["count"] == 1 && events["events"]?.arrayValue?.first?["event"]?["data"] == "hi")
    }

    @Test func severalReplicasFireEachScheduleExactlyOnce() async throws {
        let stack = try await TestEnvironment.shared.isolatedStack()
        defer { Task { await stack.stop() } }
        let database = stack.database()
        let server = try await stack.startServer()
        let tenant = try await TestTenant.create(database: database, baseURL: server.baseURL)
        // Two more schedulers on the same database and NATS, as other notifd replicas would run.
        let logger = TestEnvironment.shared.logger
        var replicas: [Task<Void, any Error>] = []
        var connections: [BrokerConnection] = []
        for _ in 0..<2 {
            let connection = try await BrokerConnection.connect(BrokerConfiguration(url: stack.nats.url), logger: logger)
            connections.append(connection)
            let scheduler = Scheduler(database: database, intake: EventIntake(pool: BrokerPool(shared: connection), database: database, logger: logger),
                                      pollInterval: .milliseconds(50), logger: logger)
            replicas.append(Task { try await scheduler.run() })
        }
        let count = 30
        for index in 0..<count {
            let response = try await tenant.http.post("/api/v1/schedules", json: ["topic": "race.s", "data": .int(index), "in": "2s"])
            #expect(response.status == 201)
        }
        let done = await eventually(timeout: .seconds(30), every: .milliseconds(200)) {
            (try? await tenant.http.get("/api/v1/stats/schedules"))?.json?["completed"] == .int(count)
        }
        #expect(done)
        let history = try #require(try await tenant.http.get("/api/v1/events?topic=race.s&limit=1000").json)
        #expect(history["count"] == .int(count))
        let data = history["events"]?.arrayValue?.compactMap { $0["event"]?["data"]?.int64Value } ?? []
        #expect(Set(data) == Set((0..<Int64(count)).map { $0 }))
        let info = try await connections[0].jetStream.streamInfo("NOTIF_EVENTS")
        #expect(info.state.messages == UInt64(count))
        for replica in replicas { replica.cancel() }
        for connection in connections { await connection.close() }
        try await server.shutdown()
    }
}
