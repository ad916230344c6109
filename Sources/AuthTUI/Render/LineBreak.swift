import AuthEngine

/// Where a line of text may break: at spaces, and — because Chinese has no spaces —
/// between any two CJK characters, but never before closing punctuation (，。：) nor
/// after opening punctuation (（「), as Chinese typesetting has it.
enum LineBreak {
    /// Rows of at most `width` cells; a word wider than a row is split.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var rows: [String] = []
        var row = ""
        var used = 0
        func flush() {
            rows.append(row)
            row = ""
            used = 0
        }
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            for (i, unit) in units(of: word).enumerated() {
                let gap = i == 0 && !row.isEmpty ? 1 : 0
                let w = DisplayWidth.of(unit)
                if used + gap + w <= width {
                    if gap == 1 { row += " " }
                    row += unit
                    used += gap + w
                    continue
                }
                if !row.isEmpty { flush() }
                var rest = Substring(unit)
                while DisplayWidth.of(rest) > width {
                    var head = ""
                    var headWidth = 0
                    for c in rest {
                        let cw = DisplayWidth.of(c)
                        if headWidth + cw > width { break }
                        head.append(c)
                        headWidth += cw
                    }
                    if head.isEmpty { head = String(rest.first!) } // a wide character on a one-cell row
                    // Closing punctuation does not begin the next row: the character it closes goes with it.
                    if head.count > 1, let next = rest.dropFirst(head.count).first, isClosing(next.unicodeScalars.first!) { head.removeLast() }
                    rows.append(head)
                    rest = rest.dropFirst(head.count)
                }
                row = String(rest)
                used = DisplayWidth.of(rest)
            }
        }
        if !row.isEmpty || rows.isEmpty { rows.append(row) }
        return rows
    }

    /// A word's unbreakable pieces: a run of non-CJK characters is one, each CJK character
    /// another, with punctuation kept on the side it belongs to.
    static func units(of word: Substring) -> [String] {
        guard word.unicodeScalars.contains(where: { isCJK($0) || isClosing($0) || isOpening($0) }) else { return [String(word)] }
        var units: [String] = []
        var current = ""
        var currentIsCJK = false
        var openPending = ""
        let characters = Array(word)
        var i = 0
        while i < characters.count {
            let c = characters[i]
            let scalar = c.unicodeScalars.first!
            i += 1
            // A glossary term (授权码, 第三方平台) stays on one line, as a word would.
            if isCJK(scalar), let term = keptTogether.first(where: { $0.first == c && characters[(i - 1)...].starts(with: $0) }) {
                if !current.isEmpty { units.append(current) }
                current = openPending + String(term)
                openPending = ""
                currentIsCJK = true
                i += term.count - 1
                continue
            }
            if isClosing(scalar) {
                // Stays with what it closes, even when that is the end of a run.
                if current.isEmpty, let last = units.popLast() { current = last }
                current.append(c)
                continue
            }
            if isOpening(scalar) {
                if !current.isEmpty { units.append(current); current = "" }
                openPending.append(c)
                continue
            }
            let cjk = isCJK(scalar)
            if !current.isEmpty, cjk || currentIsCJK || !openPending.isEmpty {
                units.append(current)
                current = ""
            }
            current += openPending
            openPending = ""
            current.append(c)
            currentIsCJK = cjk
        }
        current += openPending
        if !current.isEmpty { units.append(current) }
        return units
    }

    /// The glossary's Chinese terms of more than one character, longest first.
    static let keptTogether: [[Character]] = Term.allCases.map { Array($0.zh) }
        .filter { $0.count > 1 && !$0.contains(" ") && $0[0].unicodeScalars.allSatisfy(isCJK) }
        .sorted { $0.count > $1.count }

    /// Han, kana and hangul: scripts written without spaces between words.
    static func isCJK(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (0x3040...0x30FF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0x20000...0x2FFFD).contains(v)
    }

    /// Punctuation that may not begin a line.
    static func isClosing(_ s: Unicode.Scalar) -> Bool {
        "，。、：；！？）」』】》〉”’…—".unicodeScalars.contains(s)
    }

    /// Punctuation that may not end a line.
    static func isOpening(_ s: Unicode.Scalar) -> Bool {
        "（「『【《〈“‘".unicodeScalars.contains(s)
    }
}
