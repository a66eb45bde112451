import Foundation

/// Where a client finds its API key and server, as the `notif` CLI (and the reference CLI) does:
/// `~/.notif/config.json` (`{"api_key","server"}`, both optional), overridden by the environment
/// (`NOTIF_API_KEY`, `NOTIF_SERVER`, `NOTIF_PROJECT_ID`), overridden by an explicit server flag.
public struct ClientSettings: Sendable, Equatable {
    public var apiKey: String?
    public var server: String?

    public init(apiKey: String? = nil, server: String? = nil) {
        self.apiKey = apiKey
        self.server = server
    }

    /// `~/.notif`, where the CLI keeps its config, caches and history (`$HOME` first, then the
    /// password database).
    public static var directory: String {
        let home = ProcessInfo.processInfo.environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.notif"
    }

    /// `~/.notif/config.json`.
    public static var defaultPath: String { directory + "/config.json" }

    /// Reads a settings file; a missing file is empty settings, an unreadable or malformed one throws
    /// a message naming the file.
    public static func load(from path: String) throws -> ClientSettings {
        guard let data = FileManager.default.contents(atPath: path) else {
            if FileManager.default.fileExists(atPath: path) { throw ClientSettingsError("cannot read \(path)") }
            return ClientSettings()
        }
        let json: JSONValue
        do {
            json = try JSONValue.parse(Array(data))
        } catch {
            throw ClientSettingsError("\(path) is not valid JSON: \(error)")
        }
        guard json.members != nil else { throw ClientSettingsError("\(path) must hold a JSON object") }
        return ClientSettings(apiKey: json["api_key"]?.stringValue.flatMap(Self.nonEmpty),
                              server: json["server"]?.stringValue.flatMap(Self.nonEmpty))
    }

    /// Writes the file readable by its owner only (directory 0700, file 0600), replacing it atomically.
    public func save(to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let manager = FileManager.default
        do {
            if !directory.isEmpty {
                try manager.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory)
            }
            let body = JSONValue.object(["api_key": apiKey.map { .string($0) }, "server": server.map { .string($0) }])
            let temporary = path + ".tmp-\(getpid())"
            guard manager.createFile(atPath: temporary, contents: Data(body.serialized() + [0x0A]), attributes: [.posixPermissions: 0o600]) else {
                throw ClientSettingsError("cannot write \(path)")
            }
            guard rename(temporary, path) == 0 else {
                try? manager.removeItem(atPath: temporary)
                throw ClientSettingsError("cannot write \(path): \(String(cString: strerror(errno)))")
            }
        } catch let error as ClientSettingsError {
            throw error
        } catch {
            throw ClientSettingsError("cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// The settings in effect: `serverFlag` > `NOTIF_SERVER` > file > the hosted service, and
    /// `NOTIF_API_KEY` > file for the key.
    public func resolved(serverFlag: String?, environment: [String: String]) -> (apiKey: String?, server: String, projectID: String?) {
        let key = environment["NOTIF_API_KEY"].flatMap(Self.nonEmpty) ?? apiKey
        let server = serverFlag.flatMap(Self.nonEmpty) ?? environment["NOTIF_SERVER"].flatMap(Self.nonEmpty) ?? server
            ?? NotifClient.defaultServer
        return (key, server, environment["NOTIF_PROJECT_ID"].flatMap(Self.nonEmpty))
    }

    /// `nsh_abcdefgh…wxyz`: the first 12 and last 4 characters, for display.
    public static func masked(_ key: String) -> String {
        key.count <= 16 ? String(repeating: "*", count: key.count) : "\(key.prefix(12))...\(key.suffix(4))"
    }

    private static func nonEmpty(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }
}

/// A settings file could not be read or written.
public struct ClientSettingsError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
