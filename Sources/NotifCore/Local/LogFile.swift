import Foundation
import Glibc

/// The append-only log file a child server writes its stdout and stderr to.
enum LogFile {
    /// Opens (creating it, mode 0644) `url` for appending. The descriptor is close-on-exec in our
    /// process; Foundation dups it onto the child's stdout and stderr. When `owner` is set (we run as
    /// root), the file is chown'd to that user.
    static func openForAppend(_ url: URL, owner: SystemUser? = nil) throws -> FileHandle {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw LocalStackError("cannot open log file \(url.path): \(String(cString: strerror(errno)))")
        }
        if let owner { _ = fchown(fd, owner.uid, owner.gid) }
        return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    /// Appends `text` to the file at `url` (best effort).
    static func append(_ text: String, to url: URL) {
        guard let handle = try? openForAppend(url) else { return }
        try? handle.write(contentsOf: Data(text.utf8))
    }

    /// Whether a line written at or after byte `offset` of `url` contains both `prefix` and `text`.
    static func contains(_ prefix: String, _ text: String, in url: URL, from offset: UInt64) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: offset)) != nil, let data = try? handle.readToEnd() else { return false }
        return String(decoding: data, as: UTF8.self)
            .split(separator: "\n")
            .contains { $0.contains(prefix) && $0.contains(text) }
    }

    /// The last `lines` lines among the last `maxBytes` bytes of `url` ("" if unreadable).
    static func tail(_ url: URL, lines: Int = 30, maxBytes: Int = 8192) -> String {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return "" }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd() else { return "" }
        let start = size > UInt64(maxBytes) ? size - UInt64(maxBytes) : 0
        guard (try? handle.seek(toOffset: start)) != nil,
              let data = try? handle.readToEnd()
        else { return "" }
        let text = String(decoding: data, as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }
}
