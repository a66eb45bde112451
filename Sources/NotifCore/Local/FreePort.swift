import Foundation
import Glibc
import Logging

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

    /// Starts a server on `requested`, or on a free port; when the free port was taken before the
    /// server could bind it ("already in use"), starts it again on another, up to five tries.
    static func startServer<Server>(on requested: Int?, name: String, logger: Logger,
                                    _ start: (Int) async throws -> Server) async throws -> Server {
        var attempt = 1
        while true {
            let port = try requested ?? next()
            do {
                return try await start(port)
            } catch where requested == nil && attempt < 5 && "\(error)".contains("already in use") {
                logger.info("\(name) port taken, trying another", metadata: ["port": "\(port)"])
                attempt += 1
            }
        }
    }

    static func isBindable(_ port: Int) -> Bool {
        guard let fd = boundSocket(port: port) else { return false }
        close(fd)
        return true
    }

    /// A TCP socket bound to 127.0.0.1:`port` (0: the kernel picks), nil when socket() or bind()
    /// fails (errno says why). The caller closes it.
    private static func boundSocket(port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in.loopback(port: port)
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            let code = errno
            close(fd)
            errno = code
            return nil
        }
        return fd
    }

    /// bind port 0, read it back with getsockname, close.
    static func kernelAssigned() throws -> Int {
        guard let fd = boundSocket(port: 0) else {
            throw LocalStackError("FreePort: socket()/bind() failed: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var address = sockaddr_in()
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
