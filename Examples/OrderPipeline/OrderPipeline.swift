// A runnable tour of the Swift SDK: a worker that processes orders from a consumer group while the
// same program emits them, schedules a reminder, and looks at the history and the dead-letter queue.
//
//   make run                                   # in one terminal; copy the printed key
//   export NOTIF_API_KEY=nsh_… NOTIF_SERVER=http://127.0.0.1:8080
//   swift run notif-example
import Foundation
import NotifCore

@main
struct OrderPipeline {
    static func main() async throws {
        let notif = try NotifClient.fromEnvironment()
        guard try await notif.health()["status"] == "ok" else { fatalError("server not healthy") }

        // The worker: a consumer group member with manual acks. Orders over 1000 are refused with a
        // nack; after its retries the server moves such an order to the dead-letter queue.
        let (ready, subscribed) = AsyncStream<Void>.makeStream()
        let options = SubscribeOptions(autoAck: false, group: "example-billing", maxRetries: 2, onSubscribed: { subscribed.yield() })
        let worker = Task {
            var settled = 0
            for try await order in notif.subscribe(topics: ["example.orders.*"], options: options) {
                let total = order.data["total"]?.doubleValue ?? 0
                if total > 1000 {
                    print("worker: refusing \(order.id) (total \(total)), attempt \(order.attempt) of \(order.maxAttempts)")
                    order.nack(retryIn: .milliseconds(200))
                    if order.attempt >= order.maxAttempts { settled += 1 }  // the last attempt: it is dead-lettered now
                } else {
                    print("worker: charged \(order.data["id"].map(\.jsonString) ?? "?") for \(total)")
                    order.ack()
                    settled += 1
                }
                if settled == 3 { return }
            }
        }
        for await _ in ready { break }

        for (id, total) in [(1, 19.99), (2, 5000.0), (3, 42.0)] {
            let sent = try await notif.emit("example.orders.created", data: ["id": .int(id), "total": .double(total)])
            print("emitted \(sent.id)")
        }
        let reminder = try await notif.schedule("example.orders.reminder", data: ["id": 1], in: .seconds(3600))
        print("scheduled \(reminder.id) for \(reminder.scheduledFor?.rfc3339 ?? "?")")
        try await notif.cancelSchedule(id: reminder.id)

        try await worker.value
        let recent = try await notif.events(topic: "example.orders.*", limit: 5)
        print("history: \(recent.count) recent events")
        for entry in try await notif.deadLetters(topic: "example.orders.*") {
            print("dead letter \(entry.sequence): \(entry.topic) \(entry.data.jsonString) — \(entry.error)")
        }
    }
}
