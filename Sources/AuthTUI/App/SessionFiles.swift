import AuthEngine
import AuthLive

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
        state.status = StatusMessage(en: "recording saved to \(path): authtui run \(path) replays it",
                                     zh: "录制已保存到 \(path)：用 authtui run \(path) 重放", tone: .good)
    } else {
        let path = state.recordPath ?? "authtui-recording-\(state.fileStamp).authtui"
        state.recordingTo = path
        state.session.comment("recording started here")
        state.status = StatusMessage(en: "recording to \(path): @ stops and saves (the script starts from the session's beginning)",
                                     zh: "正在录制到 \(path)：按 @ 停止并保存（\(.scenario)从本次会话的开头算起）")
    }
}

/// `1 exchange`, `2 exchanges`.
private func exchanges(_ count: Int) -> String { "\(count) exchange\(count == 1 ? "" : "s")" }

/// `w`: writes the script, its transcript, a HAR file and a Mermaid diagram into a folder.
func exportSession(_ state: inout AppState) {
    let folder = "authtui-session-\(state.fileStamp)"
    switch SessionExport.replay(script: state.session.script(), name: "session") {
    case .success(let export):
        state.pendingWrites += export.files.map { FileWrite(path: folder + "/" + $0.name, contents: $0.contents) }
        let (passed, failed) = (export.summary.passed, export.summary.failed)
        // Live: a replay has no real clients; their exchanges still in the log go to live.har.
        var live = Text.empty
        if let gateway = state.live {
            let har = HARWriter()
            har.origin = gateway.origin(from:to:)
            har.begin(file: "live")
            for entry in state.world.log.entries { har.handle(.log(entry)) }
            state.pendingWrites.append(FileWrite(path: folder + "/live.har", contents: har.document()))
            live = Text(en: "; live.har (\(exchanges(har.exchangeCount)) in the log, real clients' included)",
                        zh: "；live.har（\(.log)里的 \(har.exchangeCount) 次交换，包括真实\(.client)的）")
        }
        state.status = StatusMessage(en: "wrote \(folder)/: session.authtui (replays: \(passed) passed, \(failed) failed), .har (\(exchanges(export.exchanges))), .mmd, .log\(live)",
                                     zh: "已写入 \(folder)/：session.authtui（重放：\(passed) 项通过，\(failed) 项失败）、.har（\(export.exchanges) 次交换）、.mmd、.log\(live)",
                                     tone: failed == 0 ? .good : .bad)
    case .failure(let errors):
        let diagnostic = errors.diagnostics.first?.description ?? ""
        state.status = StatusMessage(en: "the session's script does not parse: \(diagnostic)", zh: "本次会话的\(.scenario)无法解析：\(diagnostic)", tone: .bad)

    }
}
