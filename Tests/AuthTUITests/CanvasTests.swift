import Testing
@testable import AuthTUI

@Suite struct DisplayWidthTests {
    @Test func wideNarrowAndZeroWidth() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("李雷") == 4)
        #expect(DisplayWidth.of("Zoë 🔑") == 6)
        #expect(DisplayWidth.of("e\u{301}") == 1)          // combining acute accent
        #expect(DisplayWidth.of("⏸▶⟳↻✓✗●○│─") == 10)       // the UI's symbols are narrow
        #expect(DisplayWidth.of("⏩") == 2)
        #expect(DisplayWidth.of("👩‍💻") == 2)                // a ZWJ sequence is one wide cluster
        #expect(DisplayWidth.of("ｆｕｌｌ") == 8)            // fullwidth forms
    }

    @Test func printableASCIIIsOneCellAByteAndAnythingElseIsCountedByCluster() {
        #expect(DisplayWidth.of("GET /api/profile  Bearer eyJ…") == 29)
        #expect(DisplayWidth.of(Substring("200 GET /api/orders")) == 19)
        #expect(DisplayWidth.of("a\tb\u{7F}c") == 3)            // controls take no cell
        #expect(DisplayWidth.of("\r\n") == 0)
        #expect(DisplayWidth.of("") == 0)
    }

    @Test func truncateAndPadCountCells() {
        #expect(DisplayWidth.truncate("李雷李雷", to: 5) == "李雷…")
        #expect(DisplayWidth.truncate("short", to: 10) == "short")
        #expect(DisplayWidth.pad("李", to: 4) == "李  ")
        #expect(DisplayWidth.of(DisplayWidth.pad("Zoë 🔑 long name", to: 9)) == 9)
    }
}

@Suite struct CanvasTests {
    @Test func wideCharactersTakeTwoCellsAndAreNeverSplit() {
        var c = Canvas(width: 6, height: 2)
        #expect(c.put("李雷x", x: 0, y: 0) == 5)
        #expect(c.lines[0] == "李雷x ")
        #expect(c[1, 0].isContinuation)
        // Only 1 cell left: the wide character does not fit and is left out.
        c.put("ab李", x: 3, y: 1)
        #expect(c.lines[1] == "   ab ")
    }

    @Test func clipsToARect() {
        var c = Canvas(width: 10, height: 3)
        c.put("hello world", x: 2, y: 1, clip: Rect(x: 2, y: 1, width: 5, height: 1))
        #expect(c.lines[1] == "  hello   ")
        c.put("out of bounds", x: 0, y: 5)
        #expect(c.put("negative", x: -3, y: 0) == 8)
        #expect(c.lines[0] == "ative     ")
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var c = Canvas(width: 4, height: 1)
        c.put("李雷", x: 0, y: 0)
        c.put("x", x: 1, y: 0)
        #expect(c.lines[0] == " x雷")
    }

    @Test func controlCharactersShowAsEscapes() {
        var c = Canvas(width: 30, height: 1)
        c.put("a\tb\u{1b}[2K\u{202E}", x: 0, y: 0)
        #expect(c.lines[0] == "a\\u0009b\\u001b[2K\\u202e       ")
    }

    @Test func boxesHaveCornersAndATitle() {
        var c = Canvas(width: 12, height: 3)
        c.box(Rect(x: 0, y: 0, width: 12, height: 3), title: "Log")
        #expect(c.lines == ["╭ Log ─────╮", "│          │", "╰──────────╯"])
    }
}
