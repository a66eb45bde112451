import Foundation
@testable import NotifCore
import NotifTesting
import Testing

@Suite("Webhook signatures")
struct WebhookSignatureTests {
    @Test func rfc4231TestCase2() {
        let signature = WebhookSignature.notif(body: Array("what do ya want for nothing?".utf8), secret: "Jefe")
        #expect(signature == "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func rfc4231TestCase6LongKey() {
        let mac = HMACSHA256.authenticate(key: Array(repeating: 0xaa, count: 131),
                                          parts: [Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)])
        #expect(HMACSHA256.hex(mac) == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test func partsAreConcatenated() {
        let key = Array("k".utf8)
        #expect(HMACSHA256.authenticate(key: key, parts: [Array("ab".utf8), Array("cd".utf8)])
            == HMACSHA256.authenticate(key: key, parts: [Array("abcd".utf8)]))
        #expect(HMACSHA256.authenticate(key: [], parts: [[]]).count == 32)
    }

    @Test func unicodeSecretAndBody() {
        // python3: hmac.new('sécret🔑'.encode(), 'héllo'.encode(), hashlib.sha256).hexdigest()
        #expect(WebhookSignature.notif(body: Array("héllo".utf8), secret: "sécret🔑")
            == "sha256=67e564b6449f9a59e580ab16a62ca15a0a3ac9aadc30d55f22cdbc7fcfe333e4")
    }

    static let messageID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"
    static let timestamp: Int64 = 1674087231
    static let body = Array(#"{"type":"user.created"}"#.utf8)

    @Test func standardWebhooksKnownAnswerWithRotation() {
        let header = WebhookSignature.standardWebhooks(messageID: Self.messageID, timestamp: Self.timestamp, body: Self.body,
                                                       secrets: ["whsec-current", "old-secret"])
        // Computed with python3's hmac + base64 over "<id>.<timestamp>.<body>".
        #expect(header == "v1,5XpcF2wNKr2SGT7EEQkzW0nWVTOckGxQfPR0DLAPKcs= v1,F9y0uxN+c9QcwbH+wmzCR+h52fi7VHAwW183pdC7lkY=")
    }

    @Test func verifyStandard() {
        let signatures = WebhookSignature.standardWebhooks(messageID: Self.messageID, timestamp: Self.timestamp, body: Self.body,
                                                           secrets: ["new", "old"])
        func verify(_ secrets: [String], body: [UInt8] = WebhookSignatureTests.body,
                    id: String = WebhookSignatureTests.messageID, header: String? = nil,
                    now: Int64 = WebhookSignatureTests.timestamp + 10) -> Bool {
            WebhookSignature.verifyStandard(messageID: id, timestamp: Self.timestamp, body: body,
                                            header: header ?? signatures, secrets: secrets, now: now)
        }
        #expect(verify(["new"]))
        #expect(verify(["old"]))
        #expect(verify(["other", "old"]))
        #expect(!verify(["other"]))
        #expect(!verify(["new"], body: Self.body + [0x20]))
        #expect(!verify(["new"], id: "msg_other"))
        #expect(!verify(["new"], now: Self.timestamp + 301))
        #expect(!verify(["new"], now: Self.timestamp - 301))
        #expect(verify(["new"], now: Self.timestamp - 300))
        #expect(!verify(["new"], header: "v2," + signatures.dropFirst(3)))
        #expect(!verify(["new"], header: ""))
    }

    @Test func verifyNotif() {
        let body = Array("payload".utf8)
        let header = WebhookSignature.notif(body: body, secret: "s")
        #expect(WebhookSignature.verifyNotif(body: body, secret: "s", header: header))
        #expect(WebhookSignature.verifyNotif(body: body, secret: "s", header: " \(header) "))
        #expect(!WebhookSignature.verifyNotif(body: body, secret: "t", header: header))
        #expect(!WebhookSignature.verifyNotif(body: body + [1], secret: "s", header: header))
        #expect(!WebhookSignature.verifyNotif(body: body, secret: "s", header: String(header.dropLast())))
        #expect(!WebhookSignature.verifyNotif(body: body, secret: "s", header: header.uppercased()))
    }

    @Test func constantTimeEqual() {
        #expect(HMACSHA256.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!HMACSHA256.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!HMACSHA256.constantTimeEqual([1, 2, 3], [1, 2]))
        #expect(HMACSHA256.constantTimeEqual([], []))
    }

    @Test func base64() {
        #expect(HMACSHA256.base64([]) == "")
        #expect(HMACSHA256.base64(Array("f".utf8)) == "Zg==")
        #expect(HMACSHA256.base64(Array("foobar".utf8)) == "Zm9vYmFy")
    }

    /// Cross-check against Python's hmac module when python3 is installed.
    @Test(.enabled(if: WebhookSignatureTests.python3 != nil))
    func matchesPython() async throws {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 63, 64, 65, 1000] {
            let body = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let secret = "secret-\(length)-é"
            let id = "msg_\(length)"
            let timestamp: Int64 = 1_700_000_000 + Int64(length)
            let script = """
                import sys, hmac, hashlib, base64
                body = bytes.fromhex(sys.argv[1]); secret = sys.argv[2].encode(); msg = sys.argv[3]; ts = sys.argv[4]
                print("sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest())
                print("v1," + base64.b64encode(hmac.new(secret, (msg + "." + ts + ".").encode() + body, hashlib.sha256).digest()).decode())
                """
            let output = try await Self.run(Self.python3!, ["-c", script, HMACSHA256.hex(body), secret, id, "\(timestamp)"])
            let lines = output.split(separator: "\n").map(String.init)
            #expect(lines == [
                WebhookSignature.notif(body: body, secret: secret),
                WebhookSignature.standardWebhooks(messageID: id, timestamp: timestamp, body: body, secrets: [secret]),
            ])
        }
    }

    static let python3: String? = ["/usr/bin/python3", "/usr/local/bin/python3", "/opt/homebrew/bin/python3"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    private static func run(_ executable: String, _ arguments: [String]) async throws -> String {
        try await TestProgram.run(executable, arguments).stdout
    }
}
