@testable import NotifCore
import NotifTesting
import Testing

/// The wake-up signal of polling loops (webhook dispatcher, delivery recorder).
struct WakeSignalTests {
    @Test func aWakeIsRememberedUntilTheNextWait() async {
        let signal = WakeSignal()
        signal.wake()
        #expect(signal.hasPendingWake)
        await signal.wait(upTo: .seconds(60))   // returns at once: the wake came first
        #expect(!signal.hasPendingWake)
    }

    @Test func aWaitEndedEarlyLeavesNoWakeBehind() async {
        // The bug this guards against: the cancelled timer of an early-woken wait woke the signal
        // anyway, so every following wait returned at once and the loop spun.
        let signal = WakeSignal()
        let waiter = Task { await signal.wait(upTo: .seconds(60)) }
        #expect(await eventually { signal.hasWaiter })
        signal.wake()
        await waiter.value
        #expect(await !eventually(timeout: .milliseconds(300)) { signal.hasPendingWake })
    }

    @Test func theTimeoutEndsTheWait() async {
        let signal = WakeSignal()
        await signal.wait(upTo: .milliseconds(10))
        #expect(!signal.hasPendingWake)
    }
}
