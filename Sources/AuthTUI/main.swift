import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

// Usage errors exit 2 (not ArgumentParser's 64), as the scenario parser's do.
do {
    var command = try AuthTUICommand.parseAsRoot()
    try command.run()
} catch {
    let code = AuthTUICommand.exitCode(for: error)
    if code == .validationFailure {
        LineOutput.error(AuthTUICommand.fullMessage(for: error))
        exit(2)
    }
    AuthTUICommand.exit(withError: error)
}
