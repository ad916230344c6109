import Foundation

/// Writes the files the model asked for (recordings, exports), creating folders on the way.
enum FileWriter {
    /// Writes and clears `state.pendingWrites`; returns what went wrong, if anything,
    /// and says so on the status line.
    @discardableResult
    static func write(_ state: inout AppState) -> String? {
        guard !state.pendingWrites.isEmpty else { return nil }
        defer { state.pendingWrites = [] }
        for file in state.pendingWrites {
            let url = URL(fileURLWithPath: file.path)
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.contents.utf8).write(to: url)
            } catch {
                let message = "cannot write \(file.path): \(error.localizedDescription)"
                state.status = StatusMessage(en: "\(message)", zh: "无法写入 \(file.path)：\(error.localizedDescription)", tone: .bad)
                return message
            }
        }
        return nil
    }
}
