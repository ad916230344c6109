import CNCurses
#if canImport(Glibc)
import Glibc
#endif

/// The only file that talks to ncurses. It sets the terminal up and restores it
/// (on quit, Ctrl-C, SIGTERM and crashes), turns a `Canvas` into screen cells, and
/// reads keys. Everything else renders into a `Canvas` and never sees the terminal.
final class Terminal {
    enum SetupError: Error, CustomStringConvertible {
        case notATerminal
        case unusableTerm(String)
        case cannotAddressCursor(String)

        var description: String {
            switch self {
            case .notATerminal:
                return "the playground needs a terminal: standard input and output must be a TTY (for scripts, use 'authtui run')"
            case .unusableTerm(let term):
                return term.isEmpty
                    ? "TERM is not set, so the terminal's capabilities are unknown (try TERM=xterm-256color)"
                    : "cannot use the terminal type '\(term)' (TERM): it is not in the terminfo database"
            case .cannotAddressCursor(let term):
                return "TERM=\(term) cannot move the cursor, and the playground draws a whole screen (try TERM=xterm-256color; for scripts, use 'authtui run')"
            }
        }
    }

    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    private let useColor: Bool
    private var pairs: [Int: Int16] = [:]
    private var shown: Canvas?

    /// Sets up the terminal. `colors: false` (NO_COLOR) keeps it monochrome.
    init(colors wanted: Bool) throws(SetupError) {
        guard isatty(0) == 1, isatty(1) == 1 else { throw .notATerminal }
        let term = getenv("TERM").map { String(cString: $0) } ?? ""
        guard !term.isEmpty else { throw .unusableTerm(term) }
        guard term != "dumb" else { throw .cannotAddressCursor(term) }
        // A locale the machine lacks (LANG=zh_CN.UTF-8 where only C.UTF-8 is installed) would
        // leave ncurses in ASCII and every CJK cell blank: fall back to C.UTF-8.
        if setlocale(LC_ALL, "") == nil { setlocale(LC_ALL, "C.UTF-8") }
        SignalGuard.endCurses = { _ = endwin() }
        SignalGuard.installBeforeCurses()
        guard let output = fdopen(1, "w"), let input = fdopen(0, "r"), let screen = newterm(nil, output, input) else {
            SignalGuard.restoreDefaults()
            throw .unusableTerm(term)
        }
        self.screen = screen
        set_term(screen)
        window = cn_stdscr()
        SignalGuard.cursesActive = true
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        nodelay(window, true)
        set_escdelay(25)
        curs_set(0)
        useColor = wanted && has_colors()
        if useColor {
            start_color()
            use_default_colors()
        }
    }

    /// Leaves the terminal as it was found: cursor visible, echo on, normal screen.
    func restore() {
        guard SignalGuard.cursesActive else { return }
        curs_set(1)
        endwin()
        delscreen(screen)
        SignalGuard.cursesActive = false
        SignalGuard.restoreDefaults()
    }

    var size: (width: Int, height: Int) {
        (Int(getmaxx(window)), Int(getmaxy(window)))
    }

    var hasColors: Bool { useColor }

    // MARK: Drawing

    /// Draws the cells that changed since the last call (all of them after a resize).
    /// Forgets what is on the screen: the next `present` clears it and draws every cell
    /// (Ctrl-L, after another program wrote over the terminal).
    func invalidate() {
        shown = nil
        clearok(window, true)
    }

    func present(_ canvas: Canvas) {
        let full = shown.map { $0.width != canvas.width || $0.height != canvas.height } ?? true
        if full { werase(window) }
        // The cells the screen shows now (none after a resize): compared as buffers, so the
        // loop over every cell copies and counts no references.
        let previous = full ? [] : shown?.cells ?? []
        let width = canvas.width, height = canvas.height
        canvas.cells.withUnsafeBufferPointer { cells in
            previous.withUnsafeBufferPointer { old in
                for y in 0..<height {
                    for x in 0..<width {
                        let i = y * width + x
                        let cell = cells[i]
                        if cell.isContinuation { continue }
                        if !old.isEmpty, old[i] == cell, !(x > 0 && old[i - 1] != cells[i - 1]) { continue }
                        // The bottom-right cell would scroll the screen on some terminals: skip it.
                        if y == height - 1, x == width - 1 { continue }
                        let scalars = cell.codePoints.map { Int32(bitPattern: $0) }
                        _ = scalars.withUnsafeBufferPointer { buffer in
                            cn_put_cell(window, Int32(y), Int32(x), buffer.baseAddress, Int32(buffer.count), attributes(cell.style), pair(cell.style))
                        }
                    }
                }
            }
        }
        wnoutrefresh(window)
        doupdate()
        shown = canvas
    }

    private func attributes(_ style: Style) -> attr_t {
        var a = cn_a_normal()
        if style.bold { a |= cn_a_bold() }
        if style.dim { a |= cn_a_dim() }
        if style.reverse { a |= cn_a_reverse() }
        if style.underline { a |= cn_a_underline() }
        if useColor, style.foreground == .grey, cn_colors() < 16 { a |= cn_a_bold() }
        return a
    }

    private func pair(_ style: Style) -> Int16 {
        guard useColor, style.foreground != .default || style.background != .default else { return 0 }
        let key = Int(style.foreground.rawValue) << 8 | Int(style.background.rawValue)
        if let p = pairs[key] { return p }
        let next = Int16(pairs.count + 1)
        guard Int32(next) < cn_color_pairs() else { return 0 }
        init_pair(next, code(style.foreground), code(style.background))
        pairs[key] = next
        return next
    }

    private func code(_ color: Color) -> Int16 {
        switch color {
        case .default: return -1
        case .black: return Int16(COLOR_BLACK)
        case .red: return Int16(COLOR_RED)
        case .green: return Int16(COLOR_GREEN)
        case .yellow: return Int16(COLOR_YELLOW)
        case .blue: return Int16(COLOR_BLUE)
        case .magenta: return Int16(COLOR_MAGENTA)
        case .cyan: return Int16(COLOR_CYAN)
        case .white: return Int16(COLOR_WHITE)
        case .grey: return cn_colors() >= 16 ? 8 : Int16(COLOR_BLACK)
        }
    }

    // MARK: Input

    enum Input: Equatable {
        case key(Key)
        case resize
    }

    /// Every key waiting now (the window is non-blocking).
    func readInput() -> [Input] {
        var inputs: [Input] = []
        var value: wint_t = 0
        while true {
            let result = wget_wch(window, &value)
            if result == ERR { break }
            if result == cn_key_code_yes() {
                switch Int32(value) {
                case KEY_RESIZE: inputs.append(.resize)
                case KEY_UP: inputs.append(.key(.up))
                case KEY_DOWN: inputs.append(.key(.down))
                case KEY_LEFT: inputs.append(.key(.left))
                case KEY_RIGHT: inputs.append(.key(.right))
                case KEY_PPAGE: inputs.append(.key(.pageUp))
                case KEY_NPAGE: inputs.append(.key(.pageDown))
                case KEY_HOME: inputs.append(.key(.home))
                case KEY_END: inputs.append(.key(.end))
                case KEY_ENTER: inputs.append(.key(.enter))
                case KEY_BTAB: inputs.append(.key(.backTab))
                case KEY_BACKSPACE: inputs.append(.key(.backspace))
                case cn_key_f(1)...cn_key_f(12): inputs.append(.key(.function(Int(Int32(value) - cn_key_f(0)))))
                default: break
                }
                continue
            }
            switch value {
            case 9: inputs.append(.key(.tab))
            case 10, 13: inputs.append(.key(.enter))
            case 27: inputs.append(.key(.escape))
            case 3: inputs.append(.key(.controlC))
            case 12: inputs.append(.key(.controlL))
            case 8, 127: inputs.append(.key(.backspace))
            default:
                if let scalar = Unicode.Scalar(UInt32(value)) { inputs.append(.key(.character(Character(scalar)))) }
            }
        }
        return inputs
    }
}
