import Foundation
import Testing
@testable import AuthEngine

/// `--har` and `--mermaid`: both are sinks on the same event stream as the transcript.
@Suite struct ExportTests {
    /// Runs shipped scripts through the HAR and Mermaid writers; also counts what the log saw.
    func export(_ names: [String]) throws -> (har: JSONValue, mermaid: String, requests: Int, responses: Int, lost: Int) {
        let har = HARWriter(), mermaid = MermaidWriter()
        var requests = 0, responses = 0, lost = 0
        for name in names {
            let url = ScenarioRunnerTests.scenariosFolder.appendingPathComponent(name)
            let scenario = try ScenarioParser.parse(String(contentsOf: url, encoding: .utf8), file: name).get()
            har.begin(file: name)
            mermaid.begin(file: name)
            let summary = ScenarioRunner(scenario: scenario) { output in
                if case .log(let entry) = output {
                    switch entry.event {
                    case .request: requests += 1
                    case .response: responses += 1
                    case .responseLost: lost += 1
                    default: break
                    }
                }
                har.handle(output)
                mermaid.handle(output)
            }.run()
            har.finish(file: name, summary)
        }
        return (try JSONParser.parse(har.document()), mermaid.document(), requests, responses, lost)
    }

    @Test func harHasOneEntryPerExchangeWithTheFieldsHAR12Requires() throws {
        let (har, _, requests, _, lost) = try export(["10-lost-refresh-response.authtui", "20-oauth-happy-path-pkce.authtui"])
        // Entries stay in the order their requests started.
        let started = (har.objectValue?["log"]?.objectValue?["entries"]?.arrayValue ?? []).compactMap { $0.objectValue?["startedDateTime"]?.stringValue }
        #expect(started.count == requests)
        let log = try #require(har.objectValue?["log"]?.objectValue)
        #expect(log["version"] == .string("1.2"))
        #expect(log["creator"]?.objectValue?["name"] == .string("authtui"))
        #expect(log["pages"]?.arrayValue?.count == 2)
        let entries = try #require(log["entries"]?.arrayValue)
        #expect(entries.count == requests)
        #expect(lost == 2)
        for entry in entries.compactMap(\.objectValue) {
            for key in ["pageref", "startedDateTime", "time", "request", "response", "cache", "timings"] { #expect(entry[key] != nil, "\(key)") }
            let request = try #require(entry["request"]?.objectValue)
            for key in ["method", "url", "httpVersion", "cookies", "headers", "queryString", "headersSize", "bodySize"] { #expect(request[key] != nil, "\(key)") }
            let response = try #require(entry["response"]?.objectValue)
            for key in ["status", "statusText", "httpVersion", "cookies", "headers", "content", "redirectURL", "headersSize", "bodySize"] { #expect(response[key] != nil, "\(key)") }
            #expect(entry["startedDateTime"]?.stringValue?.hasSuffix("Z") == true)
            #expect(entry["startedDateTime"]?.stringValue?.contains(".") == true)
            #expect(request["url"]?.stringValue?.hasPrefix("https://") == true)
        }
        // The refresh whose response was lost is an entry with status 0.
        let zero = entries.filter { $0.objectValue?["response"]?.objectValue?["status"] == .int(0) }
        #expect(zero.count == lost)
        #expect(zero.first?.objectValue?["request"]?.objectValue?["url"] == .string("https://tokens.example/auth/refresh"))
        // A redirect keeps its query string and Location.
        let authorize = try #require(entries.first { $0.objectValue?["request"]?.objectValue?["url"]?.stringValue?.hasPrefix("https://platform.example/oauth/authorize?") == true })
        let query = authorize.objectValue?["request"]?.objectValue?["queryString"]?.arrayValue ?? []
        #expect(query.contains { $0.objectValue?["name"] == .string("code_challenge_method") && $0.objectValue?["value"] == .string("S256") })
        // A token request carries its form as postData.
        let token = try #require(entries.first { $0.objectValue?["request"]?.objectValue?["url"] == .string("https://platform.example/oauth/token") })
        #expect(token.objectValue?["request"]?.objectValue?["postData"]?.objectValue?["text"]?.stringValue?.contains("authorization_code") == true)
        #expect(token.objectValue?["response"]?.objectValue?["status"] == .int(200))
        #expect(token.objectValue?["time"] == .int(80))
    }

    @Test func mermaidIsASequenceDiagramWithAnArrowPerMessage() throws {
        let (_, mermaid, requests, responses, lost) = try export(["10-lost-refresh-response.authtui"])
        let lines = mermaid.split(separator: "\n").map(String.init)
        #expect(lines.first == "sequenceDiagram")
        var declared = Set<String>()
        var arrows = 0, crossed = 0, notes = 0
        for line in lines.dropFirst() {
            let parts = line.trimmingCharacters(in: .whitespaces)
            if parts.hasPrefix("participant ") {
                let words = parts.split(separator: " ")
                #expect(words.count >= 4 && words[2] == "as", "\(line)")
                declared.insert(String(words[1]))
            } else if parts.hasPrefix("%% ") {
                continue
            } else if parts.hasPrefix("Note over ") {
                notes += 1
                let who = parts.dropFirst(10).prefix { $0 != ":" }
                #expect(declared.contains(String(who)))
            } else {
                let match = parts.firstMatch(of: /^(P\d+)(->>|-->>|--x)(P\d+): (.+)$/)
                let m = try #require(match, "\(line)")
                #expect(declared.contains(String(m.1)) && declared.contains(String(m.3)))
                #expect(!m.4.replacing(/#\d+;/, with: "").contains(";"), "only entities hold a ';'")
                arrows += 1
                if m.2 == "--x" { crossed += 1 }
            }
        }
        #expect(arrows == requests + responses + lost)
        #expect(crossed == lost && lost == 2)
        #expect(notes > 0) // clock jumps
        #expect(mermaid.contains("-->>P1: 401 token_expired #35;"))
    }
}
