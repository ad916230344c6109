/// HAR 1.2 (the format browsers' network panels export): one entry per HTTP exchange,
/// timed in virtual time. A response lost on the way back, or still on its way when the
/// run ended, is an entry with status 0. Each script file is a page.
///
/// Streams: an entry is written as soon as it and every exchange started before it are
/// complete, so memory holds only the exchanges in flight, however long the run.
public final class HARWriter: TranscriptSink {
    private struct Pending {
        let started: Instant
        let from: Party
        let to: Party
        let request: HTTPRequest
        let page: String?
    }

    private var pages: [JSONValue] = []
    /// Exchanges not written yet, in the order they started (nil: still in flight).
    private var waiting: [JSONValue?] = []
    /// The position in `waiting` of the first exchange not written yet.
    private var writtenBefore = 0
    private var pending: [Int: (index: Int, exchange: Pending)] = [:]
    private var currentPage: String?
    private var pageStarted = false
    private var file = ""
    private let write: (String) -> Void
    /// Exchanges so far (one entry each).
    public private(set) var exchangeCount = 0
    /// The origin put in front of a request's path, by who sent it to whom (the parties'
    /// made-up hosts; live mode gives real clients' requests the server's own URL).
    public var origin: (_ from: Party, _ to: Party) -> String = { PartyOrigins.origin(of: $1) }

    /// `write` receives the document in pieces; `document()` (or the end of the run) closes it.
    public init(write: @escaping (String) -> Void) {
        self.write = write
        write("{\n  \"log\": {\n    \"version\": \"1.2\",\n    \"creator\": " + JSONWriter.compact(["name": "authtui", "version": .string(AuthTUIVersion.current)]) + ",\n    \"entries\": [")
    }

    /// Keeps the whole document in memory (for tests and the playground's export).
    public convenience init() {
        let buffer = Buffer()
        self.init(write: { buffer.text += $0 })
        self.buffer = buffer
    }

    private final class Buffer { var text = "" }
    private var buffer: Buffer?
    private var closed = false

    public func begin(file: String) {
        closePending()
        self.file = file
        currentPage = "page_\(pages.count + 1)"
        pageStarted = false
    }

    public func handle(_ output: ScenarioOutput) {
        guard case .log(let logEntry) = output else { return }
        if let page = currentPage, !pageStarted {
            pageStarted = true
            pages.append(["startedDateTime": .string(HARWriter.dateTime(logEntry.at)), "id": .string(page),
                          "title": .string(file), "pageTimings": .object([:])])
        }
        switch logEntry.event {
        case .request(let id, let from, let to, let request):
            pending[id.value] = (writtenBefore + waiting.count, Pending(started: logEntry.at, from: from, to: to, request: request, page: currentPage))
            waiting.append(nil)
            exchangeCount += 1
        case .response(let id, _, _, _, _, let response):
            guard let (index, exchange) = pending.removeValue(forKey: id.value) else { return }
            complete(index, entry(exchange, response: response, at: logEntry.at, comment: nil))
        case .responseLost(let id, _, _, _, _, _):
            guard let (index, exchange) = pending.removeValue(forKey: id.value) else { return }
            complete(index, entry(exchange, response: nil, at: logEntry.at, comment: "the response was lost on the way back"))
        default:
            break
        }
    }

    private func complete(_ index: Int, _ entry: JSONValue) {
        waiting[index - writtenBefore] = entry
        var written = 0
        while written < waiting.count, let next = waiting[written] {
            write((writtenBefore + written == 0 ? "\n" : ",\n") + JSONWriter.pretty(next).indented(by: 6))
            written += 1
        }
        if written > 0 {
            waiting.removeFirst(written)
            writtenBefore += written
        }
    }

    public func finish(file: String, _ summary: ScenarioSummary) { closePending() }

    /// Closes the document (the pages come last: one per script, small); returns it
    /// whole when it was kept in memory, else "".
    @discardableResult
    public func document() -> String {
        if !closed {
            closed = true
            closePending()
            write("\n    ],\n    \"pages\": " + JSONWriter.pretty(.array(pages)).indented(by: 4).dropFirst(4) + "\n  }\n}\n")
        }
        return buffer?.text ?? ""
    }

    /// Exchanges still waiting when a file ends never got an answer.
    private func closePending() {
        for (index, exchange) in pending.values.sorted(by: { $0.index < $1.index }) {
            complete(index, entry(exchange, response: nil, at: exchange.started, comment: "no response before the run ended"))
        }
        pending = [:]
    }

    private func entry(_ exchange: Pending, response: HTTPResponse?, at end: Instant, comment: String?) -> JSONValue {
        let request = exchange.request
        let url = request.path.hasPrefix("http://") || request.path.hasPrefix("https://") ? request.path : origin(exchange.from, exchange.to) + request.path
        let query = URLQuery.split(request.path)?.query ?? []
        var harRequest: JSONObject = [
            "method": .string(request.method),
            "url": .string(url),
            "httpVersion": "HTTP/1.1",
            "cookies": .array(HARWriter.cookies(request.headers["Cookie"])),
            "headers": HARWriter.headers(request.headers),
            "queryString": .array(query.map { ["name": .string($0.0), "value": .string($0.1)] }),
            "headersSize": -1,
        ]
        // The body as it was sent: form-encoded when the request said so (a real client's
        // token request), else JSON.
        let form = request.headers["Content-Type"]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true
        let sent = request.body.map { body in
            form ? URLQuery.encode(body.members.map { ($0.key, $0.value.plainText) }) : JSONWriter.compact(.object(body))
        }
        harRequest["bodySize"] = .int(Int64(sent?.utf8.count ?? 0))
        if let sent {
            harRequest["postData"] = ["mimeType": form ? "application/x-www-form-urlencoded" : "application/json", "text": .string(sent)]
        }
        let status = response?.status ?? 0
        let text = response?.body.map { JSONWriter.compact(.object($0)) } ?? ""
        var content: JSONObject = ["size": .int(Int64(text.utf8.count)), "mimeType": .string(response?.body == nil ? "x-unknown" : "application/json")]
        if response?.body != nil { content["text"] = .string(text) }
        let harResponse: JSONObject = [
            "status": .int(Int64(status)),
            "statusText": .string(response.map { HARWriter.reason($0.status) } ?? ""),
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": HARWriter.headers(response?.headers ?? HTTPHeaders()),
            "content": .object(content),
            "redirectURL": .string(response?.headers["Location"] ?? ""),
            "headersSize": -1,
            "bodySize": .int(Int64(text.utf8.count)),
        ]
        let total = max(0, (end - exchange.started).milliseconds)
        var entry: JSONObject = [:]
        if let page = exchange.page { entry["pageref"] = .string(page) }
        entry["startedDateTime"] = .string(HARWriter.dateTime(exchange.started))
        entry["time"] = .int(total)
        entry["request"] = .object(harRequest)
        entry["response"] = .object(harResponse)
        entry["cache"] = .object([:])
        entry["timings"] = ["send": 0, "wait": .int(total), "receive": 0]
        entry["_from"] = .string(exchange.from.name)
        entry["_to"] = .string(exchange.to.name)
        if let comment { entry["comment"] = .string(comment) }
        return .object(entry)
    }

    static func headers(_ headers: HTTPHeaders) -> JSONValue {
        .array(headers.fields.map { ["name": .string($0.name), "value": .string($0.value)] })
    }

    static func cookies(_ header: String?) -> [JSONValue] {
        guard let header else { return [] }
        return header.split(separator: ";").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            return ["name": .string(String(parts[0]).trimmingSpaces), "value": .string(String(parts[1]))]
        }
    }

    /// ISO 8601 with milliseconds, as HAR consumers expect.
    static func dateTime(_ instant: Instant) -> String {
        let text = instant.iso8601
        return text.contains(".") ? text : String(text.dropLast()) + ".000Z"
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 201: return "Created"
        case 204: return "No Content"
        case 302: return "Found"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        default: return ""
        }
    }
}

/// The version the exports and recordings name.
public enum AuthTUIVersion {
    public static let current = "0.5.0"
}

extension String {
    /// Every line indented by `n` spaces.
    func indented(by n: Int) -> String {
        let pad = String(repeating: " ", count: n)
        return split(separator: "\n", omittingEmptySubsequences: false).map { pad + $0 }.joined(separator: "\n")
    }

    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
