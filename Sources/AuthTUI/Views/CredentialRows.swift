/// One row of a credentials panel: its label, a preview of the value (left out first when
/// the panel is narrow: the remaining lifetime is what must show), the countdown and its colour.
struct CredentialRow {
    let label: String
    let preview: String
    let text: String
    let style: Style
}

enum CredentialRows {
    /// The rows in a box titled `title`, or bare (the compact layout).
    static func render(_ rows: [CredentialRow], title: String, boxed: Bool, in rect: Rect, on canvas: inout Canvas) {
        guard boxed else { return render(rows, in: rect, on: &canvas) }
        canvas.box(rect, title: title, style: Theme.border)
        render(rows, in: rect.inner.insetBy(dx: 1, dy: 0), on: &canvas)
    }

    static func render(_ rows: [CredentialRow], in area: Rect, on canvas: inout Canvas) {
        for (i, row) in rows.enumerated() where i < area.height {
            var x = area.x
            x += canvas.put(row.label, x: x, y: area.y + i, style: Theme.label, clip: area)
            if DisplayWidth.of(row.preview) + DisplayWidth.of(row.text) <= area.maxX - x {
                x += canvas.put(row.preview, x: x, y: area.y + i, style: Theme.label, clip: area)
            }
            canvas.put(DisplayWidth.truncate(row.text, to: max(0, area.maxX - x)), x: x, y: area.y + i, style: row.style.with(bold: true), clip: area)
        }
    }
}
