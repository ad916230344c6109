import AuthEngine

/// Something a person reads in the playground: one message, written with its parameters
/// in every language the playground speaks, and rendered in the one chosen. A message
/// cannot be made without its Chinese (the initializer takes both), and words that are
/// the same in every language — a path, an error code, a number — say so (`verbatim`).
struct Text: Hashable, Sendable {
    let en: String
    let zh: String

    init(en: Phrase, zh: Phrase) {
        self.en = en.rendered(in: .en)
        self.zh = zh.rendered(in: .zh)
    }

    private init(en: String, zh: String) {
        self.en = en
        self.zh = zh
    }

    /// Words that read the same in every language: protocol names, paths, codes, numbers,
    /// a script's own line.
    static func verbatim(_ text: String) -> Text { Text(en: text, zh: text) }

    static let empty = Text.verbatim("")

    /// A glossary term, as a message of its own.
    static func term(_ term: Term) -> Text { Text(en: term.en, zh: term.zh) }

    func callAsFunction(_ language: Language) -> String { language == .zh ? zh : en }

    static func + (lhs: Text, rhs: Text) -> Text { Text(en: lhs.en + rhs.en, zh: lhs.zh + rhs.zh) }
}

extension Array where Element == Text {
    /// The messages one after another, `separator` between them.
    func joined(separator: Text) -> Text {
        guard var result = first else { return .empty }
        for text in dropFirst() { result = result + separator + text }
        return result
    }
}

/// A message's wording in one language: literal words, parameters, glossary terms and
/// other messages, each rendered in that language when the message is made.
struct Phrase: ExpressibleByStringInterpolation, Sendable {
    enum Part: Sendable {
        case literal(String)
        case term(Term)
        case text(Text)
    }
    private(set) var parts: [Part] = []

    init(stringLiteral value: String) { parts = [.literal(value)] }

    init(stringInterpolation: Interpolation) { parts = stringInterpolation.parts }

    struct Interpolation: StringInterpolationProtocol {
        var parts: [Part] = []
        init(literalCapacity: Int, interpolationCount: Int) { parts.reserveCapacity(interpolationCount * 2 + 1) }
        mutating func appendLiteral(_ literal: String) { if !literal.isEmpty { parts.append(.literal(literal)) } }
        /// A glossary term: `\(.shortToken)`.
        mutating func appendInterpolation(_ term: Term) { parts.append(.term(term)) }
        /// Another message, in this phrase's language.
        mutating func appendInterpolation(_ text: Text) { parts.append(.text(text)) }
        /// A parameter: a name, a number, a path — the same in every language.
        mutating func appendInterpolation<T>(_ value: T) { parts.append(.literal(String(describing: value))) }
    }

    func rendered(in language: Language) -> String {
        var out = ""
        for part in parts {
            switch part {
            case .literal(let s): out += s
            case .term(let t): out += t.text(language)
            case .text(let t): out += t(language)
            }
        }
        return out
    }
}
