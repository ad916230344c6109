import AuthEngine

/// The glossary (`Term`, in the engine: live mode's pages use it too) in the playground's
/// language setting.
extension Term {
    func text(_ language: Language) -> String { language == .zh ? zh : en }
}
