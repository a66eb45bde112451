/// Which addresses a webhook may be delivered to.
///
/// Two questions, asked by `WebhookURLGuard` about every address a webhook host resolves to:
/// - `isAlwaysBlocked`: cloud metadata endpoints and the unspecified addresses; refused even when
///   private networks are allowed (development, self-hosting), because reaching them leaks credentials.
/// - `isPubliclyRoutable`: not in any private, loopback, link-local, shared, documentation,
///   benchmarking, multicast or reserved range. IPv6 forms that carry an IPv4 address (mapped,
///   compatible, NAT64, 6to4, Teredo) are judged by the IPv4 address they carry.
extension IPAddress {
    /// True when this address is a cloud metadata endpoint or an unspecified address (also when embedded in IPv6).
    public var isAlwaysBlocked: Bool { alwaysBlockedReason != nil }

    /// True when this address may be reached on the public internet (and is not always blocked).
    public var isPubliclyRoutable: Bool { nonPublicReason == nil }

    /// Why this address is refused even when private networks are allowed; nil when it is not.
    public var alwaysBlockedReason: String? {
        switch family {
        case .v4:
            if bytes == [0, 0, 0, 0] { return "unspecified address 0.0.0.0" }
            if let name = Self.metadataIPv4[bytes] { return "cloud metadata endpoint (\(name))" }
            return nil
        case .v6:
            if bytes.allSatisfy({ $0 == 0 }) { return "unspecified address ::" }
            if bytes == Self.awsMetadataIPv6 { return "cloud metadata endpoint (AWS IMDS IPv6)" }
            for (form, embedded) in embeddedIPv4 {
                if let reason = embedded.alwaysBlockedReason { return "\(form) of \(embedded): \(reason)" }
            }
            return nil
        }
    }

    /// The range that makes this address non-public (e.g. "loopback 127.0.0.0/8"); nil when publicly routable.
    public var nonPublicReason: String? {
        if let reason = alwaysBlockedReason { return reason }
        switch family {
        case .v4:
            return Self.nonPublicIPv4.first { $0.contains(bytes) }?.name
        case .v6:
            if bytes == Self.loopbackIPv6 { return "loopback ::1" }
            let embedded = embeddedIPv4
            if !embedded.isEmpty {
                for (form, address) in embedded {
                    if let reason = address.nonPublicReason { return "\(form) of \(address): \(reason)" }
                }
                return nil
            }
            if let range = Self.nonPublicIPv6.first(where: { $0.contains(bytes) }) { return range.name }
            // Only 2000::/3 is global unicast today; everything else is reserved or special-purpose.
            if bytes[0] & 0xe0 != 0x20 { return "outside global unicast 2000::/3" }
            return nil
        }
    }

    /// The IPv4 addresses an IPv6 address carries, with the name of the form. Empty for plain IPv6 and for IPv4.
    var embeddedIPv4: [(form: String, address: IPAddress)] {
        guard family == .v6 else { return [] }
        let last4 = Array(bytes[12..<16])
        let first10Zero = bytes[0..<10].allSatisfy { $0 == 0 }
        if first10Zero && bytes[10] == 0xff && bytes[11] == 0xff {
            return [("IPv4-mapped", IPAddress(bytes: last4)!)]
        }
        if first10Zero && bytes[10] == 0 && bytes[11] == 0 && bytes != Self.loopbackIPv6 && last4 != [0, 0, 0, 0] {
            return [("IPv4-compatible", IPAddress(bytes: last4)!)]
        }
        if Self.nat64.contains(bytes) {
            return [("NAT64", IPAddress(bytes: last4)!)]
        }
        if bytes[0] == 0x20 && bytes[1] == 0x02 {
            return [("6to4", IPAddress(bytes: Array(bytes[2..<6]))!)]
        }
        if bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0 && bytes[3] == 0 {
            // Teredo: the server's address in bits 32–63, the client's (bit-inverted) in the last 32.
            return [("Teredo client", IPAddress(bytes: last4.map { ~$0 })!),
                    ("Teredo server", IPAddress(bytes: Array(bytes[4..<8]))!)]
        }
        return []
    }

    // MARK: - Tables

    private static let metadataIPv4: [[UInt8]: String] = [
        [169, 254, 169, 254]: "169.254.169.254: AWS, GCP, Azure, OCI, DigitalOcean",
        [169, 254, 170, 2]: "169.254.170.2: AWS ECS task credentials",
        [100, 100, 100, 200]: "100.100.100.200: Alibaba Cloud",
    ]
    private static let awsMetadataIPv6: [UInt8] = [0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54]
    private static let loopbackIPv6: [UInt8] = Array(repeating: 0, count: 15) + [1]
    private static let nat64 = AddressRange(v6: [0x00, 0x64, 0xff, 0x9b], prefix: 96, name: "NAT64 64:ff9b::/96")

    private static let nonPublicIPv4: [AddressRange] = [
        AddressRange(v4: [0, 0, 0, 0], prefix: 8, name: "\"this network\" 0.0.0.0/8"),
        AddressRange(v4: [10, 0, 0, 0], prefix: 8, name: "private 10.0.0.0/8"),
        AddressRange(v4: [100, 64, 0, 0], prefix: 10, name: "shared address space (CGNAT) 100.64.0.0/10"),
        AddressRange(v4: [127, 0, 0, 0], prefix: 8, name: "loopback 127.0.0.0/8"),
        AddressRange(v4: [169, 254, 0, 0], prefix: 16, name: "link-local 169.254.0.0/16"),
        AddressRange(v4: [172, 16, 0, 0], prefix: 12, name: "private 172.16.0.0/12"),
        AddressRange(v4: [192, 0, 0, 0], prefix: 24, name: "IETF protocol assignments 192.0.0.0/24"),
        AddressRange(v4: [192, 0, 2, 0], prefix: 24, name: "documentation (TEST-NET-1) 192.0.2.0/24"),
        AddressRange(v4: [192, 168, 0, 0], prefix: 16, name: "private 192.168.0.0/16"),
        AddressRange(v4: [198, 18, 0, 0], prefix: 15, name: "benchmarking 198.18.0.0/15"),
        AddressRange(v4: [198, 51, 100, 0], prefix: 24, name: "documentation (TEST-NET-2) 198.51.100.0/24"),
        AddressRange(v4: [203, 0, 113, 0], prefix: 24, name: "documentation (TEST-NET-3) 203.0.113.0/24"),
        AddressRange(v4: [224, 0, 0, 0], prefix: 4, name: "multicast 224.0.0.0/4"),
        AddressRange(v4: [255, 255, 255, 255], prefix: 32, name: "broadcast 255.255.255.255"),
        AddressRange(v4: [240, 0, 0, 0], prefix: 4, name: "reserved 240.0.0.0/4"),
    ]

    /// Special-purpose ranges inside or outside 2000::/3 (the embedded-IPv4 forms are handled first).
    private static let nonPublicIPv6: [AddressRange] = [
        AddressRange(v6: [0xfc], prefix: 7, name: "unique local fc00::/7"),
        AddressRange(v6: [0xfe, 0x80], prefix: 10, name: "link-local fe80::/10"),
        AddressRange(v6: [0xfe, 0xc0], prefix: 10, name: "site-local fec0::/10"),
        AddressRange(v6: [0xff], prefix: 8, name: "multicast ff00::/8"),
        AddressRange(v6: [0x00, 0x64, 0xff, 0x9b, 0x00, 0x01], prefix: 48, name: "local-use NAT64 64:ff9b:1::/48"),
        AddressRange(v6: [0x01, 0x00], prefix: 64, name: "discard-only 100::/64"),
        AddressRange(v6: [0x20, 0x01, 0x0d, 0xb8], prefix: 32, name: "documentation 2001:db8::/32"),
        AddressRange(v6: [0x20, 0x01, 0x00, 0x02, 0x00, 0x00], prefix: 48, name: "benchmarking 2001:2::/48"),
        AddressRange(v6: [0x20, 0x01, 0x00, 0x10], prefix: 28, name: "ORCHID 2001:10::/28"),
        AddressRange(v6: [0x20, 0x01, 0x00, 0x20], prefix: 28, name: "ORCHIDv2 2001:20::/28"),
        AddressRange(v6: [0x3f, 0xff], prefix: 20, name: "documentation 3fff::/20"),
    ]
}

/// A CIDR block with a name for error messages.
private struct AddressRange: Sendable {
    let base: [UInt8]
    let prefix: Int
    let name: String

    init(v4 base: [UInt8], prefix: Int, name: String) {
        self.base = base
        self.prefix = prefix
        self.name = name
    }

    init(v6 leading: [UInt8], prefix: Int, name: String) {
        self.base = leading + Array(repeating: 0, count: 16 - leading.count)
        self.prefix = prefix
        self.name = name
    }

    func contains(_ bytes: [UInt8]) -> Bool {
        guard bytes.count == base.count else { return false }
        var remaining = prefix
        for index in base.indices where remaining > 0 {
            let bits = min(8, remaining)
            let mask: UInt8 = bits == 8 ? 0xff : ~(0xff >> UInt8(bits))
            if bytes[index] & mask != base[index] & mask { return false }
            remaining -= bits
        }
        return true
    }
}
