import Foundation
import NotifCore

/// The schema list `notif subscribe` reads display configs (`x-notif-display`) from, cached in
/// `~/.notif/cache/schemas/` (`index.json`: server and fetch time; `schemas.json`: the list) for five
/// minutes. A stale cache is used at once and refreshed in the background.
struct SchemaDisplayCache {
    static let timeToLive: TimeInterval = 300
    let server: String
    let directory: String

    init(server: String, directory: String = SchemaDisplayCache.defaultDirectory) {
        self.server = server
        self.directory = directory
    }

    static var defaultDirectory: String { ClientSettings.directory + "/cache/schemas" }

    /// What is cached for this server: the schemas and when they were fetched.
    func cached() -> (schemas: [JSONValue], fetchedAt: Date)? {
        guard let index = read("index.json"), index["server"]?.stringValue == server,
              let seconds = index["fetched_at"]?.doubleValue, let list = read("schemas.json")?.arrayValue else { return nil }
        return (list, Date(timeIntervalSince1970: seconds))
    }

    /// Schemas for display; failures to reach the server only cost the display configs, never the
    /// subscription (a warning on stderr says so).
    func schemas(client: NotifClient, noCache: Bool, offline: Bool) async -> [JSONValue] {
        let cache = cached()
        if offline { return cache?.schemas ?? [] }
        if !noCache, let cache {
            if Date().timeIntervalSince(cache.fetchedAt) > Self.timeToLive {
                let refresher = self
                Task.detached { _ = try? await refresher.refresh(client: client) }
            }
            return cache.schemas
        }
        do {
            return try await refresh(client: client)
        } catch {
            Terminal.printError("warning: schema display configs unavailable (\(error)); using the default display")
            return cache?.schemas ?? []
        }
    }

    /// Fetches the list from the server and stores it.
    @discardableResult
    func refresh(client: NotifClient) async throws -> [JSONValue] {
        var quick = client
        quick.timeout = .seconds(5)
        let schemas = try await quick.schemas()
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        write("schemas.json", .array(schemas))
        write("index.json", ["server": .string(server), "fetched_at": .double(Date().timeIntervalSince1970)])
        return schemas
    }

    /// Forgets the cached list after this CLI changed the registry, so the next `subscribe` sees it.
    static func invalidate() {
        try? SchemaDisplayCache(server: "").clear()
    }

    func clear() throws {
        if FileManager.default.fileExists(atPath: directory) { try FileManager.default.removeItem(atPath: directory) }
    }

    private func read(_ name: String) -> JSONValue? {
        FileManager.default.contents(atPath: directory + "/" + name).flatMap { try? JSONValue.parse(Array($0)) }
    }

    private func write(_ name: String, _ value: JSONValue) {
        try? Data(value.serialized()).write(to: URL(fileURLWithPath: directory + "/" + name), options: .atomic)
    }
}

/// Display settings kept in the working directory.
enum DisplayFiles {
    /// `.notif.json` in the current directory, if there is one.
    static func notifJSON() throws -> JSONValue? {
        let path = FileManager.default.currentDirectoryPath + "/.notif.json"
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do {
            return try JSONValue.parse(Array(data))
        } catch {
            throw CLIFailure.usage("error: .notif.json is not valid JSON: \(error)")
        }
    }
}
