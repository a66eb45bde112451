import AsyncHTTPClient
import Synchronization

/// A bounded set of `HTTPClient`s, one per (scheme, host, address, port).
///
/// AsyncHTTPClient pins a host to an address only through `Configuration.dnsOverride`, which is
/// per client, so each pinned destination needs its own client. They all share one event loop
/// group, so a client is just a connection pool. When more than `capacity` destinations are live
/// the least recently used client is evicted and shut down as soon as no request is using it.
final class WebhookClientCache: Sendable {
    struct Key: Hashable, Sendable {
        let scheme: WebhookURL.Scheme
        /// The URL's host text (name, dotted quad, or bracketed IPv6).
        let host: String
        let address: IPAddress
        let port: Int
    }

    /// A client lent out by `acquire`; give it back with `release`.
    struct Lease: Sendable {
        let key: Key
        let client: HTTPClient
    }

    private struct Entry {
        let client: HTTPClient
        var lastUsed: UInt64
        var inFlight: Int
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        /// Evicted clients still serving a request: shut down when their last request ends.
        var draining: [ObjectIdentifier: (client: HTTPClient, inFlight: Int)] = [:]
        var shutdowns: [UInt64: Task<Void, Never>] = [:]
        var tick: UInt64 = 0
        var closed = false
    }

    let capacity: Int
    private let makeClient: @Sendable (Key) -> HTTPClient
    private let state = Mutex(State())

    init(capacity: Int, makeClient: @escaping @Sendable (Key) -> HTTPClient) {
        precondition(capacity > 0)
        self.capacity = capacity
        self.makeClient = makeClient
    }

    /// The client for `key` (created when missing), or nil once `shutdown` was called.
    func acquire(_ key: Key) -> Lease? {
        let (lease, evicted) = state.withLock { state -> (Lease?, HTTPClient?) in
            guard !state.closed else { return (nil, nil) }
            state.tick += 1
            if var entry = state.entries[key] {
                entry.lastUsed = state.tick
                entry.inFlight += 1
                state.entries[key] = entry
                return (Lease(key: key, client: entry.client), nil)
            }
            let client = makeClient(key)
            state.entries[key] = Entry(client: client, lastUsed: state.tick, inFlight: 1)
            var evicted: HTTPClient?
            if state.entries.count > capacity,
               let oldest = state.entries.min(by: { $0.value.lastUsed < $1.value.lastUsed }) {
                state.entries[oldest.key] = nil
                if oldest.value.inFlight == 0 {
                    evicted = oldest.value.client
                } else {
                    state.draining[ObjectIdentifier(oldest.value.client)] = (oldest.value.client, oldest.value.inFlight)
                }
            }
            return (Lease(key: key, client: client), evicted)
        }
        if let evicted { shutDownInBackground(evicted) }
        return lease
    }

    /// Ends a request's use of a leased client.
    func release(_ lease: Lease) {
        let finished = state.withLock { state -> HTTPClient? in
            if var entry = state.entries[lease.key], entry.client === lease.client {
                entry.inFlight -= 1
                state.entries[lease.key] = entry
                return nil
            }
            let id = ObjectIdentifier(lease.client)
            guard var draining = state.draining[id] else { return nil }
            draining.inFlight -= 1
            if draining.inFlight > 0 {
                state.draining[id] = draining
                return nil
            }
            state.draining[id] = nil
            return state.closed ? nil : draining.client
        }
        if let finished { shutDownInBackground(finished) }
    }

    /// Shuts every client down (failing requests still running) and refuses new leases.
    func shutdown() async {
        let (clients, pending) = state.withLock { state -> ([HTTPClient], [Task<Void, Never>]) in
            state.closed = true
            let clients = state.entries.values.map(\.client) + state.draining.values.map(\.client)
            state.entries = [:]
            state.draining = [:]
            return (clients, Array(state.shutdowns.values))
        }
        for client in clients { try? await client.shutdown() }
        for task in pending { await task.value }
    }

    var count: Int { state.withLock { $0.entries.count } }

    private func shutDownInBackground(_ client: HTTPClient) {
        state.withLock { state in
            state.tick += 1
            let id = state.tick
            state.shutdowns[id] = Task { [weak self] in
                try? await client.shutdown()
                self?.state.withLock { _ = $0.shutdowns.removeValue(forKey: id) }
            }
        }
    }
}
