import AuthEngine

/// A rectangle of cells, `x`/`y` from the top left.
struct Rect: Hashable {
    var x: Int, y: Int, width: Int, height: Int

    var maxX: Int { x + width }
    var maxY: Int { y + height }
    var isEmpty: Bool { width <= 0 || height <= 0 }

    /// The inside of a box drawn on this rectangle.
    var inner: Rect { Rect(x: x + 1, y: y + 1, width: max(0, width - 2), height: max(0, height - 2)) }

    func splitTop(_ rows: Int) -> (Rect, Rect) {
        let r = min(max(0, rows), height)
        return (Rect(x: x, y: y, width: width, height: r), Rect(x: x, y: y + r, width: width, height: height - r))
    }

    func splitLeft(_ columns: Int) -> (Rect, Rect) {
        let c = min(max(0, columns), width)
        return (Rect(x: x, y: y, width: c, height: height), Rect(x: x + c, y: y, width: width - c, height: height))
    }

    func splitBottom(_ rows: Int) -> (Rect, Rect) {
        let (top, bottom) = splitTop(height - min(max(0, rows), height))
        return (top, bottom)
    }

    func insetBy(dx: Int, dy: Int) -> Rect {
        Rect(x: x + dx, y: y + dy, width: max(0, width - 2 * dx), height: max(0, height - 2 * dy))
    }
}

/// One cell: a character (a grapheme of up to three scalars, stored inline so a cell is
/// plain data, cheap to copy and compare 30 times a second) and its style. A wide
/// character sits in the first of its two cells; the second is a `continuation`.
struct Cell: Hashable {
    private var scalars: (UInt32, UInt32, UInt32)
    var style: Style

    init(character: Character, style: Style) {
        var scalars = character.unicodeScalars.makeIterator()
        self.scalars = (scalars.next()?.value ?? 0x20, scalars.next()?.value ?? 0, scalars.next()?.value ?? 0)
        self.style = style
    }

    var character: Character {
        var text = String.UnicodeScalarView()
        for value in [scalars.0, scalars.1, scalars.2] where value != 0 || text.isEmpty {
            if let scalar = Unicode.Scalar(value) { text.append(scalar) }
        }
        return Character(String(text))
    }

    /// The code points, for the terminal.
    var codePoints: [UInt32] {
        [scalars.0, scalars.1, scalars.2].enumerated().filter { $0.offset == 0 || $0.element != 0 }.map(\.element)
    }

    static func == (a: Cell, b: Cell) -> Bool {
        a.scalars.0 == b.scalars.0 && a.scalars.1 == b.scalars.1 && a.scalars.2 == b.scalars.2 && a.style == b.style
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(scalars.0); hasher.combine(scalars.1); hasher.combine(scalars.2); hasher.combine(style)
    }

    static let blank = Cell(character: " ", style: .plain)
    static let continuation = Cell(character: "\u{0}", style: .plain)
    var isContinuation: Bool { scalars.0 == 0 }
}

/// The grid every view renders into. Pure: no terminal, so rendering is tested on it.
struct Canvas: Equatable {
    let width: Int
    let height: Int
    private(set) var cells: [Cell]

    init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    subscript(x: Int, y: Int) -> Cell {
        guard x >= 0, y >= 0, x < width, y < height else { return .blank }
        return cells[y * width + x]
    }

    /// Replaces one cell's content or style as is (no wide-character bookkeeping).
    mutating func setCell(_ x: Int, _ y: Int, _ cell: Cell) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        cells[y * width + x] = cell
    }

    private mutating func set(_ x: Int, _ y: Int, _ cell: Cell) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let i = y * width + x
        // Overwriting half of a wide character blanks the other half.
        if cells[i].isContinuation, x > 0 { cells[i - 1] = Cell(character: " ", style: cells[i - 1].style) }
        if x + 1 < width, cells[i + 1].isContinuation, !cell.isContinuation { cells[i + 1] = Cell(character: " ", style: cell.style) }
        cells[i] = cell
    }

    /// Writes `text` at (x, y), clipped to `clip` (and to the canvas). Wide characters
    /// take two cells and are never split: one that does not fit is left out. Control
    /// characters are shown as `?`. Returns the number of cells written.
    @discardableResult
    mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, clip: Rect? = nil) -> Int {
        let bounds = clip ?? Rect(x: 0, y: 0, width: width, height: height)
        guard y >= bounds.y, y < bounds.maxY, y >= 0, y < height else { return 0 }
        var column = x
        let limit = min(bounds.maxX, width)
        // Control characters in untrusted text are shown as escapes (`\u001b`), never sent.
        let text = TerminalSafe.text(text)
        for character in text {
            let c = character
            let w = DisplayWidth.of(c)
            if w == 0 { continue }
            if column + w > limit { break }
            if column >= bounds.x, column >= 0 {
                set(column, y, Cell(character: c, style: style))
                if w == 2 { set(column + 1, y, .continuation) }
            }
            column += w
        }
        return max(0, column - x)
    }

    mutating func fill(_ rect: Rect, style: Style = .plain, character: Character = " ") {
        for row in max(0, rect.y)..<min(height, rect.maxY) {
            for col in max(0, rect.x)..<min(width, rect.maxX) { set(col, row, Cell(character: character, style: style)) }
        }
    }

    /// A rounded box with an optional title in the top border.
    mutating func box(_ rect: Rect, title: String? = nil, style: Style = Theme.border, titleStyle: Style = Theme.title) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let right = rect.maxX - 1, bottom = rect.maxY - 1
        for col in (rect.x + 1)..<right {
            set(col, rect.y, Cell(character: "─", style: style))
            set(col, bottom, Cell(character: "─", style: style))
        }
        for row in (rect.y + 1)..<bottom {
            set(rect.x, row, Cell(character: "│", style: style))
            set(right, row, Cell(character: "│", style: style))
        }
        set(rect.x, rect.y, Cell(character: "╭", style: style))
        set(right, rect.y, Cell(character: "╮", style: style))
        set(rect.x, bottom, Cell(character: "╰", style: style))
        set(right, bottom, Cell(character: "╯", style: style))
        if let title, rect.width > 4 {
            let text = " " + DisplayWidth.truncate(title, to: rect.width - 4) + " "
            put(text, x: rect.x + 1, y: rect.y, style: titleStyle, clip: Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: 1))
        }
    }

    /// The text of each row (continuation cells skipped), trailing spaces kept: what a test reads.
    var lines: [String] {
        (0..<height).map { row in
            var s = ""
            for col in 0..<width {
                let cell = self[col, row]
                if !cell.isContinuation { s.append(cell.character) }
            }
            return s
        }
    }

    /// All rows joined, trailing spaces trimmed per row.
    var text: String {
        lines.map { line in
            var l = line
            while l.last == " " { l.removeLast() }
            return l
        }.joined(separator: "\n")
    }
}

extension Canvas: CustomStringConvertible, CustomDebugStringConvertible {
    /// The screen's text, so a failing test shows what a person would see.
    var description: String { "\n" + text + "\n" }
    var debugDescription: String { description }
}
