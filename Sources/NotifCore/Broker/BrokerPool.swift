import Logging
import Synchronization

/// Hands every caller the NATS connection and stream names for an org.
///
/// In single-account mode every org shares one connection and one set of streams. Callers always
/// ask by org, so one NATS account per org can later add connections without changing them.
public final class BrokerPool: Sendable {
    /// One org's view of the broker.
    public struct OrgBroker: Sendable {
        public let org: String
        public let connection: BrokerConnection
        public let streams: StreamNames
        public var jetStream: JetStream { connection.jetStream }
    }

    private enum Mode {
        case singleAccount(BrokerConnection)
    }

    private let mode: Mode

    /// Single-account mode: one shared connection for every org.
    public init(shared connection: BrokerConnection) {
        self.mode = .singleAccount(connection)
    }

    /// The broker for `org`.
    public func broker(forOrg org: String) throws -> OrgBroker {
        switch mode {
        case .singleAccount(let connection):
            return OrgBroker(org: org, connection: connection, streams: .shared)
        }
    }

    /// Every distinct connection with the streams it holds (for workers that serve all orgs on it).
    public var connections: [(connection: BrokerConnection, streams: StreamNames)] {
        switch mode {
        case .singleAccount(let connection): return [(connection, .shared)]
        }
    }

    /// True when every connection is connected.
    public var isConnected: Bool {
        connections.allSatisfy { $0.connection.state == .connected }
    }

    public func close() async {
        for (connection, _) in connections { await connection.close() }
    }
}
