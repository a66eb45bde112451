import NotifCore
import Testing

@Suite("Webhook URL syntax")
struct WebhookURLGuardTests {
    static let standard = WebhookURLGuard(policy: .standard, resolver: StaticHostResolver([:]))
    static let permissive = WebhookURLGuard(policy: WebhookURLPolicy(allowPrivateNetworks: true), resolver: StaticHostResolver([:]))

    struct Accepted: Sendable, CustomTestStringConvertible {
        let url: String
        let normalised: String
        var testDescription: String { url }
    }

    static let accepted: [Accepted] = [
        .init(url: "https://example.com/hook", normalised: "https://example.com/hook"),
        .init(url: "http://example.com:8080/x?a=b", normalised: "http://example.com:8080/x?a=b"),
        .init(url: "https://[2606:4700::1111]/", normalised: "https://[2606:4700::1111]/"),
        .init(url: "HTTPS://Example.COM", normalised: "https://example.com/"),
        .init(url: "https://example.com./path", normalised: "https://example.com/path"),
        .init(url: "https://example.com?x=1", normalised: "https://example.com/?x=1"),
        .init(url: "https://8.8.8.8/hook", normalised: "https://8.8.8.8/hook"),
        .init(url: "https://notlocalhost.example.com/", normalised: "https://notlocalhost.example.com/"),
        .init(url: "https://localhost-tools.example.com/", normalised: "https://localhost-tools.example.com/"),
        .init(url: "https://nip.io/", normalised: "https://nip.io/"),
        .init(url: "https://hooks.example.com/a@b/c", normalised: "https://hooks.example.com/a@b/c"),
        .init(url: "https://xn--bcher-kva.example/", normalised: "https://xn--bcher-kva.example/"),
        .init(url: "https://example.com:443/", normalised: "https://example.com:443/"),
        // Odd query characters are encoded, not refused.
        .init(url: "https://example.com/q?a={\"b\":[1]}|^`<>", normalised: "https://example.com/q?a=%7B%22b%22:%5B1%5D%7D%7C%5E%60%3C%3E"),
        .init(url: "https://example.com/caf\u{e9}?q=%zz&ok=%41", normalised: "https://example.com/caf%C3%A9?q=%25zz&ok=%41"),
    ]

    @Test("accepted URLs", arguments: accepted)
    func acceptsAndNormalises(_ example: Accepted) throws {
        let url = try Self.standard.checkSyntax(example.url)
        #expect(url.absoluteString == example.normalised)
    }

    @Test func splitsComponents() throws {
        let url = try Self.standard.checkSyntax("http://Example.com:8080/x/y?a=b")
        #expect(url.scheme == .http)
        #expect(url.host == .name("example.com"))
        #expect(url.explicitPort == 8080)
        #expect(url.port == 8080)
        #expect(url.pathAndQuery == "/x/y?a=b")
        #expect(url.path == "/x/y")
        #expect(url.authority == "example.com:8080")
        #expect(url.redacted == "http://example.com:8080/x/y?…")

        let literal = try Self.standard.checkSyntax("https://[2606:4700::1111]/")
        #expect(literal.host == .address(IPAddress("2606:4700::1111")!))
        #expect(literal.port == 443)
    }

    struct Rejected: Sendable, CustomTestStringConvertible {
        let url: String
        let kind: WebhookURLError.Kind
        var testDescription: String { "\(url) → \(kind.rawValue)" }
    }

    static let rejected: [Rejected] = [
        .init(url: "ftp://example.com/", kind: .unsupportedScheme),
        .init(url: "javascript:alert(1)", kind: .unsupportedScheme),
        .init(url: "file:///etc/passwd", kind: .unsupportedScheme),
        .init(url: "example.com/hook", kind: .malformed),
        .init(url: "http:/example.com/", kind: .malformed),
        .init(url: "", kind: .malformed),
        .init(url: "http://user@example.com", kind: .userInfo),
        .init(url: "http://user:pass@example.com/", kind: .userInfo),
        .init(url: "http://example.com@evil.com/", kind: .userInfo),
        .init(url: "http://example.com#frag", kind: .fragment),
        .init(url: "http://example.com/#", kind: .fragment),
        .init(url: "http://example.com\\@evil.com/", kind: .forbiddenCharacter),
        .init(url: "http://exa mple.com/", kind: .forbiddenCharacter),
        .init(url: "http://example.com/\n", kind: .forbiddenCharacter),
        .init(url: "http://example.com/\t", kind: .forbiddenCharacter),
        .init(url: "http://example.com/a%0d%0aX-Injected:1", kind: .forbiddenCharacter),
        .init(url: "http://example.com/a%0A", kind: .forbiddenCharacter),
        .init(url: "http://example.com/%00", kind: .forbiddenCharacter),
        .init(url: "http://example.com/\u{a0}", kind: .forbiddenCharacter),
        .init(url: "http://example.com/\u{200b}", kind: .forbiddenCharacter),
        .init(url: "http://", kind: .emptyHost),
        .init(url: "http://:8080/", kind: .emptyHost),
        .init(url: "http://./", kind: .emptyHost),
        .init(url: "http://exa%6dple.com/", kind: .invalidHost),
        .init(url: "http://b\u{fc}cher.de/", kind: .invalidHost),
        .init(url: "http://a..b.com/", kind: .invalidHost),
        .init(url: "http://example.com:8080:80/", kind: .invalidHost),
        .init(url: "http://2130706433/", kind: .ipv4Notation),
        .init(url: "http://0177.0.0.1/", kind: .ipv4Notation),
        .init(url: "http://017700000001/", kind: .ipv4Notation),
        .init(url: "http://0x7f.0.0.1/", kind: .ipv4Notation),
        .init(url: "http://0x7f.1/", kind: .ipv4Notation),
        .init(url: "http://0x7f000001/", kind: .ipv4Notation),
        .init(url: "http://127.1/", kind: .ipv4Notation),
        .init(url: "http://127.0.1/", kind: .ipv4Notation),
        .init(url: "http://01.02.03.04/", kind: .ipv4Notation),
        .init(url: "http://1.2.3.4.5/", kind: .ipv4Notation),
        .init(url: "http://1.2.3.256/", kind: .ipv4Notation),
        .init(url: "http://0x0a.example.com/", kind: .ipv4Notation),
        .init(url: "http://127.0.0.1/", kind: .blockedAddress),
        .init(url: "http://127.0.0.1./", kind: .blockedAddress),
        .init(url: "http://0.0.0.0/", kind: .blockedAddress),
        .init(url: "http://10.0.0.1/", kind: .blockedAddress),
        .init(url: "http://192.168.1.1:8080/", kind: .blockedAddress),
        .init(url: "http://169.254.169.254/latest", kind: .blockedAddress),
        .init(url: "http://100.100.100.200/", kind: .blockedAddress),
        .init(url: "http://[::1]/", kind: .blockedAddress),
        .init(url: "http://[::]/", kind: .blockedAddress),
        .init(url: "http://[::ffff:127.0.0.1]/", kind: .blockedAddress),
        .init(url: "http://[::ffff:7f00:1]/", kind: .blockedAddress),
        .init(url: "http://[64:ff9b::a9fe:a9fe]/", kind: .blockedAddress),
        .init(url: "http://[2002:c0a8:101::1]/", kind: .blockedAddress),
        .init(url: "http://[fd00:ec2::254]/", kind: .blockedAddress),
        .init(url: "http://[2001:db8::1]/", kind: .blockedAddress),
        .init(url: "http://[fe80::1%25eth0]/", kind: .zoneID),
        .init(url: "http://[::1/", kind: .invalidIPv6),
        .init(url: "http://[not-an-ip]/", kind: .invalidIPv6),
        .init(url: "http://[::1]x/", kind: .malformed),
        .init(url: "http://metadata.google.internal/", kind: .blockedHostName),
        .init(url: "http://METADATA.GOOGLE.INTERNAL./computeMetadata/v1/", kind: .blockedHostName),
        .init(url: "http://metadata.goog/", kind: .blockedHostName),
        .init(url: "http://kubernetes.default.svc/", kind: .blockedHostName),
        .init(url: "http://kubernetes.default/", kind: .blockedHostName),
        .init(url: "http://localhost/", kind: .blockedHostName),
        .init(url: "http://LocalHost.:8080/", kind: .blockedHostName),
        .init(url: "http://localhost.localdomain/", kind: .blockedHostName),
        .init(url: "http://api.localhost/", kind: .blockedHostName),
        .init(url: "http://db.internal/", kind: .blockedHostName),
        .init(url: "http://printer.local/", kind: .blockedHostName),
        .init(url: "http://foo.nip.io/", kind: .blockedHostName),
        .init(url: "http://10.0.0.1.xip.io/", kind: .blockedHostName),
        .init(url: "http://a.sslip.io/", kind: .blockedHostName),
        .init(url: "http://localtest.me/", kind: .blockedHostName),
        .init(url: "http://app.localtest.me/", kind: .blockedHostName),
        .init(url: "http://lvh.me/", kind: .blockedHostName),
        .init(url: "http://x.vcap.me/", kind: .blockedHostName),
        .init(url: "http://x.lacolhost.com/", kind: .blockedHostName),
        .init(url: "http://7f000001.c0a80001.rebind.network/", kind: .blockedHostName),
        .init(url: "http://app.127-0-0-1.example.com/", kind: .blockedHostName),
        .init(url: "http://example.com:22/", kind: .blockedPort),
        .init(url: "http://example.com:6379/", kind: .blockedPort),
        .init(url: "https://example.com:5432/", kind: .blockedPort),
        .init(url: "http://example.com:0/", kind: .invalidPort),
        .init(url: "http://example.com:65536/", kind: .invalidPort),
        .init(url: "http://example.com:123456/", kind: .invalidPort),
        .init(url: "http://example.com:abc/", kind: .invalidPort),
        .init(url: "http://example.com:/", kind: .invalidPort),
        .init(url: "http://example.com:-1/", kind: .invalidPort),
        .init(url: "https://example.com/" + String(repeating: "a", count: 5000), kind: .tooLong),
    ]

    @Test("rejected URLs", arguments: rejected)
    func rejects(_ example: Rejected) {
        #expect {
            try Self.standard.checkSyntax(example.url)
        } throws: { error in
            guard let error = error as? WebhookURLError else { return false }
            return error.kind == example.kind && !error.description.isEmpty
        }
    }

    @Test func reasonsNameTheProblem() throws {
        let metadata = try #require(throws: WebhookURLError.self) { try Self.standard.checkSyntax("http://169.254.169.254/latest") }
        #expect(metadata.description.contains("169.254.169.254"))
        #expect(metadata.description.contains("metadata"))
        let loopback = try #require(throws: WebhookURLError.self) { try Self.standard.checkSyntax("http://[::ffff:127.0.0.1]/") }
        #expect(loopback.description.contains("loopback"))
        let port = try #require(throws: WebhookURLError.self) { try Self.standard.checkSyntax("http://example.com:6379/") }
        #expect(port.description == "blocked port: port 6379")
    }

    static let acceptedWithPrivateNetworks = [
        "http://127.0.0.1/", "http://127.0.0.1:8080/hook", "http://localhost/", "http://LOCALHOST:3000/x",
        "http://10.0.0.1/", "http://[::1]:8080/", "http://[::ffff:127.0.0.1]/", "http://api.localhost/",
        "http://db.internal/", "http://foo.nip.io/", "http://192.168.0.10/",
    ]

    @Test("allowPrivateNetworks: private targets accepted", arguments: acceptedWithPrivateNetworks)
    func privateNetworksAllowed(_ url: String) throws {
        _ = try Self.permissive.checkSyntax(url)
    }

    static let rejectedWithPrivateNetworks: [Rejected] = [
        .init(url: "http://169.254.169.254/", kind: .blockedAddress),
        .init(url: "http://169.254.169.254/latest/meta-data/", kind: .blockedAddress),
        .init(url: "http://169.254.170.2/v2/credentials", kind: .blockedAddress),
        .init(url: "http://100.100.100.200/", kind: .blockedAddress),
        .init(url: "http://0.0.0.0:8080/", kind: .blockedAddress),
        .init(url: "http://[::]/", kind: .blockedAddress),
        .init(url: "http://[fd00:ec2::254]/", kind: .blockedAddress),
        .init(url: "http://[::ffff:169.254.169.254]/", kind: .blockedAddress),
        .init(url: "http://metadata.google.internal/", kind: .blockedHostName),
        .init(url: "http://metadata.goog/", kind: .blockedHostName),
        .init(url: "http://kubernetes.default.svc/", kind: .blockedHostName),
        .init(url: "http://localhost:5432/", kind: .blockedPort),
        .init(url: "http://127.1/", kind: .ipv4Notation),
        .init(url: "http://user@localhost/", kind: .userInfo),
    ]

    @Test("allowPrivateNetworks: metadata and unspecified still refused", arguments: rejectedWithPrivateNetworks)
    func metadataAlwaysRefused(_ example: Rejected) {
        #expect {
            try Self.permissive.checkSyntax(example.url)
        } throws: { error in
            (error as? WebhookURLError)?.kind == example.kind
        }
    }

    @Test func customBlockedPorts() throws {
        let guardWithPorts = WebhookURLGuard(policy: WebhookURLPolicy(blockedPorts: [8443]), resolver: StaticHostResolver([:]))
        _ = try guardWithPorts.checkSyntax("https://example.com:22/")
        #expect(throws: WebhookURLError.self) { try guardWithPorts.checkSyntax("https://example.com:8443/") }
    }

    @Test func policyFromEnvironment() {
        #expect(WebhookURLPolicy.fromEnvironment([:]).allowPrivateNetworks == false)
        #expect(WebhookURLPolicy.fromEnvironment(["WEBHOOK_ALLOW_PRIVATE_NETWORKS": "true"]).allowPrivateNetworks)
        #expect(WebhookURLPolicy.fromEnvironment(["WEBHOOK_ALLOW_PRIVATE_NETWORKS": "TRUE"]).allowPrivateNetworks)
        #expect(WebhookURLPolicy.fromEnvironment(["WEBHOOK_ALLOW_PRIVATE_NETWORKS": "no"]).allowPrivateNetworks == false)
        #expect(WebhookURLPolicy.standard.blockedPorts == [22, 25, 2379, 3306, 5432, 6379, 8500, 9200, 11211, 27017])
    }

    struct Redirect: Sendable, CustomTestStringConvertible {
        let location: String
        let resolved: String
        var testDescription: String { location }
    }

    static let redirects: [Redirect] = [
        .init(location: "https://other.example.org/z", resolved: "https://other.example.org/z"),
        .init(location: "http://169.254.169.254/", resolved: "http://169.254.169.254/"),
        .init(location: "//other.example.org/z", resolved: "https://other.example.org/z"),
        .init(location: "/z?q=1", resolved: "https://example.com/z?q=1"),
        .init(location: "?y=2", resolved: "https://example.com/a/b/c?y=2"),
        .init(location: "d", resolved: "https://example.com/a/b/d"),
        .init(location: "../d", resolved: "https://example.com/a/d"),
        .init(location: "../../../../d", resolved: "https://example.com/d"),
        .init(location: "./", resolved: "https://example.com/a/b/"),
        .init(location: "/x/./y/../z", resolved: "https://example.com/x/z"),
        .init(location: "/z#fragment", resolved: "https://example.com/z"),
        .init(location: "", resolved: "https://example.com/a/b/c?x=1"),
    ]

    @Test("redirect Location resolution", arguments: redirects)
    func resolvesLocation(_ example: Redirect) throws {
        let base = try Self.standard.checkSyntax("https://example.com/a/b/c?x=1")
        #expect(base.resolving(location: example.location) == example.resolved)
    }
}
