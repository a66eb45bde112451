import AsyncHTTPClient
@testable import NotifCore
import Testing

@Suite("Webhook support")
struct WebhookSupportTests {
    @Test func truncationKeepsScalarsWhole() {
        #expect(WebhookText.truncated("abc", maxBytes: 5) == "abc")
        #expect(WebhookText.truncated("abcdef", maxBytes: 3) == "abc")
        #expect(WebhookText.truncated("aé", maxBytes: 2) == "a")  // é is 2 bytes
        #expect(WebhookText.truncated("🔑🔑", maxBytes: 7) == "🔑")
    }

    @Test func lossyUTF8DropsACutCharacter() {
        let text = Array("ab€".utf8)  // € is 3 bytes
        #expect(WebhookText.lossyUTF8(text) == "ab€")
        #expect(WebhookText.lossyUTF8(Array(text.prefix(4))) == "ab")
        #expect(WebhookText.lossyUTF8(Array(text.prefix(3))) == "ab")
        #expect(WebhookText.lossyUTF8([0x61, 0xff, 0x62]) == "a\u{fffd}b")
        #expect(WebhookText.lossyUTF8([]) == "")
    }

    @Test func resultErrorIsCappedAt1024Bytes() {
        let result = WebhookSendResult(statusCode: 500, responseBody: "", latency: .zero,
                                       error: "HTTP 500: " + String(repeating: "é", count: 1000))
        #expect(result.error!.utf8.count <= 1024)
        #expect(!result.succeeded)
        #expect(WebhookSendResult(statusCode: 204, responseBody: "", latency: .zero, error: nil).succeeded)
    }

    @Test func clientCacheEvictsLeastRecentlyUsed() async {
        let cache = WebhookClientCache(capacity: 2) { _ in HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup) }
        func key(_ host: String) -> WebhookClientCache.Key {
            .init(scheme: .https, host: host, address: IPAddress("93.184.216.34")!, port: 443)
        }
        let a = cache.acquire(key("a.example"))!
        cache.release(a)
        let b = cache.acquire(key("b.example"))!  // stays in flight while evicted
        let aAgain = cache.acquire(key("a.example"))!
        #expect(aAgain.client === a.client)
        cache.release(aAgain)
        let c = cache.acquire(key("c.example"))!  // evicts b (least recently used), which drains
        #expect(cache.count == 2)
        cache.release(b)
        cache.release(c)
        let bNew = cache.acquire(key("b.example"))!
        #expect(bNew.client !== b.client)
        cache.release(bNew)
        await cache.shutdown()
        #expect(cache.acquire(key("a.example")) == nil)
    }
}
