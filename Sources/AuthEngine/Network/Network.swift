/// Carries HTTP exchanges between parties as events on the virtual clock:
/// the request arrives `latency` after it is sent, the server answers at once,
/// and the response arrives `latency` later. Overlapping exchanges really overlap.
public final class Network {
    public typealias Handler = (HTTPRequest, Party) -> HTTPResponse
    /// A server that may ask others before it answers (a resource server fetching a JWKS,
    /// introspecting a token): it calls `respond` once, now or later.
    public typealias DeferredHandler = (HTTPRequest, Party, _ respond: @escaping (HTTPResponse) -> Void) -> Void

    public enum Fault: Equatable, Sendable {
        /// The server handles the request, but its response never reaches the sender.
        case dropResponse(path: String)
    }

    let clock: VirtualClock
    let log: EventLog
    public var latency: Span
    private var handlers: [Party: DeferredHandler] = [:]
    /// Inside `deliver`: what a server sends while answering a live request is answered at
    /// the same instant too, so a live answer never waits on the virtual clock.
    private var deliveringNow = 0
    private var faults: [Fault] = []
    private var nextExchange = 1
    /// The most recent error code any server returned (`expect error`).
    public private(set) var lastErrorCode: String?

    init(clock: VirtualClock, log: EventLog, latency: Span) {
        self.clock = clock
        self.log = log
        self.latency = latency
    }

    public func register(_ party: Party, handler: @escaping Handler) {
        handlers[party] = { request, sender, respond in respond(handler(request, sender)) }
    }

    public func register(_ party: Party, deferred handler: @escaping DeferredHandler) { handlers[party] = handler }

    public func inject(_ fault: Fault) { faults.append(fault) }

    /// A request from outside the simulated network (a live client): handled at once, at
    /// the current virtual instant, and logged as an exchange like any other. Its latency
    /// is the real network's, so none is added; a paused clock never holds it up.
    public func deliver(_ request: HTTPRequest, from sender: Party, to receiver: Party) -> HTTPResponse {
        deliveringNow += 1
        defer { deliveringNow -= 1 }
        var answer: HTTPResponse?
        sendNow(request, from: sender, to: receiver) { answer = $0 }
        return answer ?? .error(504, "gateway_timeout", "\(receiver) did not answer at once (a message it sent on the way was lost)")
    }

    /// An exchange at the current instant: logged, handled and answered without latency.
    private func sendNow(_ request: HTTPRequest, from sender: Party, to receiver: Party, completion: @escaping (HTTPResponse) -> Void) {
        let id = ExchangeID(nextExchange)
        nextExchange += 1
        log.append(.request(id, from: sender, to: receiver, request))
        handle(request, from: sender, to: receiver) { [self] response in
            log.append(.response(id, from: receiver, to: sender, method: request.method, path: request.path, response))
            if let code = response.errorCode { lastErrorCode = code }
            completion(response)
        }
    }

    private func handle(_ request: HTTPRequest, from sender: Party, to receiver: Party, respond: @escaping (HTTPResponse) -> Void) {
        if let handler = handlers[receiver] {
            handler(request, sender, respond)
        } else {
            respond(.error(502, "bad_gateway", "nobody answers at \(receiver)"))
        }
    }

    /// Sends `request` from `sender` to `receiver`; `completion` runs when the response
    /// arrives (never, if a fault drops it). Returns the exchange's id at once. While a
    /// live request is being answered (`deliver`), the exchange happens at once.
    @discardableResult
    public func send(_ request: HTTPRequest, from sender: Party, to receiver: Party,
                     completion: @escaping (HTTPResponse) -> Void) -> ExchangeID {
        if deliveringNow > 0 {
            let id = ExchangeID(nextExchange)
            sendNow(request, from: sender, to: receiver, completion: completion)
            return id
        }
        let id = ExchangeID(nextExchange)
        nextExchange += 1
        log.append(.request(id, from: sender, to: receiver, request))
        clock.schedule(after: latency) { [self] in
            handle(request, from: sender, to: receiver) { [self] response in
                if let i = faults.firstIndex(of: .dropResponse(path: request.route)) {
                    faults.remove(at: i)
                    log.append(.responseLost(id, from: receiver, to: sender, method: request.method, path: request.path, status: response.status))
                    return
                }
                clock.schedule(after: latency) { [self] in
                    log.append(.response(id, from: receiver, to: sender, method: request.method, path: request.path, response))
                    if let code = response.errorCode { lastErrorCode = code }
                    completion(response)
                }
            }
        }
        return id
    }
}
