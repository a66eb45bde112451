import Glibc

/// IP addresses as the audit trail keeps them: the canonical text of an IPv4 or IPv6 address (the
/// form Postgres' `inet` prints back, so the hash over it survives the round trip), or nil.
enum AuditIPAddress {
    static func canonical(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        // 16 bytes hold either address family.
        var address = [UInt8](repeating: 0, count: 16)
        for family in [AF_INET, AF_INET6] where inet_pton(family, text, &address) == 1 {
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            guard inet_ntop(family, address, &buffer, socklen_t(buffer.count)) != nil else { return nil }
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return nil
    }
}
