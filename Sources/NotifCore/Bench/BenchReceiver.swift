import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// The webhook endpoints of `notif bench webhooks`: a minimal HTTP/1.1 server on 127.0.0.1 that
/// answers `POST /fast` at once (counting the event and its latency from the `t` in its data) and
/// never answers `POST /hang`.
final class BenchReceiver: Sendable {
    let port: Int
    private let channel: any Channel
    let receipts: Receipts

    private init(port: Int, channel: any Channel, receipts: Receipts) {
        self.port = port
        self.channel = channel
        self.receipts = receipts
    }

    static func start() async throws -> BenchReceiver {
        let receipts = Receipts()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(receipts: receipts))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return BenchReceiver(port: channel.localAddress?.port ?? 0, channel: channel, receipts: receipts)
    }

    func stop() async {
        try? await channel.close()
    }

    /// Counts `/fast` deliveries; holds `/hang` requests open without an answer.
    final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let receipts: Receipts
        var path = ""
        var body: [UInt8] = []

        init(receipts: Receipts) { self.receipts = receipts }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                path = head.uri
                body.removeAll(keepingCapacity: true)
            case .body(var buffer):
                body += buffer.readBytes(length: buffer.readableBytes) ?? []
            case .end:
                guard path != "/hang" else { return }
                let now = EndToEndBench.monotonicNanoseconds()
                if let json = try? JSONValue.parse(body), let sent = json["data"]?["t"]?.int64Value {
                    receipts.record(sentAt: UInt64(sent), now: now)
                }
                var head = HTTPResponseHead(version: .http1_1, status: .ok)
                head.headers.add(name: "Content-Length", value: "0")
                context.write(wrapOutboundOut(.head(head)), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}
