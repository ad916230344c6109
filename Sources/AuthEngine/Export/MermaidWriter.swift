/// A Mermaid `sequenceDiagram` of a run: one participant per party, an arrow per request
/// and per response (status and error code), a crossed arrow for a lost response, and a
/// note for each clock jump.
public final class MermaidWriter: TranscriptSink {
    private var participants: [Party] = []
    private var ids: [Party: String] = [:]
    private var body: [String] = []
    private static let clock = Party("clock")

    public init() {}

    public func begin(file: String) {
        body.append("    %% " + file.replacingAll("\n", with: " "))
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
            body.append("    Note over \(id): " + MermaidWriter.escape("clock jumped \(DurationSyntax.format(end - start)) to \(end.iso8601)"))
        default:
            break
        }
    }

    /// The diagram: participants in order of appearance, then the messages.
    public func document() -> String {
        var lines = ["sequenceDiagram"]
        for party in participants { lines.append("    participant \(ids[party]!) as \(MermaidWriter.escape(party.name))") }
        return (lines + body).joined(separator: "\n") + "\n"
    }

    private func id(_ party: Party) -> String {
        if let id = ids[party] { return id }
        let id = "P\(participants.count + 1)"
        participants.append(party)
        ids[party] = id
        return id
    }

    private func arrow(_ from: Party, _ kind: String, _ to: Party, _ label: String) {
        body.append("    \(id(from))\(kind)\(id(to)): " + MermaidWriter.escape(label))
    }

    /// Mermaid reads `#…;` as an entity and `;` as a line break: write both as entities.
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "#": out += "#35;"
            case ";": out += "#59;"
            case "\n", "\r": out += " "
            default: out.append(c)
            }
        }
        return out
    }
}
