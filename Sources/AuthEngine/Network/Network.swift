/// Carries HTTP exchanges between parties as events on the virtual clock:
/// the request arrives `latency` after it is sent, the server answers at once,
/// and the response arrives `latency` later. Overlapping exchanges really overlap.
public final class Network {
    public typealias Handler = (HTTPRequest, Party) -> HTTPResponse

    public enum Fault: Equatable, Sendable {
        /// The server handles the request, but its response never reaches the sender.
        case dropResponse(path: String)
    }

    let clock: VirtualClock
    let log: EventLog
    public var latency: Span
    private var handlers: [Party: Handler] = [:]
    private var faults: [Fault] = []
    private var nextExchange = 1
    /// The most recent error code any server returned (`expect error`).
    public private(set) var lastErrorCode: String?

    init(clock: VirtualClock, log: EventLog, latency: Span) {
        self.clock = clock
        self.log = log
        self.latency = latency
    }

    public func register(_ party: Party, handler: @escaping Handler) { handlers[party] = handler }

    public func inject(_ fault: Fault) { faults.append(fault) }

    /// A request from outside the simulated network (a live client): handled at once, at
    /// the current virtual instant, and logged as an exchange like any other. Its latency
    /// is the real network's, so none is added; a paused clock never holds it up.
    public func deliver(_ request: HTTPRequest, from sender: Party, to receiver: Party) -> HTTPResponse {
        let id = ExchangeID(nextExchange)
        nextExchange += 1
        log.append(.request(id, from: sender, to: receiver, request))
        let response = handlers[receiver].map { $0(request, sender) } ?? .error(502, "bad_gateway", "nobody answers at \(receiver)")
        log.append(.response(id, from: receiver, to: sender, method: request.method, path: request.path, response))
        if let code = response.errorCode { lastErrorCode = code }
        return response
    }

    /// Sends `request` from `sender` to `receiver`; `completion` runs when the response
    /// arrives (never, if a fault drops it). Returns the exchange's id at once.
    @discardableResult
    public func send(_ request: HTTPRequest, from sender: Party, to receiver: Party,
                     completion: @escaping (HTTPResponse) -> Void) -> ExchangeID {
        let id = ExchangeID(nextExchange)
        nextExchange += 1
        log.append(.request(id, from: sender, to: receiver, request))
        clock.schedule(after: latency) { [self] in
            let response: HTTPResponse
            if let handler = handlers[receiver] {
                response = handler(request, sender)
            } else {
                response = .error(502, "bad_gateway", "nobody answers at \(receiver)")
            }
            if let i = faults.firstIndex(of: .dropResponse(path: request.path)) {
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
        return id
    }
}
