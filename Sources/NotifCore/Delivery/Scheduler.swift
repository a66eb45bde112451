import Logging
import ServiceLifecycle

/// Fires due schedules through the emit pipeline (`EventIntake`: the topic's schema, then the stream), within a poll interval of their
/// time, exactly once across replicas: a schedule is claimed atomically before it is published, a
/// claim older than `lease` is taken over, and the event id fixed at creation is the `Nats-Msg-Id`, so
/// a publish repeated after a crash is dropped by JetStream's duplicate window.
public final class Scheduler: Service, Sendable {
    let database: Database
    let intake: EventIntake
    let pollInterval: Duration
    let lease: Duration
    let maxAttempts: Int
    let logger: Logger

    /// What became of a fired schedule.
    public enum FireResult: Sendable, Equatable {
        case published(eventID: String)
        /// Its schema sent the event to the DLQ (`on_invalid: dlq`); the schedule is completed.
        case deadLettered(eventID: String)
        /// Its schema refused the event; the schedule failed for good.
        case rejected(SchemaViolationReport)
        /// The publish failed; the schedule is pending again (or failed after `maxAttempts`).
        case failed
    }

    public init(database: Database, intake: EventIntake, pollInterval: Duration = .milliseconds(250),
                lease: Duration = .seconds(30), maxAttempts: Int = 5, logger: Logger) {
        self.database = database
        self.intake = intake
        self.pollInterval = pollInterval
        self.lease = lease
        self.maxAttempts = maxAttempts
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            var claimed = 0
            do {
                let due = try await database.schedules.claimDue(limit: 100, lease: lease)
                claimed = due.count
                await withTaskGroup(of: Void.self) { group in
                    for schedule in due { group.addTask { await self.fire(schedule) } }
                }
            } catch {
                logger.warning("scheduler poll failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            // A full batch means more may be due: go again at once.
            if claimed < 100 {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.pollInterval) }
            }
        }
    }

    /// Publishes a claimed schedule and records the outcome.
    @discardableResult
    public func fire(_ schedule: Schedule) async -> FireResult {
        let event = Event(id: schedule.eventID, topic: schedule.topic, data: schedule.data, timestamp: .now(),
                          orgID: schedule.orgID, projectID: schedule.projectID)
        let result: FireResult
        do {
            switch try await intake.submit(event) {
            case .published: result = .published(eventID: schedule.eventID)
            case .deadLettered: result = .deadLettered(eventID: schedule.eventID)
            }
        } catch let rejection as EventIntake.Rejection {
            logger.info("scheduled event refused by its schema", metadata: ["schedule_id": "\(schedule.id)"])
            do {
                try await database.schedules.markFailed(id: schedule.id, error: "schema validation failed: \(rejection.report.summary)")
            } catch {
                logger.warning("could not mark schedule failed", metadata: ["schedule_id": "\(schedule.id)", "error": "\(error)"])
            }
            return .rejected(rejection.report)
        } catch {
            logger.warning("scheduled publish failed", metadata: ["schedule_id": "\(schedule.id)", "error": "\(error)"])
            try? await database.schedules.release(id: schedule.id, error: "publish failed: \(error)", maxAttempts: maxAttempts)
            return .failed
        }
        do {
            try await database.schedules.markCompleted(id: schedule.id)
        } catch {
            // Published but not marked: the lease runs out, the claim is retried, JetStream drops the duplicate.
            logger.warning("could not mark schedule completed", metadata: ["schedule_id": "\(schedule.id)", "error": "\(error)"])
        }
        return result
    }
}
