import Logging
import Metrics
import ServiceLifecycle
import Synchronization

/// Writes the delivery log (`event_deliveries`) off the delivery path: callers only append to a
/// bounded in-memory queue; a background loop flushes it in batches (every 100 ms, or sooner when
/// 500 entries wait). The log is an observability record, not the source of truth for delivery, so
/// when Postgres stays unreachable and the queue is full (50 000 entries) the oldest entries are
/// dropped and counted in a warning rather than slowing subscribers down. Shutdown flushes what is left.
public final class DeliveryRecorder: Service, Sendable {
    enum Entry: Sendable {
        case insert(DeliveryRecord)
        case update(DeliveryOutcome)
    }

    /// The queue: entries from `head` on wait; the taken (or dropped) ones before it are removed
    /// in one move once they are half the storage, so appending to a full queue stays O(1)
    /// (removing the first of 50 000 entries on every append was a 50 000-entry move each time:
    /// with 10 000 subscribers it took most of notifd's CPU and held every delivery on the lock).
    struct State {
        var entries: [Entry] = []
        var head = 0
        var dropped = 0

        var count: Int { entries.count - head }

        /// Appends `entry`; when `capacity` entries wait, the oldest is dropped.
        mutating func append(_ entry: Entry, capacity: Int) {
            if count >= capacity {
                head += 1
                dropped += 1
            }
            entries.append(entry)
            compact()
        }

        /// Takes up to `limit` of the oldest entries.
        mutating func take(_ limit: Int) -> [Entry] {
            let end = head + min(limit, count)
            let taken = Array(entries[head..<end])
            head = end
            compact()
            return taken
        }

        private mutating func compact() {
            if head == entries.count {
                entries.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 1024 && head * 2 >= entries.count {
                entries.removeFirst(head)
                head = 0
            }
        }
    }

    private let repository: DeliveryLogRepository
    private let logger: Logger
    private let state = Mutex(State())
    private let work = WakeSignal()
    let capacity: Int
    /// `notif_deliveries_total{receiver, status}`, made once (not per delivery), keyed `receiver/status`.
    private let counters: [String: Counter]

    public init(database: Database, capacity: Int = 50_000, logger: Logger) {
        self.repository = database.deliveryLog
        self.capacity = capacity
        self.logger = logger
        var counters: [String: Counter] = [:]
        for receiver in ["websocket", "webhook"] {
            for status in DeliveryRecord.Status.allCases {
                counters["\(receiver)/\(status.rawValue)"] = Counter(label: "notif_deliveries_total",
                                                                     dimensions: [("receiver", receiver), ("status", status.rawValue)])
            }
        }
        self.counters = counters
    }

    public func record(_ record: DeliveryRecord) {
        let receiver = if case .webhook = record.receiver { "webhook" } else { "websocket" }
        counters["\(receiver)/\(record.status.rawValue)"]?.increment()
        append(.insert(record))
    }

    /// A later outcome of a WebSocket delivery (ack, nack, dead-lettered).
    public func update(_ outcome: DeliveryOutcome) {
        counters["websocket/\(outcome.status.rawValue)"]?.increment()
        append(.update(outcome))
    }

    private func append(_ entry: Entry) {
        let full = state.withLock { state -> Bool in
            state.append(entry, capacity: capacity)
            return state.count >= 500
        }
        if full { work.wake() }
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.work.wait(upTo: .milliseconds(100))
                await self.flush()
            }
        }
        await flush()
    }

    /// Writes everything queued so far (tests call it to read their own writes).
    public func flush() async {
        while true {
            let (batch, dropped) = state.withLock { state -> ([Entry], Int) in
                let batch = state.take(500)
                defer { state.dropped = 0 }
                return (batch, state.dropped)
            }
            if dropped > 0 { logger.warning("delivery log entries dropped", metadata: ["count": "\(dropped)"]) }
            guard !batch.isEmpty else { return }
            await write(batch)
        }
    }

    private func write(_ batch: [Entry]) async {
        // Inserts first: an outcome in the same batch may refer to a row inserted in it.
        let inserts = batch.compactMap { if case .insert(let record) = $0 { record } else { nil } }
        let updates = batch.compactMap { if case .update(let outcome) = $0 { outcome } else { nil } }
        var pause = Duration.milliseconds(100)
        for attempt in 1...5 {
            do {
                try await withDeadline(.seconds(10)) { try await self.repository.insert(inserts) }
                try await withDeadline(.seconds(10)) { try await self.repository.update(updates) }
                return
            } catch {
                logger.warning("delivery log write failed", metadata: ["attempt": "\(attempt)", "error": "\(String(reflecting: error))"])
                try? await Task.sleep(for: pause)
                pause = min(pause * 2, .seconds(2))
            }
        }
        logger.error("delivery log batch dropped", metadata: ["entries": "\(batch.count)"])
    }
}
