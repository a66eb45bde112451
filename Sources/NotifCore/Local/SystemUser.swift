import Glibc

/// A local Unix account (we use `postgres`, to run PostgreSQL when we are root).
struct SystemUser: Sendable, Equatable {
    let name: String
    let uid: uid_t
    let gid: gid_t

    /// Looks `name` up with the thread-safe getpwnam_r.
    static func lookup(_ name: String) throws -> SystemUser {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        let status = getpwnam_r(name, &entry, &buffer, buffer.count, &result)
        guard status == 0, result != nil else {
            throw LocalStackError("there is no user '\(name)' on this machine (getpwnam_r status \(status))")
        }
        return SystemUser(name: name, uid: entry.pw_uid, gid: entry.pw_gid)
    }

    /// chown(2) `path` to this user; throws with errno's text on failure.
    func chown(_ path: String) throws {
        guard Glibc.chown(path, uid, gid) == 0 else {
            throw LocalStackError("chown \(name) \(path) failed: \(String(cString: strerror(errno)))")
        }
    }
}
