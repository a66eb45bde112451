import Logging
import ServiceLifecycle

/// Copies every event from the events stream into the Postgres history index, in batches, through
/// a durable consumer. Emit never waits for Postgres; a restart (or a Postgres outage) loses nothing,
/// because a message is acknowledged only after its batch is committed, and inserts are idempotent.
public final class EventIndexer: Service, Sendable {
    public static let consumerName = "notif-indexer"

    let connection: BrokerConnection
    let streams: StreamNames
    let database: Database
    let logger: Logger
    let batchSize: Int

    public init(connection: BrokerConnection, streams: StreamNames, database: Database, batchSize: Int = 500, logger: Logger) {
        self.connection = connection
        self.streams = streams
        self.database = database
        self.batchSize = batchSize
        self.logger = logger
    }

    var consumerConfiguration: ConsumerConfiguration {
        ConsumerConfiguration(durableName: Self.consumerName, description: "notif history indexer",
                              filterSubjects: ["events.>"], deliverPolicy: .all, ackPolicy: .explicit,
                              ackWait: .seconds(15), maxAckPending: 20_000)
    }

    public func run() async throws {
        var backoff = Duration.milliseconds(100)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await connection.jetStream.createConsumer(stream: streams.events, consumerConfiguration)
                let subscription = connection.jetStream.pullSubscription(stream: streams.events, consumer: Self.consumerName)
                try await withGracefulShutdownHandler {
                    try await consume(subscription)
                } onGracefulShutdown: {
                    subscription.close()
                }
                subscription.close()
                backoff = .milliseconds(100)
            } catch is CancellationError {
                return
            } catch {
                if Task.isShuttingDownGracefully || Task.isCancelled { return }
                logger.warning("indexer interrupted, restarting", metadata: ["error": "\(error)", "retry_in": "\(backoff)"])
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(5))
            }
        }
    }

    private func consume(_ subscription: PullSubscription) async throws {
        while true {
            let messages = try await subscription.nextBatch(max: batchSize, batch: batchSize * 2, expires: .seconds(5))
            if messages.isEmpty { return }  // closed for shutdown
            var rows: [IndexedEvent] = []
            rows.reserveCapacity(messages.count)
            for message in messages {
                guard let event = Event(envelope: message.payload), !event.orgID.isEmpty, !event.projectID.isEmpty else {
                    logger.warning("skipping a message that is not an event envelope",
                                   metadata: ["subject": "\(message.subject)", "seq": "\(message.metadata.streamSequence)"])
                    continue
                }
                rows.append(IndexedEvent(event: event, sequence: message.metadata.streamSequence,
                                         storedAt: message.metadata.timestamp))
            }
            try await insertWithRetry(rows, holding: messages)
            for message in messages { try message.ack() }
        }
    }

    /// Keeps trying while Postgres is unavailable, holding the messages (`inProgress` stops JetStream
    /// from redelivering them meanwhile). On shutdown they are handed back with a `nak`, so another
    /// replica (or the next start) indexes them at once instead of after the ack wait.
    private func insertWithRetry(_ rows: [IndexedEvent], holding messages: [JetStreamMessage]) async throws {
        var pause = Duration.milliseconds(100)
        while true {
            do {
                try await withDeadline(.seconds(15)) { [database] in _ = try await database.events.insert(rows) }
                return
            } catch {
                logger.warning("indexer insert failed, retrying", metadata: ["error": "\(String(reflecting: error))", "events": "\(rows.count)"])
                let wait = pause
                do {
                    try await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
                } catch {
                    for message in messages { try? message.nak() }
                    throw error
                }
                if Task.isShuttingDownGracefully {
                    for message in messages { try? message.nak() }
                    throw CancellationError()
                }
                for message in messages { try? message.inProgress() }
                pause = min(pause * 2, .seconds(2))
            }
        }
    }

    /// Waits until every event stored before this call is in the history index, or `timeout` passes.
    /// Uses the durable consumer's ack floor, so it is correct with several notifd replicas.
    public static func waitUntilIndexed(_ jetStream: JetStream, streams: StreamNames, timeout: Duration) async throws -> Bool {
        let target = try await jetStream.streamInfo(streams.events).state.lastSequence
        let deadline = ContinuousClock.now + timeout
        while true {
            let info = try await jetStream.consumerInfo(stream: streams.events, name: consumerName)
            if info.ackFloor.streamSequence >= target || (info.pending == 0 && info.pendingAcks == 0) { return true }
            if ContinuousClock.now >= deadline { return false }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}

