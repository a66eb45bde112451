import Foundation
import NotifCore

/// Request/response over events: subscribe to the reply topics, emit once the subscription is
/// confirmed (not after a guessed delay), and return the first reply whose data passes the filter.
struct ReplyRequest {
    let topic: String
    let data: JSONValue
    let replyTopics: [String]
    let filter: JQProgram?
    let timeout: Duration

    init(topic: String, data: JSONValue, replyTopics: String, filter: String?, timeout: Duration) throws {
        self.topic = topic
        self.data = data
        self.replyTopics = replyTopics.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !self.replyTopics.isEmpty else { throw CLIFailure.usage("error: --reply-to needs at least one topic") }
        self.filter = try filter.map { try JQProgram($0, variables: ["input": data]) }
        self.timeout = timeout
    }

    func send(with client: NotifClient, spinner: Bool) async throws -> ReceivedEvent {
        let (confirmations, confirmed) = AsyncStream<Void>.makeStream()
        let options = SubscribeOptions(autoAck: false, from: "latest", onSubscribed: { confirmed.yield() })
        let replies = client.subscribe(topics: replyTopics, options: options)
        do {
            let reply = try await firstReply(on: replies, confirmations: confirmations, client: client, spinner: spinner)
            await replies.close()
            return reply
        } catch {
            await replies.close()
            throw error
        }
    }

    private func firstReply(on replies: NotifSubscription, confirmations: AsyncStream<Void>, client: NotifClient,
                            spinner: Bool) async throws -> ReceivedEvent {
        let (topic, data, filter, timeout, replyTopics) = (topic, data, filter, timeout, replyTopics)
        return try await Spinner.during("waiting for a reply on \(replyTopics.joined(separator: ","))", enabled: spinner) {
            // Three racers: the replies, the request (emitted once the subscription is confirmed), the clock.
            try await withThrowingTaskGroup(of: Racer.self) { group in
                group.addTask {
                    for try await reply in replies {
                        reply.ack()
                        if filter?.matches(reply.data) ?? true { return .reply(reply) }
                    }
                    return .over
                }
                group.addTask {
                    for await _ in confirmations { break }
                    try Task.checkCancellation()
                    _ = try await client.emit(topic, data: data)
                    return .emitted
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return .over
                }
                defer { group.cancelAll() }
                // The request being sent ends nothing; a reply, the deadline or the end of the replies does.
                while let finished = try await group.next() {
                    if case .reply(let reply) = finished { return reply }
                    if case .over = finished { break }
                }
                throw CLIFailure.failed("error: no reply on \(replyTopics.joined(separator: ",")) within \(TimeArgument.describe(timeout))")
            }
        }
    }

    /// What ended one of the racing tasks.
    private enum Racer: Sendable {
        case reply(ReceivedEvent)
        case emitted
        /// The deadline passed, or the reply stream ended.
        case over
    }
}
