#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Signatures notif puts on every webhook, so receivers can check a delivery came from notif and
/// was not altered. Two schemes, sent side by side:
/// - `X-Notif-Signature: sha256=<hex HMAC-SHA256(secret, body)>` (GitHub style);
/// - Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256(secret, "id.timestamp.body")>`),
///   one `v1,` entry per secret while a secret is being rotated.
///
/// The HMAC key is the secret's UTF-8 bytes in both schemes. (Standard Webhooks libraries expect a
/// `whsec_<base64>` secret and use its decoded bytes as key: to verify with them, hand them
/// `"whsec_" + base64(utf8(secret))`.)
public enum WebhookSignature {
    public static let notifHeader = "X-Notif-Signature"
    public static let standardIDHeader = "webhook-id"
    public static let standardTimestampHeader = "webhook-timestamp"
    public static let standardSignatureHeader = "webhook-signature"

    /// `sha256=` + lowercase hex HMAC-SHA256 of `body` keyed with `secret`'s UTF-8 bytes.
    public static func notif(body: [UInt8], secret: String) -> String {
        "sha256=" + HMACSHA256.hex(HMACSHA256.authenticate(key: Array(secret.utf8), parts: [body]))
    }

    /// The `webhook-signature` value: `v1,<base64>` per secret (current first), space-separated.
    public static func standardWebhooks(messageID: String, timestamp: Int64, body: [UInt8], secrets: [String]) -> String {
        secrets.map { "v1," + HMACSHA256.base64(standardMAC(messageID: messageID, timestamp: timestamp, body: body, secret: $0)) }
            .joined(separator: " ")
    }

    /// Whether `header` is the notif signature of `body` under `secret` (constant-time comparison).
    public static func verifyNotif(body: [UInt8], secret: String, header: String) -> Bool {
        let expected = Array(notif(body: body, secret: secret).utf8)
        let given = Array(header.trimmingASCIIWhitespace().utf8)
        return HMACSHA256.constantTimeEqual(expected, given)
    }

    /// Whether any `v1,` entry of `header` is the Standard Webhooks signature under any of `secrets`,
    /// and `timestamp` (Unix seconds) is within `tolerance` of `now`.
    public static func verifyStandard(messageID: String, timestamp: Int64, body: [UInt8], header: String,
                                      secrets: [String], tolerance: Duration = .seconds(300),
                                      now: Int64 = currentUnixTime()) -> Bool {
        guard abs(now - timestamp) <= tolerance.components.seconds else { return false }
        let given = header.split(separator: " ").compactMap { entry -> [UInt8]? in
            entry.hasPrefix("v1,") ? Array(entry.dropFirst(3).utf8) : nil
        }
        var matched = false
        for secret in secrets {
            let expected = Array(HMACSHA256.base64(standardMAC(messageID: messageID, timestamp: timestamp, body: body, secret: secret)).utf8)
            for candidate in given where HMACSHA256.constantTimeEqual(expected, candidate) {
                matched = true
            }
        }
        return matched
    }

    /// Seconds since the Unix epoch.
    public static func currentUnixTime() -> Int64 {
        Int64(time(nil))
    }

    private static func standardMAC(messageID: String, timestamp: Int64, body: [UInt8], secret: String) -> [UInt8] {
        HMACSHA256.authenticate(key: Array(secret.utf8), parts: [Array("\(messageID).\(timestamp).".utf8), body])
    }
}

extension String {
    fileprivate func trimmingASCIIWhitespace() -> Substring {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
