/// The languages the playground speaks. The protocol, the log's lines, scripts and their
/// transcripts stay as they are in both: they are the wire and the tests' oracle.
enum Language: String, CaseIterable, Hashable, Sendable {
    case en, zh

    /// The next language, for the key that cycles them while running.
    var next: Language {
        let all = Language.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }

    /// The language's own name for itself: what a person looking for it recognises.
    var nativeName: String {
        switch self {
        case .en: return "English"
        case .zh: return "中文"
        }
    }

    /// `--lang`, then `AUTHTUI_LANG`, then the POSIX locale (`LC_ALL`, `LC_MESSAGES`,
    /// `LANG`, the first that is set and not empty): `zh…` speaks Chinese, anything else
    /// English. A value given for the playground itself must name a language it speaks.
    static func choose(option: String?, environment: [String: String]) throws(LanguageError) -> Language {
        if let option {
            guard let language = Language(code: option) else { throw LanguageError(source: "--lang", value: option) }
            return language
        }
        if let value = environment["AUTHTUI_LANG"], !value.isEmpty {
            guard let language = Language(code: value) else { throw LanguageError(source: "AUTHTUI_LANG", value: value) }
            return language
        }
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
        return locale.lowercased().hasPrefix("zh") ? .zh : .en
    }

    /// `zh`, `en`, or a locale name (`zh_CN.UTF-8`, `en_US`), in any case.
    init?(code: String) {
        let lowered = code.lowercased()
        let base = lowered.prefix { $0.isLetter }
        guard let language = Language(rawValue: String(base)) else { return nil }
        self = language
    }
}

/// A language option naming one the playground does not speak.
struct LanguageError: Error, CustomStringConvertible {
    let source: String
    let value: String
    var description: String {
        "\(source) '\(value)' is not a language the playground speaks: use zh (中文) or en (English)"
    }
}
