/// The colours the playground uses, named for what they mean.
enum Color: UInt8, Hashable, CaseIterable, Sendable {
    case `default`, black, red, green, yellow, blue, magenta, cyan, white, grey
}

struct Style: Hashable, Sendable {
    var foreground: Color = .default
    var background: Color = .default
    var bold = false
    var dim = false
    var reverse = false
    var underline = false

    static let plain = Style()
    static func fg(_ color: Color, bold: Bool = false) -> Style { Style(foreground: color, bold: bold) }

    func with(bold: Bool? = nil, dim: Bool? = nil, reverse: Bool? = nil) -> Style {
        var s = self
        if let bold { s.bold = bold }
        if let dim { s.dim = dim }
        if let reverse { s.reverse = reverse }
        return s
    }
}

/// What each part of the screen looks like; one place to change it.
enum Theme {
    static let title = Style(foreground: .cyan, bold: true)
    static let border = Style(foreground: .grey)
    static let focusedBorder = Style(foreground: .cyan, bold: true)
    static let label = Style(foreground: .grey)
    static let value = Style.plain
    static let emphasis = Style(bold: true)
    static let key = Style(foreground: .cyan, bold: true)
    static let good = Style(foreground: .green)
    static let warning = Style(foreground: .yellow)
    static let bad = Style(foreground: .red, bold: true)
    static let muted = Style(foreground: .grey)
    static let selection = Style(reverse: true)
    static let header = Style(foreground: .black, background: .cyan)
    static let headerStrong = Style(foreground: .black, background: .cyan, bold: true)
    /// A warning in the header (live clock skew past 5 minutes).
    static let headerWarning = Style(foreground: .white, background: .red, bold: true)

    /// HTTP status colours by class.
    static func status(_ code: Int) -> Style {
        switch code {
        case 200..<300: return Style(foreground: .green, bold: true)
        case 300..<400: return Style(foreground: .cyan, bold: true)
        case 401: return Style(foreground: .red, bold: true)
        case 400..<500: return Style(foreground: .yellow, bold: true)
        default: return Style(foreground: .magenta, bold: true)
        }
    }
}
