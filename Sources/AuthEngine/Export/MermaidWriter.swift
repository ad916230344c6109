/// A Mermaid `sequenceDiagram` of a run: one participant per party (declared where it
/// first appears), an arrow per request and per response (status and error code), a
/// crossed arrow for a lost response, and a note for each clock jump. Streams its lines.
public final class MermaidWriter: TranscriptSink {
    private var ids: [Party: String] = [:]
    private static let clock = Party("clock")
    private let write: (String) -> Void

    /// `write` receives one line at a time (without its newline).
    public init(write: @escaping (String) -> Void) {
        self.write = write
        write("sequenceDiagram")
    }

    /// Keeps the whole diagram in memory (for tests and the playground's export).
    public convenience init() {
        let buffer = Buffer()
        self.init(write: { buffer.text += $0 + "\n" })
        self.buffer = buffer
    }

    private final class Buffer { var text = "" }
    private var buffer: Buffer?

    public func begin(file: String) {
        write("    %% " + MermaidWriter.escape(file))
    }

    public func handle(_ output: ScenarioOutput) {
        guard case .log(let entry) = output else { return }
        switch entry.event {
        case .request(let exchange, let from, let to, let request):
            arrow(from, "->>", to, "\(request.method) \(LogFormatter.withoutQuery(request.path)) #\(exchange.value)")
        case .response(let exchange, let from, let to, _, _, let response):
            var label = String(response.status)
            if let errcode = response.wechatErrcode { label += " errcode \(errcode)" } else if let code = response.errorCode { label += " " + code }
            arrow(from, "-->>", to, label + " #\(exchange.value)")
        case .responseLost(let exchange, let from, let to, _, _, let status):
            arrow(from, "--x", to, "\(status) lost on the way back #\(exchange.value)")
        case .clockJumped(let start, let end):
            let id = self.id(MermaidWriter.clock)
            write("    Note over \(id): " + MermaidWriter.escape("clock jumped \(DurationSyntax.format(end - start)) to \(end.iso8601)"))
        default:
            break
        }
    }

    /// The diagram so far, when it was kept in memory (else "").
    public func document() -> String { buffer?.text ?? "" }

    /// A party's id, declared the first time it appears.
    private func id(_ party: Party) -> String {
        if let id = ids[party] { return id }
        let id = "P\(ids.count + 1)"
        ids[party] = id
        write("    participant \(id) as \(MermaidWriter.escape(party.name))")
        return id
    }

    private func arrow(_ from: Party, _ kind: String, _ to: Party, _ label: String) {
        let a = id(from), b = id(to)
        write("    \(a)\(kind)\(b): " + MermaidWriter.escape(label))
    }

    /// Mermaid reads `#…;` as an entity and `;` as a line break: write both as entities.
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "#": out += "#35;"
            case ";": out += "#59;"
            case "\n", "\r", "\r\n": out += " "
            default: out.append(c)
            }
        }
        return out
    }
}
