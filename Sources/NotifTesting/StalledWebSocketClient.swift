#if canImport(Glibc)
import Glibc
#endif
import Foundation
import NotifCore

/// A WebSocket client that stops reading: it upgrades, sends one text frame, reads until a frame
/// containing `readUntil` arrives, then leaves everything else in a small (4 KiB) receive buffer —
/// the slow consumer of the slow-consumer tests. Blocking POSIX calls run off the cooperative pool.
public final class StalledWebSocketClient: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    private let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Connects to `127.0.0.1:port`, upgrades `/ws` with `apiKey`, sends `firstFrame` and reads until
    /// the server has answered with a frame containing `readUntil`.
    public static func connect(port: Int, apiKey: String, firstFrame: JSONValue, readUntil: String) async throws -> StalledWebSocketClient {
        try await Task.detached {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw Failure(description: "socket() failed") }
            var small: Int32 = 4096
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
            var timeout = timeval(tv_sec: 10, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { Glibc.close(fd); throw Failure(description: "connect() failed") }
            let client = StalledWebSocketClient(descriptor: fd)
            let key = Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
            try client.write(Array("""
                GET /ws HTTP/1.1\r
                Host: 127.0.0.1:\(port)\r
                Upgrade: websocket\r
                Connection: Upgrade\r
                Sec-WebSocket-Key: \(key)\r
                Sec-WebSocket-Version: 13\r
                Authorization: Bearer \(apiKey)\r
                \r

                """.utf8))
            var received: [UInt8] = []
            while !received.contains(subsequence: Array("\r\n\r\n".utf8)) { received += try client.readSome() }
            guard String(decoding: received, as: UTF8.self).hasPrefix("HTTP/1.1 101") else {
                throw Failure(description: "upgrade refused: \(String(decoding: received.prefix(200), as: UTF8.self))")
            }
            try client.write(Self.maskedTextFrame(firstFrame.serialized()))
            while !received.contains(subsequence: Array(readUntil.utf8)) { received += try client.readSome() }
            return client
        }.value
    }

    /// Reads and discards everything until the server closes the connection; false when it is still
    /// open after `timeout`.
    public func drainUntilClosed(timeout: Duration) async -> Bool {
        let descriptor = self.descriptor
        return await Task.detached {
            let deadline = ContinuousClock.now + timeout
            var buffer = [UInt8](repeating: 0, count: 65536)
            while ContinuousClock.now < deadline {
                let count = recv(descriptor, &buffer, buffer.count, 0)
                if count == 0 { return true }
                if count < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR { return true }
            }
            return false
        }.value
    }

    public func close() {
        Glibc.close(descriptor)
    }

    private func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw Failure(description: "send() failed") }
            offset += written
        }
    }

    private func readSome() throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { throw Failure(description: "connection closed or timed out while reading") }
        return Array(buffer.prefix(count))
    }

    /// A final text frame from a client (clients must mask, RFC 6455 §5.3).
    static func maskedTextFrame(_ payload: [UInt8]) -> [UInt8] {
        var frame: [UInt8] = [0x81]
        switch payload.count {
        case ..<126: frame.append(0x80 | UInt8(payload.count))
        case ..<65536: frame += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        default: frame += [0x80 | 127] + (0..<8).reversed().map { UInt8((UInt64(payload.count) >> ($0 * 8)) & 0xFF) }
        }
        let mask = (0..<4).map { _ in UInt8.random(in: 0...255) }
        frame += mask
        frame += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        return frame
    }
}

extension Array where Element == UInt8 {
    fileprivate func contains(subsequence: [UInt8]) -> Bool {
        guard !subsequence.isEmpty, count >= subsequence.count else { return false }
        return (0...(count - subsequence.count)).contains { Array(self[$0..<($0 + subsequence.count)]) == subsequence }
    }
}
