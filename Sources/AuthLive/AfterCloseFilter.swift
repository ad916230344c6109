import NIOCore
import NIOHTTP1

/// Bytes after a request that said `Connection: close` (a client that pipelined on, which
/// RFC 9112 §9.6 forbids): NIO's parser calls them malformed, and its error handler would
/// answer 400 after the answer the request gets. That connection is closing once its answer
/// is written; what came after is neither read nor answered (§9.6: the server "MUST NOT
/// process any further requests"). Sits right after the parser; other errors pass.
final class AfterCloseFilter: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if Self.isAfterClose(error) { return }
        context.fireErrorCaught(error)
    }

    static func isAfterClose(_ error: any Error) -> Bool {
        switch error {
        case HTTPParserError.closedConnection: return true
        case ByteToMessageDecoderError.dataReceivedInErrorState(let underlying, _): return isAfterClose(underlying)
        default: return false
        }
    }
}
