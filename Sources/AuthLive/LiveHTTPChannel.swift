import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// What HummingbirdCore's server does with each connection it accepts: NIO's HTTP/1.1
/// parser and encoder (pipelined requests held until the answer before them is written,
/// malformed HTTP answered 400 and closed, nothing read after `Connection: close`),
/// `100 Continue`, an idle timeout, and the
/// handler that hands each request to the world. A connection is one task that waits for
/// it to close; its requests need none.
struct LiveHTTPChannel: ServerChildChannel {
    struct Value: ServerChildChannelValue {
        let channel: any Channel
    }

    let inbox: WorldInbox
    /// A connection quiet this long is closed (a request half sent, or none).
    let idleTimeout: TimeAmount

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try configure(channel.pipeline.syncOperations)
            return Value(channel: channel)
        }
    }

    /// The handlers, in order (tests set them on a channel of their own).
    func configure(_ pipeline: ChannelPipeline.SynchronousOperations) throws {
        var limits = NIOHTTPDecoderLimitConfiguration() // 80 KiB for a field and for them all
        limits.maxHeaderFieldCount = 1000
        try pipeline.configureHTTPServerPipeline(withPipeliningAssistance: true, withErrorHandling: true, withOutboundHeaderValidation: true,
                                                 withEncoderConfiguration: .init(), withDecoderLimitConfiguration: limits)
        try pipeline.addHandler(AfterCloseFilter(), position: .after(try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)))
        try pipeline.addHandler(IdleStateHandler(readTimeout: idleTimeout))
        try pipeline.addHandler(ExpectContinueHandler())
        try pipeline.addHandler(LiveConnectionHandler(inbox: inbox))
    }

    func handle(value: Value, logger: Logger) async {
        let channel = value.channel
        await withTaskCancellationHandler {
            try? await channel.closeFuture.get()
        } onCancel: {
            channel.close(promise: nil)
        }
    }
}
