import Logging
@testable import NotifCore
import NIOSSL
import NotifTesting
import Testing

/// HTTPS through the pinned address: the sender dials 127.0.0.1 for "hooks.test", and TLS still
/// verifies the certificate against "hooks.test" (the name in the URL), not against the address.
@Suite("Webhook sender over TLS")
struct WebhookSenderTLSTests {
    /// A test CA and a leaf certificate for DNS:hooks.test only (P-256, valid 2000–2100).
    static let caPEM = """
        -----BEGIN CERTIFICATE-----
        MIIBdDCCARqgAwIBAgICEAAwCgYIKoZIzj0EAwIwIDEeMBwGA1UEAwwVbm90aWYg
        d2ViaG9vayB0ZXN0IENBMCAXDTAwMDEwMTAwMDAwMFoYDzIxMDAwMTAxMDAwMDAw
        WjAgMR4wHAYDVQQDDBVub3RpZiB3ZWJob29rIHRlc3QgQ0EwWTATBgcqhkjOPQIB
        BggqhkjOPQMBBwNCAARHihSuKtW8+90sBy2o5EQl6zv+RxYtjBWcWAK27OOvJ+xz
        8NuJABhmqT8HF27+aoeni06tZXMMQEucEg+T4JNNo0IwQDAPBgNVHRMBAf8EBTAD
        AQH/MA4GA1UdDwEB/wQEAwICBDAdBgNVHQ4EFgQUUNBqihfqa+nV0yCozPdCgcMM
        lCQwCgYIKoZIzj0EAwIDSAAwRQIgHmQmVz+CaWorSuf15nUYf1BleY1wgiiLFKfc
        88DBs28CIQDkmSaYce/r/krLxrcnGG5tE48fYmxSt8FfJGZpCyYhJg==
        -----END CERTIFICATE-----
        """
    static let leafPEM = """
        -----BEGIN CERTIFICATE-----
        MIIBsjCCAVigAwIBAgICEAEwCgYIKoZIzj0EAwIwIDEeMBwGA1UEAwwVbm90aWYg
        d2ViaG9vayB0ZXN0IENBMCAXDTAwMDEwMTAwMDAwMFoYDzIxMDAwMTAxMDAwMDAw
        WjAVMRMwEQYDVQQDDApob29rcy50ZXN0MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcD
        QgAEXK0xzJDMefv8pSxbUcmQg733QUw25JZNlAfPxlOphVtX/3fc9c+ZmG+755rW
        c1CWFBJqqK7CywdcHsWM7jhzGaOBijCBhzAJBgNVHRMEAjAAMA4GA1UdDwEB/wQE
        AwIHgDATBgNVHSUEDDAKBggrBgEFBQcDATAVBgNVHREEDjAMggpob29rcy50ZXN0
        MB8GA1UdIwQYMBaAFFDQaooX6mvp1dMgqMz3QoHDDJQkMB0GA1UdDgQWBBRTThW7
        dMR2DIh7d7Gq0dSjWAYzHTAKBggqhkjOPQQDAgNIADBFAiEAvMR1b1LtqyoN9KRF
        EJnWKXDoIW5RJt5p/gxEt76UgwoCIADV+rcXAxiw0uxO9ICFIeQYCg2e5b5jZTsM
        73cR39IV
        -----END CERTIFICATE-----
        """
    /// Test-only key for the leaf above; it protects nothing.
    static let leafKeyPEM = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgte6q8MfydJwHmO5+
        m08jwlzOcaDjmsqzIymP7vJno4OhRANCAARcrTHMkMx5+/ylLFtRyZCDvfdBTDbk
        lk2UB8/GU6mFW1f/d9z1z5mYb7vnmtZzUJYUEmqorsLLB1wexYzuOHMZ
        -----END PRIVATE KEY-----
        """

    @Test func pinnedAddressKeepsHostnameVerification() async throws {
        let serverTLS = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(try NIOSSLCertificate(bytes: Array(Self.leafPEM.utf8), format: .pem))],
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(Self.leafKeyPEM.utf8), format: .pem)))
        var clientTLS = TLSConfiguration.makeClientConfiguration()
        clientTLS.trustRoots = .certificates([try NIOSSLCertificate(bytes: Array(Self.caPEM.utf8), format: .pem)])

        let receiver = try await WebhookReceiver.start(tls: serverTLS)
        let loopback = [IPAddress("127.0.0.1")!]
        let resolver = StaticHostResolver(["hooks.test": loopback, "wrong.test": loopback])
        let sender = WebhookSender(guard: WebhookURLGuard(policy: WebhookURLPolicy(allowPrivateNetworks: true), resolver: resolver),
                                   userAgent: "notif-webhooks/0.1", connectTimeout: .seconds(10), requestTimeout: .seconds(10),
                                   maxRedirects: 3, tlsConfiguration: clientTLS, logger: Logger(label: "tls-test"))

        // Dialled 127.0.0.1, verified as hooks.test (the certificate names only hooks.test).
        let ok = await sender.send(url: receiver.url(host: "hooks.test", path: "/tls"), body: Array("{}".utf8), headers: [])
        #expect(ok.succeeded, "\(ok.error ?? "")")
        let request = try await receiver.waitForRequests(count: 1, path: "/tls").first
        #expect(request?.header("Host") == "hooks.test:\(receiver.port)")

        // Same address, other name: the certificate does not match, so no request is made.
        let wrongName = await sender.send(url: receiver.url(host: "wrong.test", path: "/wrong"), body: [], headers: [])
        #expect(wrongName.error?.hasPrefix("request failed: ") == true)
        #expect(wrongName.error?.contains("failedToValidateHostname") == true, "\(wrongName.error ?? "")")

        // An IP-literal URL is verified against the IP, which the certificate does not name either.
        let literal = await sender.send(url: receiver.url(path: "/literal"), body: [], headers: [])
        #expect(literal.error?.hasPrefix("request failed: ") == true)
        #expect(receiver.requests.map(\.path) == ["/tls"])

        await sender.shutdown()
        await receiver.stop()
    }
}
