import AuthEngine

/// An HTTP request as it came off the wire, in plain values: what the server hands to the
/// thread that owns the world.
public struct LiveRequest: Sendable {
    public var method: String
    /// The path with its query, as the request line gave it.
    public var target: String
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// The peer's address, `127.0.0.1:53422`.
    public var peer: String
    /// Whether the peer is this machine (the control API answers only such peers).
    public var loopback: Bool
    /// A HEAD answered as GET: the engine is told HEAD (its log says so), routes it as GET.
    var head = false

    public init(method: String, target: String, headers: [(String, String)] = [], body: [UInt8] = [],
                peer: String = "127.0.0.1:0", loopback: Bool = true) {
        self.method = method
        self.target = target
        self.headers = HTTPHeaders(headers)
        self.body = body
        self.peer = peer
        self.loopback = loopback
    }

    /// The target without its query.
    public var path: String { URLQuery.path(of: target) }

    public func header(_ name: String) -> String? { headers[name] }
}

/// The answer to write back.
public struct LiveResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    /// Not written: why the engine refused a page, for the page that explains it.
    var refusal: PageRefusal?
    private var content: Content

    /// Bytes as they are, or a JSON value: that one is written out by `body`, which the
    /// server reads on its own thread, so the world's thread does not serialize answers.
    private enum Content: Sendable {
        case bytes([UInt8])
        case json(JSONValue)
    }

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = HTTPHeaders(headers)
        content = .bytes(body)
    }

    /// A JSON answer (`Content-Type: application/json`), its body one line.
    public init(status: Int, json: JSONObject) {
        self.status = status
        headers = HTTPHeaders([("Content-Type", "application/json")])
        content = .json(.object(json))
    }

    public var body: [UInt8] {
        switch content {
        case .bytes(let bytes): bytes
        case .json(let value): Array((JSONWriter.compact(value) + "\n").utf8)
        }
    }

    public func header(_ name: String) -> String? { headers[name] }

    public var text: String { String(decoding: body, as: UTF8.self) }
}
