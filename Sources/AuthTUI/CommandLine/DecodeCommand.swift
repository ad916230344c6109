import ArgumentParser
import AuthEngine
import Foundation

/// `authtui decode TOKEN`: header, payload, times as dates, and whether the signature verifies.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode a JWT: header, payload, times as ISO dates, and whether the signature verifies.",
        discussion: """
        Playground tokens are HS256, signed with the secret '\(TokenServer.defaultSecret)'. \
        Exit 0 when the token decodes (and verifies, with --secret), 1 when the signature \
        or a time claim fails, 2 when the token is malformed.
        """
    )

    @Argument(help: "The compact JWS (three base64url segments separated by dots).")
    var token: String

    @Option(help: "HMAC secret as text, to verify an HS256 signature.")
    var secret: String?

    @Option(name: .customLong("secret-base64url"), help: "HMAC secret as base64url bytes (as in RFC 7515's examples).")
    var secretBase64URL: String?

    @Option(help: "Judge exp/nbf/iat at this UTC time (e.g. 2011-03-22T18:43:00Z) instead of now.")
    var at: String?

    func validate() throws {
        if secret != nil, secretBase64URL != nil { throw ValidationError("give --secret or --secret-base64url, not both") }
        if let at, Instant(iso8601: at) == nil { throw ValidationError("--at '\(at)' is not a UTC time like 2026-01-01T09:00:00Z") }
        if let s = secretBase64URL, Base64URL.decode(s) == nil { throw ValidationError("--secret-base64url is not valid base64url") }
    }

    func run() throws {
        let out = LineOutput.standardOutput()
        defer { out.flush() }
        let jws: CompactJWS
        do {
            jws = try CompactJWS(parsing: token.trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            LineOutput.error("error: not a JWT: \(error)")
            throw ExitCode(2)
        }
        // The command line is a front end: "now" is the real clock unless --at says otherwise.
        let now = at.flatMap { Instant(iso8601: $0) } ?? Instant(milliseconds: Int64(Date().timeIntervalSince1970 * 1000))
        for line in TokenDescription.lines(for: jws, now: now) { out.line(line) }

        let keyBytes: [UInt8]? = secret.map { Array($0.utf8) } ?? secretBase64URL.flatMap { Base64URL.decode($0) }
        guard let keyBytes else {
            out.line("signature: not checked (give --secret; playground tokens use --secret \(TokenServer.defaultSecret))")
            return
        }
        let verifier = JWTVerifier(key: .hs256(secret: keyBytes, id: jws.keyID))
        do {
            _ = try verifier.verify(token.trimmingCharacters(in: .whitespacesAndNewlines), at: now)
            out.line("signature: valid (HS256); time claims valid at \(now.iso8601)")
        } catch {
            out.line("signature: REJECTED: \(error) [\(error.code)]")
            throw ExitCode(1)
        }
    }
}
