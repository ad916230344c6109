/// Who takes part in a flow. Each issue adds its own parties (browser, platform, WeChat…).
public struct Party: Hashable, Sendable, CustomStringConvertible {
    public let name: String
    public init(_ name: String) { self.name = name }
    public var description: String { name }

    public static let client = Party("client")
    public static let server = Party("server")
    public static let attacker = Party("attacker")
}

/// Header fields in the order they were set; names compare case-insensitively.
public struct HTTPHeaders: Hashable, Sendable {
    public private(set) var fields: [(name: String, value: String)] = []
    public init() {}
    public init(_ fields: [(String, String)]) { self.fields = fields.map { (name: $0.0, value: $0.1) } }

    /// Adds a field even if one of that name exists (`Set-Cookie` may come more than once).
    public mutating func append(_ name: String, _ value: String) { fields.append((name: name, value: value)) }

    /// Rewrites every field's value with `change(name, value)`.
    public mutating func mapValues(_ change: (String, String) -> String) {
        fields = fields.map { (name: $0.name, value: change($0.name, $0.value)) }
    }

    public subscript(name: String) -> String? {
        get { fields.first { $0.name.caseInsensitiveEquals(name) }?.value }
        set {
            fields.removeAll { $0.name.caseInsensitiveEquals(name) }
            if let newValue { fields.append((name: name, value: newValue)) }
        }
    }

    public static func == (a: HTTPHeaders, b: HTTPHeaders) -> Bool {
        a.fields.count == b.fields.count && zip(a.fields, b.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
    public func hash(into hasher: inout Hasher) { for f in fields { hasher.combine(f.name); hasher.combine(f.value) } }
}

extension String {
    /// Header names are ASCII: compare them folding A–Z, without allocating.
    func caseInsensitiveEquals(_ other: String) -> Bool {
        if self == other { return true }
        guard utf8.count == other.utf8.count else { return false }
        return zip(utf8, other.utf8).allSatisfy { a, b in
            a == b || (a | 0x20 == b | 0x20 && (a | 0x20) >= 0x61 && (a | 0x20) <= 0x7A)
        }
    }
}

public struct HTTPRequest: Hashable, Sendable {
    public var method: String
    public var path: String
    public var headers: HTTPHeaders
    public var body: JSONObject?

    public init(method: String, path: String, headers: HTTPHeaders = HTTPHeaders(), body: JSONObject? = nil) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }

    /// The path a server routes on: `path` without its query or fragment (a client may add
    /// `?page=2` or a cache-buster to any call).
    public var route: String { URLQuery.path(of: path) }

    /// The method a server routes on: HEAD is GET without the body (RFC 9110 §9.3.2), so it
    /// is answered as GET while the log says HEAD.
    public var routeMethod: String { method == "HEAD" ? "GET" : method }

    /// The token after `Bearer `, if the request carries one. The scheme is matched in any
    /// case and may be followed by several spaces (RFC 9110 §11.1, RFC 6750 §2.1): real
    /// clients send `bearer` too.
    public var bearerToken: String? {
        guard let value = headers["Authorization"] else { return nil }
        let utf8 = value.utf8
        // The scheme's ASCII letters compared with their lower-case bit set, in place.
        guard utf8.count > 7, zip(utf8.prefix(6), "bearer".utf8).allSatisfy({ $0 | 0x20 == $1 }),
              utf8.dropFirst(6).first == UInt8(ascii: " ") else { return nil }
        let token = utf8.dropFirst(6).drop { $0 == UInt8(ascii: " ") }
        return token.isEmpty ? nil : String(token)
    }
}

public struct HTTPResponse: Hashable, Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: JSONObject?
    /// Not on the wire: why a page was refused, for a page that explains it (nil otherwise).
    public var refusal: PageRefusal?

    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: JSONObject? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The machine-readable error code in the body (`token_expired`, `invalid_grant`…).
    public var errorCode: String? { body?["error"]?.stringValue }

    public static func error(_ status: Int, _ code: String, _ description: String, wwwAuthenticate: String? = nil) -> HTTPResponse {
        var headers = HTTPHeaders()
        if let wwwAuthenticate { headers["WWW-Authenticate"] = wwwAuthenticate }
        return HTTPResponse(status: status, headers: headers, body: ["error": .string(code), "error_description": .string(description)])
    }

    public static func ok(_ body: JSONObject) -> HTTPResponse { HTTPResponse(status: 200, body: body) }

    /// 405 for a route that exists with other methods, or 404 for none: `Allow` names the
    /// methods it takes (RFC 9110 §15.5.6 requires it), and so does the description.
    public static func noRoute(_ request: HTTPRequest, allowed: [String]?) -> HTTPResponse {
        guard let allowed else { return error(404, "not_found", "no route \(request.method) \(request.route)") }
        let list = allowed.joined(separator: ", ")
        var response = error(405, "method_not_allowed", "\(request.method) is not allowed on \(request.route): it takes \(list)")
        response.headers["Allow"] = list
        return response
    }
}

/// Identifies one HTTP exchange (a request and its response) in the log.
public struct ExchangeID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let value: Int
    public init(_ value: Int) { self.value = value }
    public static func < (a: ExchangeID, b: ExchangeID) -> Bool { a.value < b.value }
    public var description: String { "#\(value)" }
}
