import Foundation
import Glibc

/// Finds a free TCP port on 127.0.0.1.
///
/// Ports are drawn below the kernel's ephemeral range (where `bind(0)` and every outgoing
/// connection take their local ports, so a port found there can be taken by a client socket before
/// the server binds it), and checked with a bind. The port is free when `next()` returns; another
/// process may still take it first, so servers started on it retry on "address in use".
public enum FreePort {
    public static func next() throws -> Int {
        let ephemeralStart = ephemeralRangeStart()
        let low = 10_000, high = max(low + 1_000, min(ephemeralStart, 32_768))
        for _ in 0..<64 {
            let port = Int.random(in: low..<high)
            if isBindable(port) { return port }
        }
        return try kernelAssigned()
    }

    /// The first port of `net.ipv4.ip_local_port_range` (32768 when it cannot be read).
    static func ephemeralRangeStart() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8),
              let first = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).first,
              let start = Int(first) else { return 32_768 }
        return start
    }

    static func isBindable(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in.loopback(port: port)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        } == 0
    }

    /// bind port 0, read it back with getsockname, close.
    static func kernelAssigned() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw LocalStackError("FreePort: socket() failed: \(String(cString: strerror(errno)))") }
        defer { close(fd) }

        var address = sockaddr_in.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw LocalStackError("FreePort: bind() failed: \(String(cString: strerror(errno)))") }

        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else {
            throw LocalStackError("FreePort: getsockname() failed: \(String(cString: strerror(errno)))")
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

extension sockaddr_in {
    /// 127.0.0.1:`port`.
    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(truncatingIfNeeded: port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}
