import AuthEngine

/// `@` and `w`: the session as files. Update only decides what to write; the runtime
/// writes `pendingWrites` and reports a failure on the status line.
extension AppState {
    /// A name for files written now, from the virtual time (pure: the same state, the same name).
    var fileStamp: String {
        let now = world.clock.now
        return now.date + "T" + now.timeOfDay.prefix(8).filter { $0 != ":" }
    }
}

/// `@`: start recording, or stop and write the script. The script always holds the whole
/// session from its first moment (so it replays); a comment marks where recording began.
func toggleRecording(_ state: inout AppState) {
    if let path = state.recordingTo {
        state.pendingWrites.append(FileWrite(path: path, contents: state.session.script()))
        state.recordingTo = nil
        state.status = StatusMessage(text: "recording saved to \(path): authtui run \(path) replays it", tone: .good)
    } else {
        let path = state.recordPath ?? "authtui-recording-\(state.fileStamp).authtui"
        state.recordingTo = path
        state.session.comment("recording started here")
        state.status = StatusMessage(text: "recording to \(path): @ stops and saves (the script starts from the session's beginning)")
    }
}

/// `w`: writes the script, its transcript, a HAR file and a Mermaid diagram into a folder.
func exportSession(_ state: inout AppState) {
    let folder = "authtui-session-\(state.fileStamp)"
    switch SessionExport.replay(script: state.session.script(), name: "session") {
    case .success(let export):
        state.pendingWrites += export.files.map { FileWrite(path: folder + "/" + $0.name, contents: $0.contents) }
        let replay = "\(export.summary.passed) passed, \(export.summary.failed) failed"
        state.status = StatusMessage(text: "wrote \(folder)/: session.authtui (replays: \(replay)), .har (\(export.exchanges) exchanges), .mmd, .log",
                                     tone: export.summary.failed == 0 ? .good : .bad)
    case .failure(let errors):
        state.status = StatusMessage(text: "the session's script does not parse: \(errors.diagnostics.first?.description ?? "")", tone: .bad)
    }
}
