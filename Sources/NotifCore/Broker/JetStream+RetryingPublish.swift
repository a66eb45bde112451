extension JetStream {
    /// Publishes and waits for the stream's ack, retrying timeouts and a briefly unavailable stream
    /// (a reconnect, JetStream restarting) until `deadline` has passed. Give the message a
    /// `messageID` so that a retry of a publish that did arrive is dropped as a duplicate.
    public func publish(_ message: OutgoingMessage, attemptTimeout: Duration, retryingFor deadline: Duration,
                        onRetry: (BrokerError) -> Void = { _ in }) async throws -> PublishAck {
        let giveUp = ContinuousClock.now + deadline
        var pause = Duration.milliseconds(50)
        while true {
            do {
                return try await publish(message, timeout: attemptTimeout)
            } catch let error as BrokerError {
                switch error {
                case .timeout, .noResponders, .nats:
                    guard ContinuousClock.now + pause < giveUp else { throw error }
                    onRetry(error)
                    try await Task.sleep(for: pause)
                    pause = min(pause * 2, .milliseconds(500))
                default:
                    throw error
                }
            }
        }
    }
}
