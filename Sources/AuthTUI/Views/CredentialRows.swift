/// One row of a credentials panel: its label, a preview of the value (left out first when
/// the panel is narrow: the remaining lifetime is what must show), the countdown and its colour.
struct CredentialRow {
    let label: Text
    let preview: String
    let text: Text
    let style: Style

    /// What a credential not held says.
    static let noneText = Text(en: "none", zh: "无")

    /// A credential not held (yet): its label and "none", greyed.
    static func none(_ label: Text) -> CredentialRow { CredentialRow(label: label, preview: "", text: noneText, style: Theme.muted) }
}

enum CredentialRows {
    /// The cells a label takes, its padding included: the values line up in both languages.
    static let labelWidth = 9

    /// The rows in a box titled `title`, or bare (the compact layout).
    static func render(_ rows: [CredentialRow], title: Text, boxed: Bool, language: Language, in rect: Rect, on canvas: inout Canvas) {
        guard boxed else { return render(rows, language: language, in: rect, on: &canvas) }
        canvas.box(rect, title: title(language), style: Theme.border)
        render(rows, language: language, in: rect.inner.insetBy(dx: 1, dy: 0), on: &canvas)
    }

    static func render(_ rows: [CredentialRow], language: Language, in area: Rect, on canvas: inout Canvas) {
        let width = max(labelWidth, (rows.map { DisplayWidth.of($0.label(language)) }.max() ?? 0) + 1)
        for (i, row) in rows.enumerated() where i < area.height {
            var x = area.x
            x += canvas.put(DisplayWidth.pad(row.label(language), to: width), x: x, y: area.y + i, style: Theme.label, clip: area)
            let text = row.text(language)
            if DisplayWidth.of(row.preview) + DisplayWidth.of(text) <= area.maxX - x {
                x += canvas.put(row.preview, x: x, y: area.y + i, style: Theme.label, clip: area)
            }
            canvas.put(DisplayWidth.truncate(text, to: max(0, area.maxX - x)), x: x, y: area.y + i, style: row.style.with(bold: true), clip: area)
        }
    }
}
