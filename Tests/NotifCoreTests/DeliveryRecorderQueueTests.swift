import Foundation
@testable import NotifCore
import Testing

/// The delivery log's bounded queue: oldest first, the oldest dropped when full.
struct DeliveryRecorderQueueTests {
    static func entry(_ index: Int) -> DeliveryRecorder.Entry {
        .update(DeliveryOutcome(id: UUID(), status: .acked, error: "\(index)"))
    }

    static func indices(_ entries: [DeliveryRecorder.Entry]) -> [Int] {
        entries.compactMap { if case .update(let outcome) = $0 { Int(outcome.error ?? "") } else { nil } }
    }

    @Test func aFullQueueDropsItsOldestAndHandsOutTheRestInOrder() {
        var queue = DeliveryRecorder.State()
        for index in 0..<5_000 { queue.append(Self.entry(index), capacity: 3_000) }
        #expect(queue.count == 3_000 && queue.dropped == 2_000)
        #expect(Self.indices(queue.take(500)) == Array(2_000..<2_500))
        for index in 5_000..<5_100 { queue.append(Self.entry(index), capacity: 3_000) }
        var rest: [Int] = []
        while queue.count > 0 { rest += Self.indices(queue.take(500)) }
        #expect(rest == Array(2_500..<5_100))
        #expect(queue.take(500).isEmpty)
    }
}
