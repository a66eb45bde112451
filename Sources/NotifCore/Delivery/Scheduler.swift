import Logging
import ServiceLifecycle

/// Fires due schedules through the emit pipeline (`EventPublisher`), within a poll interval of their
/// time, exactly once across replicas: a schedule is claimed atomically before it is published, a
/// claim older than `lease` is taken over, and the event id fixed at creation is the `Nats-Msg-Id`, so
/// a publish repeated after a crash is dropped by JetStream's duplicate window.
public final class Scheduler: Service, Sendable {
    let database: Database
    let publisher: EventPublisher
    let pollInterval: Duration
    let lease: Duration
    let maxAttempts: Int
    let logger: Logger

    public init(database: Database, publisher: EventPublisher, pollInterval: Duration = .milliseconds(250),
                lease: Duration = .seconds(30), maxAttempts: Int = 5, logger: Logger) {
        self.database = database
        self.publisher = publisher
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

    /// Publishes a claimed schedule and records the outcome. Returns the event id on success.
    @discardableResult
    public func fire(_ schedule: Schedule) async -> String? {
        let event = Event(id: schedule.eventID, topic: schedule.topic, data: schedule.data, timestamp: .now(),
                          orgID: schedule.orgID, projectID: schedule.projectID)
        do {
            _ = try await publisher.publish(event)
        } catch {
            logger.warning("scheduled publish failed", metadata: ["schedule_id": "\(schedule.id)", "error": "\(error)"])
            try? await database.schedules.release(id: schedule.id, error: "publish failed: \(error)", maxAttempts: maxAttempts)
            return nil
        }
        do {
            try await database.schedules.markCompleted(id: schedule.id)
        } catch {
            // Published but not marked: the lease runs out, the claim is retried, JetStream drops the duplicate.
            logger.warning("could not mark schedule completed", metadata: ["schedule_id": "\(schedule.id)", "error": "\(error)"])
        }
        return schedule.eventID
    }
}
