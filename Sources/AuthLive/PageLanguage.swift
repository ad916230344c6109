import AuthEngine

/// The language of the pages live mode serves to a browser: the one its `Accept-Language`
/// prefers (a class's browsers in Chinese get the consent page in Chinese), else the
/// playground's own. Paths, parameters, error codes and claims stay as the protocol has them.
public enum PageLanguage: String, Sendable {
    case en, zh

    /// The first language the header ranks highest that the pages speak (`zh-CN,zh;q=0.9,
    /// en;q=0.8` → zh; `en-US,en;q=0.9,zh;q=0.8` → en); `fallback` when it names none.
    public static func preferred(_ acceptLanguage: String?, fallback: PageLanguage) -> PageLanguage {
        guard let acceptLanguage else { return fallback }
        var ranked: [(language: PageLanguage, q: Double, position: Int)] = []
        for (position, item) in acceptLanguage.split(separator: ",").enumerated() {
            let parts = item.split(separator: ";").map { $0.trimmingSpaces }
            guard let tag = parts.first?.lowercased(), !tag.isEmpty else { continue }
            let q = parts.dropFirst().first { $0.lowercased().hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            guard q > 0, let language = PageLanguage(rawValue: primary) else { continue }
            ranked.append((language, q, position))
        }
        return ranked.min { $0.q != $1.q ? $0.q > $1.q : $0.position < $1.position }?.language ?? fallback
    }

    /// The words in this language.
    func callAsFunction(_ en: String, _ zh: String) -> String { self == .zh ? zh : en }

    /// A glossary term in this language.
    func term(_ term: Term) -> String { self == .zh ? term.zh : term.en }

    /// For `<html lang>`.
    var tag: String { self == .zh ? "zh-CN" : "en" }
}
