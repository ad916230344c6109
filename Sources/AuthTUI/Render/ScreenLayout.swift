/// Where each panel goes for a terminal size: the full layout from 80×24, a compact
/// one down to 40×12, and below that only a "too small" message.
struct ScreenLayout: Equatable {
    enum Mode: Equatable { case full, compact, tooSmall }

    static let minimumSize = (width: 40, height: 12)
    static let fullSize = (width: 80, height: 24)

    let mode: Mode
    let header: Rect
    let tokens: Rect
    let claims: Rect?
    let log: Rect
    let status: Rect
    let footer: Rect

    /// `presenting`: two more narration rows, for the script's next line and its comments.
    init(width: Int, height: Int, presenting: Bool = false) {
        let empty = Rect(x: 0, y: 0, width: 0, height: 0)
        guard width >= Self.minimumSize.width, height >= Self.minimumSize.height else {
            mode = .tooSmall
            header = empty; tokens = empty; claims = nil; log = empty; status = empty; footer = empty
            return
        }
        let screen = Rect(x: 0, y: 0, width: width, height: height)
        let (headerRow, rest) = screen.splitTop(1)
        let (aboveFooter, footerRow) = rest.splitBottom(1)
        // The narration: two rows from 24 lines, three from 34, one in the compact layout.
        let full = height >= Self.fullSize.height && width >= Self.fullSize.width
        let narrationRows = (height >= 34 ? 3 : full ? 2 : 1) + (presenting && full ? 2 : 0)
        let (body, statusRow) = aboveFooter.splitBottom(narrationRows)
        header = headerRow
        footer = footerRow
        status = statusRow
        if width >= Self.fullSize.width, height >= Self.fullSize.height {
            mode = .full
            let leftWidth = min(max(width * 2 / 5, 34), 60)
            let (left, right) = body.splitLeft(leftWidth)
            let (tokenBox, claimsBox) = left.splitTop(7)
            tokens = tokenBox
            claims = claimsBox
            log = right
        } else {
            mode = .compact
            let (tokenRows, logBox) = body.splitTop(2)
            tokens = tokenRows
            claims = nil
            log = logBox
        }
    }

    /// Log lines visible at once (inside the box).
    var logRows: Int { max(1, log.height - 2) }
}
