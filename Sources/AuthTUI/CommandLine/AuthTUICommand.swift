import ArgumentParser
import AuthEngine

/// `authtui`: the playground, and the headless tools beside it.
struct AuthTUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "authtui",
        abstract: "An interactive terminal auth playground on a virtual clock.",
        subcommands: [RunCommand.self, DecodeCommand.self]
    )

    func run() throws {
        LineOutput.error("""
        authtui: the interactive playground is not built yet.
        For now: 'authtui run scenarios/*.authtui' runs the token lifecycle headless,
        and 'authtui decode TOKEN' decodes a JWT. 'authtui --help' lists everything.
        """)
        throw ExitCode(2)
    }
}
