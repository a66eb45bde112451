import NotifCore
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("IP address parsing and classification")
struct IPAddressClassificationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let address: String
        let isPublic: Bool
        let alwaysBlocked: Bool
        var testDescription: String { address }

        init(_ address: String, public isPublic: Bool, alwaysBlocked: Bool = false) {
            self.address = address
            self.isPublic = isPublic
            self.alwaysBlocked = alwaysBlocked
        }
    }

    static let ipv4: [Case] = [
        .init("0.0.0.0", public: false, alwaysBlocked: true),
        .init("0.1.2.3", public: false),
        .init("10.0.0.1", public: false),
        .init("10.255.255.255", public: false),
        .init("11.0.0.1", public: true),
        .init("100.63.255.255", public: true),
        .init("100.64.0.1", public: false),
        .init("100.127.255.255", public: false),
        .init("100.128.0.1", public: true),
        .init("100.100.100.200", public: false, alwaysBlocked: true),
        .init("127.0.0.1", public: false),
        .init("127.255.255.254", public: false),
        .init("169.254.0.1", public: false),
        .init("169.254.169.254", public: false, alwaysBlocked: true),
        .init("169.254.170.2", public: false, alwaysBlocked: true),
        .init("172.15.255.255", public: true),
        .init("172.16.0.1", public: false),
        .init("172.31.255.255", public: false),
        .init("172.32.0.1", public: true),
        .init("192.0.0.8", public: false),
        .init("192.0.2.1", public: false),
        .init("192.0.3.1", public: true),
        .init("192.168.1.1", public: false),
        .init("192.169.0.1", public: true),
        .init("198.17.255.255", public: true),
        .init("198.18.0.1", public: false),
        .init("198.19.255.255", public: false),
        .init("198.20.0.1", public: true),
        .init("198.51.100.7", public: false),
        .init("203.0.113.9", public: false),
        .init("224.0.0.1", public: false),
        .init("239.255.255.250", public: false),
        .init("240.0.0.1", public: false),
        .init("255.255.255.255", public: false),
        .init("8.8.8.8", public: true),
        .init("1.1.1.1", public: true),
        .init("93.184.216.34", public: true),
        .init("223.255.255.255", public: true),
    ]

    static let ipv6: [Case] = [
        .init("::", public: false, alwaysBlocked: true),
        .init("::1", public: false),
        .init("fc00::1", public: false),
        .init("fd12:3456:789a::1", public: false),
        .init("fd00:ec2::254", public: false, alwaysBlocked: true),
        .init("fe80::1", public: false),
        .init("febf:ffff::1", public: false),
        .init("fec0::1", public: false),
        .init("ff02::1", public: false),
        .init("ff0e::1", public: false),
        .init("2001:db8::1", public: false),
        .init("2001:db8:ffff::1", public: false),
        .init("100::1", public: false),
        .init("2001:2::1", public: false),
        .init("2001:10::1", public: false),
        .init("2001:20::1", public: false),
        .init("3fff::1", public: false),
        .init("4000::1", public: false),
        .init("2606:4700::1111", public: true),
        .init("2a00:1450:4001:80b::200e", public: true),
        // IPv4-mapped
        .init("::ffff:127.0.0.1", public: false),
        .init("::ffff:10.0.0.1", public: false),
        .init("::ffff:192.168.0.1", public: false),
        .init("::ffff:8.8.8.8", public: true),
        .init("::ffff:169.254.169.254", public: false, alwaysBlocked: true),
        .init("::ffff:0.0.0.0", public: false, alwaysBlocked: true),
        // IPv4-compatible (deprecated)
        .init("::127.0.0.1", public: false),
        .init("::10.1.1.1", public: false),
        .init("::8.8.8.8", public: true),
        .init("::169.254.169.254", public: false, alwaysBlocked: true),
        // NAT64
        .init("64:ff9b::10.0.0.1", public: false),
        .init("64:ff9b::7f00:1", public: false),
        .init("64:ff9b::8.8.8.8", public: true),
        .init("64:ff9b::169.254.169.254", public: false, alwaysBlocked: true),
        .init("64:ff9b:1::1", public: false),
        // 6to4: 2002:AABB:CCDD::/48 carries AA.BB.CC.DD
        .init("2002:7f00:1::1", public: false),
        .init("2002:a00:1::1", public: false),
        .init("2002:c0a8:101::1", public: false),
        .init("2002:808:808::1", public: true),
        .init("2002:a9fe:a9fe::1", public: false, alwaysBlocked: true),
        // Teredo: server 65.54.227.120; client = last 32 bits inverted
        .init("2001:0:4136:e378:8000:63bf:3fff:fdd2", public: false),  // client 192.0.2.45 (RFC 4380 example)
        .init("2001:0:4136:e378:8000:63bf:80ff:fffe", public: false),  // client 127.0.0.1
        .init("2001:0:4136:e378:8000:63bf:f7f7:f7f7", public: true),   // client 8.8.8.8
        .init("2001:0:4136:e378:8000:63bf:5601:5601", public: false, alwaysBlocked: true),  // client 169.254.169.254... inverted
    ]

    @Test("IPv4 classification", arguments: ipv4)
    func classifiesIPv4(_ example: Case) throws {
        let address = try #require(IPAddress(example.address))
        #expect(address.family == .v4)
        #expect(address.isPubliclyRoutable == example.isPublic, "\(address.nonPublicReason ?? "public")")
        #expect(address.isAlwaysBlocked == example.alwaysBlocked)
        #expect(address.description == example.address)
    }

    @Test("IPv6 classification", arguments: ipv6)
    func classifiesIPv6(_ example: Case) throws {
        let address = try #require(IPAddress(example.address))
        #expect(address.family == .v6)
        #expect(address.isPubliclyRoutable == example.isPublic, "\(address.nonPublicReason ?? "public")")
        #expect(address.isAlwaysBlocked == example.alwaysBlocked)
    }

    @Test func alwaysBlockedIsNeverPublic() {
        for example in Self.ipv4 + Self.ipv6 where example.alwaysBlocked {
            #expect(IPAddress(example.address)?.isPubliclyRoutable == false)
        }
    }

    @Test(arguments: ["127.1", "0177.0.0.1", "0x7f.0.0.1", "2130706433", "01.2.3.4", "1.2.3.256", "1.2.3.4.5",
                      "1.2.3.", " 1.2.3.4", "fe80::1%eth0", "[::1]", "::1::2", "12345::", "", "localhost"])
    func rejectsNonCanonicalText(_ text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test func canonicalText() throws {
        #expect(try #require(IPAddress("2606:4700:0:0:0:0:0:1111")).description == "2606:4700::1111")
        #expect(try #require(IPAddress("::FFFF:7F00:1")).description == "::ffff:127.0.0.1")
        #expect(try #require(IPAddress("::1")).urlHost == "[::1]")
        #expect(IPAddress("10.0.0.1") == IPAddress(v4: 10, 0, 0, 1))
    }

    @Test func fromSockaddr() throws {
        var v4 = sockaddr_in()
        v4.sin_family = sa_family_t(AF_INET)
        _ = inet_pton(AF_INET, "192.0.2.33", &v4.sin_addr)
        let fromV4 = withUnsafePointer(to: &v4) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { IPAddress(sockaddr: $0) } }
        #expect(fromV4 == IPAddress("192.0.2.33"))

        var v6 = sockaddr_in6()
        v6.sin6_family = sa_family_t(AF_INET6)
        _ = inet_pton(AF_INET6, "2606:4700::1111", &v6.sin6_addr)
        let fromV6 = withUnsafePointer(to: &v6) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { IPAddress(sockaddr: $0) } }
        #expect(fromV6 == IPAddress("2606:4700::1111"))
    }
}
