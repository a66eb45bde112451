import Logging
import NotifCore

/// The durable overflow of the audit writer: a JetStream work-queue stream (`AUDIT_SPILL`) that takes
/// entries while Postgres is slow or down, and a durable consumer that writes them into Postgres once
/// it answers again, acknowledging each batch only after its commit.
public struct AuditSpill: Sendable {
    public static let streamName = "AUDIT_SPILL"
    public static let consumerName = "notif-audit-spill"
    let connection: BrokerConnection
    let logger: Logger

    public init(connection: BrokerConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    var streamConfiguration: StreamConfiguration {
        StreamConfiguration(name: Self.streamName, description: "audit entries waiting for Postgres",
                            subjects: ["audit.spill.>"], storage: .file, retention: .workqueue,
                            duplicateWindow: .seconds(120))
    }

    public func prepare() async throws {
        _ = try await connection.jetStream.createOrUpdateStream(streamConfiguration)
        _ = try await connection.jetStream.createConsumer(stream: Self.streamName, ConsumerConfiguration(
            durableName: Self.consumerName, description: "audit spill → Postgres", filterSubjects: ["audit.spill.>"],
            deliverPolicy: .all, ackPolicy: .explicit, ackWait: .seconds(30), maxAckPending: 20_000))
    }

    /// Stores `entries` durably; returns those JetStream did not acknowledge (to keep and try again).
    func store(_ entries: [AuditEntry]) async -> [AuditEntry] {
        let messages = entries.map { entry in
            OutgoingMessage(subject: "audit.spill." + (entry.orgID.isEmpty ? "_system" : entry.orgID),
                            payload: entry.json.serialized(), messageID: entry.id)
        }
        let results = await connection.jetStream.publishBatch(messages, timeout: .seconds(5))
        return zip(entries, results).compactMap { entry, result in
            if case .failure = result { return entry }
            return nil
        }
    }

    /// Writes spilled entries into Postgres until cancelled; while Postgres fails, the messages are
    /// handed back and retried with backoff.
    func replay(into repository: AuditRepository, written: @escaping @Sendable (Int) -> Void) async {
        var backoff = Duration.milliseconds(200)
        while !Task.isCancelled {
            let subscription = connection.jetStream.pullSubscription(stream: Self.streamName, consumer: Self.consumerName)
            do {
                try await prepare()
                while !Task.isCancelled {
                    let messages = try await subscription.nextBatch(max: 500, batch: 500, expires: .seconds(2))
                    if messages.isEmpty { break }  // closed
                    let entries = messages.compactMap { try? JSONValue.parse($0.payload) }.compactMap(AuditEntry.init(json:))
                    do {
                        written(try await repository.append(entries))
                        for message in messages { try? message.ack() }
                        backoff = .milliseconds(200)
                    } catch {
                        for message in messages { try? message.nak(delay: backoff) }
                        logger.warning("audit spill replay waits for Postgres", metadata: ["error": "\(error)", "retry_in": "\(backoff)"])
                        try await Task.sleep(for: backoff)
                        backoff = min(backoff * 2, .seconds(5))
                    }
                }
            } catch {
                if Task.isCancelled { break }
                logger.warning("audit spill replay interrupted", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(5))
            }
            subscription.close()
        }
    }
}
