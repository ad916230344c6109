/// The files that describe a recorded session: the script itself, and what replaying it
/// produces — its transcript, a HAR file and a Mermaid sequence diagram. Replaying is how
/// the exports get the whole event stream (the playground's log ring keeps only the newest).
public struct SessionExport: Sendable {
    public struct File: Hashable, Sendable {
        public let name: String
        public let contents: String
    }

    public let files: [File]
    /// What the replay's expectations gave (a recording's own `expect` lines pass).
    public let summary: ScenarioSummary
    /// HTTP exchanges in the HAR file.
    public let exchanges: Int

    /// Replays `script` (named `name` in diagnostics and the transcript) with every sink.
    /// Fails with the script's diagnostics if it does not parse.
    public static func replay(script: String, name: String) -> Result<SessionExport, ScenarioErrors> {
        let scenario: Scenario
        switch ScenarioParser.parse(script, file: name + ".authtui") {
        case .success(let parsed): scenario = parsed
        case .failure(let errors): return .failure(errors)
        }
        var transcript = ""
        let text = TextTranscript(write: { transcript += $0; transcript += "\n" })
        let har = HARWriter(), mermaid = MermaidWriter()
        let summary = ScenarioRunner.run([scenario], into: [text, har, mermaid])
        return .success(SessionExport(files: [
            File(name: name + ".authtui", contents: script),
            File(name: name + ".log", contents: transcript),
            File(name: name + ".har", contents: har.document()),
            File(name: name + ".mmd", contents: mermaid.document()),
        ], summary: summary, exchanges: har.exchangeCount))
    }
}
