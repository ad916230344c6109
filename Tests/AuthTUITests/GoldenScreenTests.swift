import Foundation
import Testing
@testable import AuthEngine
@testable import AuthTUI

/// Every tab in both languages at 80×24 and 120×40, compared cell for cell with the
/// screens kept in `Golden/`. After a deliberate change, `AUTHTUI_UPDATE_GOLDEN=1 swift test
/// --filter GoldenScreenTests` rewrites them; read the diff before committing it.
@Suite struct GoldenScreenTests {
    /// What each tab's screen shows: a flow under way, so panels, diagram and narration are full.
    static let keys: [Tab: String] = [
        .tokens: "lrxr",
        .oauth: "2nnnnnnnnn",
        .wechat: "3nnnnnnnnnn",
        .compare: "4lru",
        .device: "5nnnnnnnn",
    ]

    struct Case: CustomStringConvertible, Sendable {
        let tab: Tab
        let language: Language
        let width: Int
        let height: Int
        var description: String { "\(language.rawValue)-\(tab.rawValue)-\(width)x\(height)" }
        var file: URL {
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(description).txt")
        }
    }

    static let cases: [Case] = Language.allCases.flatMap { language in
        Tab.allCases.flatMap { tab in [(80, 24), (120, 40)].map { Case(tab: tab, language: language, width: $0.0, height: $0.1) } }
    }

    static func screen(_ c: Case) -> Canvas {
        var state = makeState(width: c.width, height: c.height)
        state.language = c.language
        state.type(keys[c.tab]!)
        return state.screen
    }

    @Test(arguments: cases)
    func screenMatchesItsGolden(_ c: Case) throws {
        let screen = Self.screen(c)
        let text = screen.text + "\n"
        if ProcessInfo.processInfo.environment["AUTHTUI_UPDATE_GOLDEN"] == "1" {
            try text.write(to: c.file, atomically: true, encoding: .utf8)
            return
        }
        let golden = try #require(try? String(contentsOf: c.file, encoding: .utf8), "no golden \(c.file.lastPathComponent): run with AUTHTUI_UPDATE_GOLDEN=1")
        let got = text.split(separator: "\n", omittingEmptySubsequences: false)
        let want = golden.split(separator: "\n", omittingEmptySubsequences: false)
        let differing = zip(got, want).enumerated().filter { $0.element.0 != $0.element.1 }
        #expect(got.count == want.count && differing.isEmpty,
                "\(c): \(differing.prefix(3).map { "line \($0.offset + 1)\n  got  \($0.element.0)\n  want \($0.element.1)" }.joined(separator: "\n"))")
    }

    /// The Chinese screens read as Chinese where the playground speaks (title bar, narration,
    /// footer) and keep every error code whole.
    @Test(arguments: cases.filter { $0.language == .zh })
    func chineseScreensAreChineseAndCutNothing(_ c: Case) {
        let screen = Self.screen(c)
        let lines = screen.lines
        #expect(CatalogTests.han(lines[0]), "header: \(lines[0])")
        #expect(CatalogTests.han(lines[lines.count - 1]), "footer: \(lines[lines.count - 1])")
        let narration = lines[(lines.count - 3)...(lines.count - 2)].joined(separator: "\n")
        #expect(CatalogTests.han(narration), "narration: \(narration)")
        #expect(NothingCutAt80x24Tests.cuts(screen).isEmpty, "\(NothingCutAt80x24Tests.cuts(screen))")
        // Every row is exactly the screen's width: no wide character pushed a border out.
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= c.width })
    }
}
