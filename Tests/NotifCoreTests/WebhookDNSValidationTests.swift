import NotifCore
import Synchronization
import Testing

@Suite("Webhook URL validation with DNS")
struct WebhookDNSValidationTests {
    static func ip(_ text: String) -> IPAddress { IPAddress(text)! }

    @Test func publicAddressesAccepted() async throws {
        let resolver = StaticHostResolver(["hooks.example.com": [Self.ip("93.184.216.34"), Self.ip("2606:4700::1111"), Self.ip("93.184.216.34")]])
        let target = try await WebhookURLGuard(resolver: resolver).validate("https://Hooks.Example.com/in")
        #expect(target.url.host == .name("hooks.example.com"))
        #expect(target.addresses == [Self.ip("93.184.216.34"), Self.ip("2606:4700::1111")])
        #expect(target.address == Self.ip("93.184.216.34"))
    }

    @Test func anyPrivateAddressRejects() async {
        let resolver = StaticHostResolver(["mixed.example.com": [Self.ip("93.184.216.34"), Self.ip("10.1.2.3")]])
        let error = await #expect(throws: WebhookURLError.self) {
            try await WebhookURLGuard(resolver: resolver).validate("https://mixed.example.com/")
        }
        #expect(error?.kind == .blockedAddress)
        #expect(error?.description.contains("mixed.example.com resolves to 10.1.2.3") == true)
    }

    @Test func mappedAndNAT64AnswersRejected() async {
        let resolver = StaticHostResolver([
            "mapped.example.com": [Self.ip("::ffff:127.0.0.1")],
            "nat64.example.com": [Self.ip("64:ff9b::a00:1")],
        ])
        let guardian = WebhookURLGuard(resolver: resolver)
        for url in ["https://mapped.example.com/", "https://nat64.example.com/"] {
            await #expect(throws: WebhookURLError.self) { try await guardian.validate(url) }
        }
    }

    @Test func unresolvableRejects() async {
        let error = await #expect(throws: WebhookURLError.self) {
            try await WebhookURLGuard(resolver: StaticHostResolver([:])).validate("https://nowhere.example.com/")
        }
        #expect(error?.kind == .unresolvable)
    }

    @Test func emptyAnswerRejects() async {
        let error = await #expect(throws: WebhookURLError.self) {
            try await WebhookURLGuard(resolver: EmptyResolver()).validate("https://empty.example.com/")
        }
        #expect(error?.kind == .unresolvable)
    }

    @Test func metadataRejectedEvenWithPrivateNetworks() async throws {
        let resolver = StaticHostResolver(["sneaky.example.com": [Self.ip("169.254.169.254")], "ok.example.com": [Self.ip("10.0.0.5")]])
        let guardian = WebhookURLGuard(policy: WebhookURLPolicy(allowPrivateNetworks: true), resolver: resolver)
        let error = await #expect(throws: WebhookURLError.self) { try await guardian.validate("http://sneaky.example.com/") }
        #expect(error?.kind == .blockedAddress)
        #expect(try await guardian.validate("http://ok.example.com/").addresses == [Self.ip("10.0.0.5")])
    }

    @Test func syntaxIsCheckedBeforeDNS() async {
        let resolver = CountingResolver()
        let guardian = WebhookURLGuard(resolver: resolver)
        await #expect(throws: WebhookURLError.self) { try await guardian.validate("http://localhost/") }
        await #expect(throws: WebhookURLError.self) { try await guardian.validate("http://example.com:22/") }
        _ = try? await guardian.validate("https://8.8.8.8/")  // literal: no lookup
        #expect(resolver.calls == 0)
    }

    @Test func systemResolverAnswersLocalhost() async throws {
        let addresses = try await SystemHostResolver().resolve(host: "localhost", port: 80)
        #expect(!addresses.isEmpty)
        #expect(addresses.allSatisfy { $0 == IPAddress("127.0.0.1") || $0 == IPAddress("::1") || $0.description.hasPrefix("127.") })
        let guardian = WebhookURLGuard(policy: WebhookURLPolicy(allowPrivateNetworks: true))
        let target = try await guardian.validate("http://localhost:8080/")
        #expect(target.addresses == addresses)
    }

    @Test func systemResolverFailsForInvalidTLD() async {
        // .invalid never resolves (RFC 6761); offline this fails fast or at the timeout.
        await #expect(throws: (any Error).self) {
            try await SystemHostResolver(timeout: .seconds(3)).resolve(host: "no-such-host.invalid", port: 80)
        }
    }
}

private struct EmptyResolver: HostResolver {
    func resolve(host: String, port: Int) async throws -> [IPAddress] { [] }
}

private final class CountingResolver: HostResolver {
    private let count = Mutex(0)
    var calls: Int { count.withLock { $0 } }

    func resolve(host: String, port: Int) async throws -> [IPAddress] {
        count.withLock { $0 += 1 }
        return [IPAddress("8.8.8.8")!]
    }
}
