import Foundation

/// A webhook endpoint of one project: where matching events are POSTed and how it is doing.
public struct Webhook: Sendable, Equatable {
    public var id: UUID
    public var orgID: String
    public var projectID: String
    public var url: String
    /// Topic patterns (NATS semantics; a lone `*` means every topic).
    public var topics: [String]
    /// The signing secret (64 hex characters); shown once, at creation or rotation.
    public var secret: String
    /// The secret before the last rotation, still signed with until `previousSecretExpiresAt`.
    public var previousSecret: String?
    public var previousSecretExpiresAt: Timestamp?
    public var enabled: Bool
    /// Why the server disabled it (after too many consecutive failures); nil when enabled by hand.
    public var disabledReason: String?
    public var consecutiveFailures: Int
    /// Deliveries wait until then (the endpoint's circuit breaker is open).
    public var circuitOpenUntil: Timestamp?
    public var createdAt: Timestamp

    /// Whether an event on `topic` goes to this webhook.
    public func matches(topic: String) -> Bool {
        topics.contains { TopicPattern(subscriptionTopic: $0)?.matches(topic) ?? false }
    }

    /// The secrets to sign with now: the current one, then the previous one during its grace period.
    public func signingSecrets(at now: Timestamp = .now()) -> [String] {
        if let previousSecret, let expires = previousSecretExpiresAt, expires > now { return [secret, previousSecret] }
        return [secret]
    }
}

/// One event on its way to one webhook, as the delivery log shows it.
public struct WebhookDelivery: Sendable, Equatable {
    public enum Status: String, Sendable { case pending, success, failed }
    public var id: UUID
    public var webhookID: UUID
    public var eventID: String
    public var topic: String
    public var status: Status
    /// Attempts made so far.
    public var attempt: Int
    public var nextAttemptAt: Timestamp?
    public var responseStatus: Int?
    public var responseBody: String?
    public var error: String?
    public var latencyMilliseconds: Int?
    public var createdAt: Timestamp
    public var deliveredAt: Timestamp?
}

/// One HTTP attempt of a delivery.
public struct WebhookAttempt: Sendable, Equatable {
    public var attempt: Int
    public var responseStatus: Int?
    public var latencyMilliseconds: Int
    public var error: String?
    public var at: Timestamp
}
