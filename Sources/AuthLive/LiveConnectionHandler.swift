import AuthEngine
import NIOCore
import NIOHTTP1

/// One connection's requests: each is read whole (its body capped), handed to the world's
/// thread through the inbox, and its answer written back on this connection's event loop
/// when the world has given it. No task and no async stream per request: under load this
/// is most of what a request costs outside the world.
///
/// NIO's pipeline before it holds a pipelined request until the answer before it is
/// written, so answers leave in the order their requests came.
final class LiveConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let inbox: WorldInbox
    private var state = State.idle
    /// The peer, read once per connection.
    private var peer: (address: String, loopback: Bool)?
    private var date = HTTPDate.Cache()
    /// Close once the answer in hand is written (the connection went quiet past the idle
    /// timeout, or the server is shutting down).
    private var closeWhenAnswered = false

    private enum State {
        case idle
        case reading(HTTPRequestHead, ByteBuffer)
        /// Refused (over the cap) and answered: what is left of its body is read and dropped,
        /// up to this many bytes more, and the connection closed.
        case discarding(left: Int)
        /// With the world; the connection closes after the answer unless kept alive (an
        /// HTTP/1.0 client that asked to keep it is told it is kept).
        case answering(keepAlive: Bool, http10: Bool)
        /// Answered with `Connection: close`: whatever the client sent after is not read.
        case closing
    }

    /// How much of a refused body is still read after its 413, so that the client, still
    /// sending, reads the answer instead of a reset connection.
    static let discardLimit = 4 * LiveGateway.maximumBody

    init(inbox: WorldInbox) {
        self.inbox = inbox
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch (unwrapInboundIn(data), state) {
        case (_, .closing):
            break // answered with Connection: close; nothing after it is served
        case (.head(let head), _):
            guard LiveServer.fitsTheCap(contentLength: head.headers.first(name: "content-length")) else { return refuse(head, context: context) }
            state = .reading(head, context.channel.allocator.buffer(capacity: 0))
        case (.body(var chunk), .reading(let head, var body)):
            guard body.readableBytes + chunk.readableBytes <= LiveGateway.maximumBody else { return refuse(head, context: context) }
            state = .idle // the buffer is uniquely held while it grows
            body.writeBuffer(&chunk)
            state = .reading(head, body)
        case (.body(let chunk), .discarding(let left)):
            if chunk.readableBytes > left { context.close(promise: nil) } else { state = .discarding(left: left - chunk.readableBytes) }
        case (.end, .reading(let head, let body)):
            state = .answering(keepAlive: head.isKeepAlive, http10: head.version == .http1_0)
            handToWorld(request(head, body: Array(buffer: body), context: context), context: context)
        case (.end, .discarding):
            context.close(promise: nil)
        case (.body, _), (.end, _):
            break // a request NIO's parser already ended; nothing to add
        }
    }

    /// Over the cap (announced, or found while reading): answered here, before a byte more
    /// is awaited; the world's log is told without waiting for it.
    private func refuse(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        let refused = request(head, body: [], context: context), answer = LiveGateway.tooLarge
        inbox.submit { $0.noteAnsweredAtDoor(refused, answer) }
        state = .discarding(left: Self.discardLimit)
        _ = write(answer, keepAlive: false, http10: false, context: context)
    }

    private func handToWorld(_ request: LiveRequest, context: ChannelHandlerContext) {
        let eventLoop = context.eventLoop
        let connection = NIOLoopBound((handler: self, context: context), eventLoop: eventLoop)
        inbox.submit { gateway in
            let answer = gateway.handle(request)
            eventLoop.execute { connection.value.handler.answer(answer, context: connection.value.context) }
        }
    }

    private func answer(_ answer: LiveResponse, context: ChannelHandlerContext) {
        guard case .answering(let keepAlive, let http10) = state else { return }
        let kept = keepAlive && !closeWhenAnswered
        // Set before writing: the answer's end lets NIO hand over a pipelined request at once.
        state = kept ? .idle : .closing
        let written = write(answer, keepAlive: kept, http10: http10, context: context)
        let channel = context.channel
        if !kept { written.whenComplete { _ in channel.close(promise: nil) } }
    }

    private func write(_ answer: LiveResponse, keepAlive: Bool, http10: Bool, context: ChannelHandlerContext) -> EventLoopFuture<Void> {
        var headers = NIOHTTP1.HTTPHeaders(answer.headers.fields)
        let body = answer.body
        // A HEAD answer names its GET body's length itself; 1xx, 204 and 304 have none.
        if !headers.contains(name: "content-length"), answer.status >= 200, answer.status != 204, answer.status != 304 {
            headers.add(name: "Content-Length", value: String(body.count))
        }
        headers.add(name: "Date", value: date.now())
        headers.add(name: "Server", value: "authtui")
        if !keepAlive { headers.add(name: "Connection", value: "close") } else if http10 { headers.add(name: "Connection", value: "keep-alive") }
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: answer.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if !body.isEmpty { context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil) }
        let promise = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: promise)
        return promise.futureResult
    }

    private func request(_ head: HTTPRequestHead, body: [UInt8], context: ChannelHandlerContext) -> LiveRequest {
        let peer = self.peer ?? Self.peer(of: context.channel)
        self.peer = peer
        return LiveRequest(method: head.method.rawValue, target: head.uri, headers: head.headers.map { ($0.name, $0.value) },
                           body: body, peer: peer.address, loopback: peer.loopback)
    }

    private static func peer(of channel: any Channel) -> (address: String, loopback: Bool) {
        guard let address = channel.remoteAddress else { return ("unknown:0", false) }
        let host = address.ipAddress
        return ((host ?? "unknown") + ":" + String(address.port ?? 0), host.map { Loopback.isLoopback(host: $0) } ?? (address.protocol == .unix))
    }

    /// Malformed HTTP (NIO's handler has answered it 400) or a failed socket: the connection
    /// cannot go on.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case let idle as IdleStateHandler.IdleStateEvent where idle == .read:
            // Quiet past the idle timeout: a request half read, or none, ends the connection;
            // an answer on its way from the world is waited for (the world never stalls one).
            if case .answering = state { closeWhenAnswered = true } else { context.close(promise: nil) }
        case is ChannelShouldQuiesceEvent:
            if case .answering = state { closeWhenAnswered = true } else { context.close(promise: nil) }
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }
}
