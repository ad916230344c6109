import Foundation
import Testing
@testable import AuthTUI

/// Files named on the command line are read within their limit, whatever they are, and
/// what went wrong is said in the system's words.
@Suite struct TextFileTests {
    let folder: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("authtui-textfile-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    func write(_ name: String, _ bytes: [UInt8]) -> String {
        let path = folder.appendingPathComponent(name).path
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    @Test func aFileWithinItsLimitIsReadWhole() {
        let path = write("ok.authtui", Array("login alice wonderland\n中文\n".utf8))
        #expect(TextFile.read(path, limit: 64) == .success("login alice wonderland\n中文\n"))
        #expect(TextFile.read(write("empty", []), limit: 64) == .success(""))
    }

    @Test func eachProblemIsNamed() {
        #expect(TextFile.read(folder.appendingPathComponent("missing").path, limit: 64) == .failure(.unreadable("no such file or directory")))
        #expect(TextFile.read(folder.path, limit: 64) == .failure(.unreadable("is a directory")))
        #expect(TextFile.read(write("big", Array(repeating: 0x61, count: 65)), limit: 64) == .failure(.tooLarge(limit: 64)))
        #expect(TextFile.read(write("exact", Array(repeating: 0x61, count: 64)), limit: 64).map(\.count) == .success(64))
        #expect(TextFile.read(write("latin1", [0x63, 0x61, 0x66, 0xE9]), limit: 64) == .failure(.notUTF8))
        #expect(TextFile.Problem.unreadable("is a directory").description == "cannot read the file: is a directory")
        #expect(TextFile.Problem.tooLarge(limit: 16 << 20).description == "the file is over 16 MiB")
    }

    /// A pipe says how long it is only by ending: reading stops one byte past the limit
    /// (`yes | authtui run -` must not fill the memory).
    @Test func aPipeIsCutOneBytePastItsLimit() throws {
        let fifo = folder.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = Thread {
            let fd = open(fifo, O_WRONLY)
            let block = [UInt8](repeating: 0x61, count: 4096)
            // Writes until the reader closes its end (EPIPE; SIGPIPE is ignored below).
            while block.withUnsafeBytes({ Glibc.write(fd, $0.baseAddress, $0.count) }) > 0 {}
            close(fd)
        }
        signal(SIGPIPE, SIG_IGN)
        writer.start()
        #expect(TextFile.read(fifo, limit: 10_000) == .failure(.tooLarge(limit: 10_000)))
    }
}

/// `--record FILE` is written on quit: where it cannot go is said before the session, and
/// a write that fails on the way out is left for after the terminal is restored (it is said
/// there, and the exit is non-zero) instead of on a status line no one will see.
@Suite struct RecordPathTests {
    @Test func anUnwritablePlaceIsNamedBeforeTheSession() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("authtui-record-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("x.authtui").path
        #expect(AuthTUICommand.unwritable(file) == nil)
        #expect(AuthTUICommand.unwritable(folder.appendingPathComponent("new/deeper/x.authtui").path) == nil)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("new").path), "nothing is created")
        #expect(AuthTUICommand.unwritable(folder.path) == "it is a directory")
        _ = FileManager.default.createFile(atPath: file, contents: Data())
        #expect(AuthTUICommand.unwritable(file) == nil)
        #expect(AuthTUICommand.unwritable(file + "/y.authtui") == "\(file) is not a directory")
    }

    @Test func writesWaitForTheTerminalOnTheWayOut() {
        var state = makeState()
        state.pendingWrites = [FileWrite(path: "/nonexistent-\(getpid())/x.authtui", contents: "")]
        state.shouldQuit = true
        EventLoop.writeFiles(&state)
        #expect(state.pendingWrites.count == 1, "left for after the terminal is restored")
    }
}
