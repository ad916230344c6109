/// A word of a scenario line and the column it starts at (1-based, in characters).
public struct ScenarioWord: Hashable, Sendable {
    public let text: String
    public let column: Int
    /// Written in double quotes: `"like this"`.
    public let quoted: Bool
}

/// Where something went wrong in a script, reported as `FILE:LINE:COL: error: MESSAGE`.
public struct ScenarioDiagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int
    public let message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `FILE:LINE:COL: error: MESSAGE`, or `FILE: error: MESSAGE` for the file as a whole (line 0).
    public var description: String {
        TerminalSafe.text(line > 0 ? "\(file):\(line):\(column): error: \(message)" : "\(file): error: \(message)")
    }
}

/// Splits a line into words: whitespace separates, `"…"` quotes (with `\"` and `\\`),
/// and `#` outside quotes starts a comment.
enum ScenarioLexer {
    struct Failure: Error {
        let column: Int
        let message: String
    }

    static func words(_ line: Substring) throws(Failure) -> [ScenarioWord] {
        var words: [ScenarioWord] = []
        let chars = Array(line)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\r" {
                throw Failure(column: i + 1, message: "a carriage return alone is not a line ending: save the file with LF or CRLF line endings")
            }
            if c == " " || c == "\t" { i += 1; continue }
            if c == "#" { break }
            let start = i
            if c == "\"" {
                var text = ""
                i += 1
                var closed = false
                while i < chars.count {
                    let d = chars[i]
                    if d == "\\" {
                        guard i + 1 < chars.count, chars[i + 1] == "\"" || chars[i + 1] == "\\" else {
                            throw Failure(column: i + 1, message: "unknown escape in quoted text (only \\\" and \\\\ are allowed)")
                        }
                        text.append(chars[i + 1]); i += 2; continue
                    }
                    if d == "\"" { closed = true; i += 1; break }
                    text.append(d); i += 1
                }
                guard closed else { throw Failure(column: start + 1, message: "unterminated quoted text") }
                if i < chars.count, chars[i] != " ", chars[i] != "\t", chars[i] != "#", chars[i] != "\r" {
                    throw Failure(column: i + 1, message: "expected a space after the closing quote")
                }
                words.append(ScenarioWord(text: text, column: start + 1, quoted: true))
                continue
            }
            var text = ""
            while i < chars.count, chars[i] != " ", chars[i] != "\t", chars[i] != "\r" {
                if chars[i] == "\"" { throw Failure(column: i + 1, message: "a quote may only start a word") }
                text.append(chars[i]); i += 1
            }
            words.append(ScenarioWord(text: text, column: start + 1, quoted: false))
        }
        return words
    }
}
