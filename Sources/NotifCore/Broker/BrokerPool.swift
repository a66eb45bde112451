import Logging
import Synchronization

/// Hands every caller the NATS connection and stream names for an org.
///
/// Single-account mode: every org shares one connection and one set of streams. Multi-account
/// mode: each org is a NATS account with a connection and streams of its own, added when the org
/// is connected and removed when it is deleted. Callers always ask by org; workers follow
/// `memberChanges()` to serve each connection's streams.
public final class BrokerPool: Sendable {
    /// One org's view of the broker.
    public struct OrgBroker: Sendable {
        public let org: String
        public let connection: BrokerConnection
        public let streams: StreamNames
        public var jetStream: JetStream { connection.jetStream }
    }

    /// One connection with the streams it holds: the shared one (`key` = `*`), or one org's.
    public struct Member: Sendable {
        public let key: String
        public let connection: BrokerConnection
        public let streams: StreamNames
    }

    /// How the set of connections changed.
    public enum MemberChange: Sendable {
        case added(Member)
        case removed(key: String)
    }

    /// An org this pool has no connection for (not created, deleted, or still connecting at boot).
    public struct OrgNotConnected: Error, Sendable, Equatable, CustomStringConvertible {
        public let org: String
        public var description: String { "no connection for org \(org)" }
    }

    private struct State {
        var members: [String: Member] = [:]
        var watchers: [Int: AsyncStream<MemberChange>.Continuation] = [:]
        var nextWatcher = 0
    }

    /// True in multi-account mode.
    public let isPerOrg: Bool
    private let state = Mutex(State())

    static let sharedKey = "*"

    /// Single-account mode: one shared connection for every org.
    public init(shared connection: BrokerConnection) {
        isPerOrg = false
        state.withLock { $0.members[Self.sharedKey] = Member(key: Self.sharedKey, connection: connection, streams: .shared) }
    }

    /// Multi-account mode: empty until orgs are added.
    public init() {
        isPerOrg = true
    }

    /// The broker for `org`; throws `OrgNotConnected` in multi-account mode when it has none.
    public func broker(forOrg org: String) throws -> OrgBroker {
        let member = state.withLock { $0.members[isPerOrg ? org : Self.sharedKey] }
        guard let member else { throw OrgNotConnected(org: org) }
        return OrgBroker(org: org, connection: member.connection, streams: member.streams)
    }

    /// Multi-account mode: serves `org` through `connection` from now on. Throws if it already has one.
    public func add(org: String, connection: BrokerConnection, streams: StreamNames) throws {
        precondition(isPerOrg, "orgs are added only in multi-account mode")
        let member = Member(key: org, connection: connection, streams: streams)
        let watchers = try state.withLock { state -> [AsyncStream<MemberChange>.Continuation] in
            guard state.members[org] == nil else { throw DuplicateOrg(org: org) }
            state.members[org] = member
            return Array(state.watchers.values)
        }
        for watcher in watchers { watcher.yield(.added(member)) }
    }

    /// Multi-account mode: stops serving `org` and returns its connection (not closed) for the caller to close.
    @discardableResult
    public func remove(org: String) -> BrokerConnection? {
        let (member, watchers) = state.withLock { state in
            (state.members.removeValue(forKey: org), Array(state.watchers.values))
        }
        if member != nil { for watcher in watchers { watcher.yield(.removed(key: org)) } }
        return member?.connection
    }

    /// The orgs with a connection (multi-account mode).
    public var orgs: [String] { isPerOrg ? state.withLock { Array($0.members.keys) }.sorted() : [] }

    /// Every connection with the streams it holds.
    public var connections: [Member] { state.withLock { Array($0.members.values) }.sorted { $0.key < $1.key } }

    /// The current members as `.added`, then every change, until `close()`.
    public func memberChanges() -> AsyncStream<MemberChange> {
        let (stream, continuation) = AsyncStream<MemberChange>.makeStream()
        let id = state.withLock { state -> Int in
            let id = state.nextWatcher
            state.nextWatcher += 1
            for member in state.members.values.sorted(by: { $0.key < $1.key }) { continuation.yield(.added(member)) }
            state.watchers[id] = continuation
            return id
        }
        continuation.onTermination = { [weak self] _ in _ = self?.state.withLock { $0.watchers.removeValue(forKey: id) } }
        return stream
    }

    /// True when every connection is connected.
    public var isConnected: Bool {
        connections.allSatisfy { $0.connection.state == .connected }
    }

    /// Orgs whose connection is currently down (multi-account mode).
    public var disconnectedOrgs: [String] {
        isPerOrg ? connections.filter { $0.connection.state != .connected }.map(\.key) : []
    }

    /// Closes every connection and ends every `memberChanges()` stream.
    public func close() async {
        let (members, watchers) = state.withLock { state in
            defer { state.members.removeAll(); state.watchers.removeAll() }
            return (Array(state.members.values), Array(state.watchers.values))
        }
        for watcher in watchers { watcher.finish() }
        for member in members { await member.connection.close() }
    }

    struct DuplicateOrg: Error, CustomStringConvertible {
        let org: String
        var description: String { "org \(org) already has a connection" }
    }
}
