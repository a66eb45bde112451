import Synchronization

/// The bounded queue between a WebSocket session's producers (its subscriptions, its replies) and
/// the one task that writes frames to the socket, in order.
///
/// Full-buffer policy: `send` waits while `capacity` frames are queued, so a client that reads
/// slowly only slows its own subscriptions, which stop pulling from JetStream (events stay stored,
/// unacknowledged). The session's watchdog drops a client whose writer made no progress for the
/// slow-consumer timeout. Nothing is ever dropped silently: frames still queued at close are handed
/// to their `onDiscarded`, which gives the event back to JetStream.
final class OutboundQueue: Sendable {
    struct Frame: Sendable {
        var text: String
        /// Runs after the frame was written to the connection (auto-ack acknowledges here).
        var onWritten: (@Sendable () -> Void)?
        /// Runs when the frame will never be written (the connection closed first).
        var onDiscarded: (@Sendable () -> Void)?

        init(_ text: String, onWritten: (@Sendable () -> Void)? = nil, onDiscarded: (@Sendable () -> Void)? = nil) {
            self.text = text
            self.onWritten = onWritten
            self.onDiscarded = onDiscarded
        }
    }

    private struct State {
        var frames: [Frame] = []
        var head = 0
        var closed = false
        var senders: [CheckedContinuation<Bool, Never>] = []
        var reader: CheckedContinuation<Frame?, Never>?
        /// When the writer last took a frame or started waiting for one.
        var lastProgress = ContinuousClock.now

        var count: Int { frames.count - head }

        mutating func pop() -> Frame {
            let frame = frames[head]
            head += 1
            if head == frames.count { frames.removeAll(keepingCapacity: true); head = 0 }
            return frame
        }
    }

    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    /// Queues `frame`, waiting while the queue is full. False when the queue was closed (the frame's
    /// `onDiscarded` has then run).
    @discardableResult
    func send(_ frame: Frame) async -> Bool {
        while true {
            enum Step { case queued(CheckedContinuation<Frame?, Never>?), closed, full }
            let step = state.withLock { state -> Step in
                if state.closed { return .closed }
                guard state.count < capacity else { return .full }
                if let reader = state.reader {
                    // The writer was idle, and takes this frame now: that is progress too (else a
                    // connection idle for longer than the slow-consumer timeout would count as
                    // stalled as soon as a second frame waits behind this one).
                    state.reader = nil
                    state.lastProgress = .now
                    return .queued(reader)
                }
                state.frames.append(frame)
                return .queued(nil)
            }
            switch step {
            case .queued(let reader):
                reader?.resume(returning: frame)
                return true
            case .closed:
                frame.onDiscarded?()
                return false
            case .full:
                let open = await withCheckedContinuation { continuation in
                    let resumeNow = state.withLock { state -> Bool? in
                        if state.closed { return false }
                        if state.count < capacity { return true }
                        state.senders.append(continuation)
                        return nil
                    }
                    if let resumeNow { continuation.resume(returning: resumeNow) }
                }
                if !open {
                    frame.onDiscarded?()
                    return false
                }
            }
        }
    }

    /// The next frame for the writer; nil once closed.
    func next() async -> Frame? {
        await withCheckedContinuation { continuation in
            enum Step { case frame(Frame, CheckedContinuation<Bool, Never>?), closed, wait }
            let step = state.withLock { state -> Step in
                state.lastProgress = .now
                if state.closed { return .closed }
                if state.count > 0 {
                    let frame = state.pop()
                    let sender = state.senders.isEmpty ? nil : state.senders.removeFirst()
                    return .frame(frame, sender)
                }
                state.reader = continuation
                return .wait
            }
            switch step {
            case .frame(let frame, let sender):
                sender?.resume(returning: true)
                continuation.resume(returning: frame)
            case .closed:
                continuation.resume(returning: nil)
            case .wait:
                break
            }
        }
    }

    /// True when frames are waiting and the writer has not taken one for `timeout`.
    func isStalled(for timeout: Duration) -> Bool {
        state.withLock { $0.count > 0 && ContinuousClock.now - $0.lastProgress > timeout }
    }

    /// Closes the queue: waiting senders and the reader are released, queued frames discarded.
    func close() {
        let (frames, senders, reader) = state.withLock { state -> ([Frame], [CheckedContinuation<Bool, Never>], CheckedContinuation<Frame?, Never>?) in
            guard !state.closed else { return ([], [], nil) }
            state.closed = true
            let frames = Array(state.frames[state.head...])
            state.frames.removeAll()
            state.head = 0
            defer { state.senders.removeAll(); state.reader = nil }
            return (frames, state.senders, state.reader)
        }
        reader?.resume(returning: nil)
        for sender in senders { sender.resume(returning: false) }
        for frame in frames { frame.onDiscarded?() }
    }
}
