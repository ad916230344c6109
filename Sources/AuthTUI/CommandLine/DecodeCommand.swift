import ArgumentParser
import AuthEngine
import Foundation

/// `authtui decode TOKEN`: header, payload, times as dates, and each rule judged on its
/// own line — signature (with a key), `exp`, `nbf`, `iat`, `typ`, `crit` — then a verdict.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode a JWT: header, payload, times as ISO dates, and which rules it passes.",
        discussion: """
        Playground tokens are HS256, signed with the secret '\(TokenServer.defaultSecret)'. \
        Give the token as an argument, as - to read it from standard input, or with --file \
        (so it stays out of shell history and ps). Without a key the signature is not \
        checked and everything else still is. Exit 0 when nothing failed, 1 when a rule \
        failed (the verdict names it), 2 when the token is malformed or an option is wrong.
        """
    )

    /// Tokens are a few hundred bytes; anything this large is not one.
    static let maximumLength = 1 << 20

    @Argument(help: "The compact JWS, or - to read it from standard input.")
    var token: String?

    @Option(help: "Read the token from this file.")
    var file: String?

    @Option(help: "HMAC secret as text, to verify an HS256 signature.")
    var secret: String?

    @Option(name: .customLong("secret-base64url"), help: "HMAC secret as base64url bytes (as in RFC 7515's examples).")
    var secretBase64URL: String?

    @Option(help: "A JWKS file (as `authtui keys` prints): the key whose kid the header names verifies it.")
    var jwks: String?

    @Option(name: .customLong("key"), help: "A public key as a PEM file (RSA, P-256 or Ed25519).")
    var keyFile: String?

    @Option(help: "Judge exp/nbf/iat at this UTC time (e.g. 2011-03-22T18:43:00Z) instead of now.")
    var at: String?

    @Option(help: "The payload's typ the token must have (e.g. access or refresh).")
    var typ: String?

    @Option(help: "Output: text, or json (one object).")
    var format: TranscriptFormat = .text

    func validate() throws {
        if token == nil, file == nil { throw ValidationError("give the token, - to read it from standard input, or --file PATH") }
        if token != nil, file != nil { throw ValidationError("give the token or --file, not both") }
        if [secret, secretBase64URL, jwks, keyFile].compactMap({ $0 }).count > 1 {
            throw ValidationError("give one key: --secret, --secret-base64url, --jwks or --key")
        }
        if let at, Instant(iso8601: at) == nil { throw ValidationError("--at '\(TerminalSafe.text(at))' is not a UTC time like 2026-01-01T09:00:00Z") }
        if let s = secretBase64URL, Base64URL.decode(s) == nil { throw ValidationError("--secret-base64url is not valid base64url") }
        if secret == "" || secretBase64URL == "" { throw ValidationError("the secret is empty: an empty key verifies nothing") }
    }

    /// The token text from the argument, standard input or a file.
    func readToken() throws -> String {
        let text: String
        if let file = file ?? (token == "-" ? "-" : nil) {
            switch TextFile.read(file, limit: Self.maximumLength) {
            case .success(let read): text = read
            case .failure(.unreadable(let reason)): throw failure("cannot read \(file): \(reason)")
            case .failure(.tooLarge): throw failure("the input is over 1 MiB: not a token")
            case .failure(.notUTF8): throw failure("the input is not UTF-8 text")
            }
        } else {
            text = token ?? ""
            guard text.utf8.count <= Self.maximumLength else { throw failure("the input is over 1 MiB: not a token") }
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A key or JWKS file, whole, or why it could not be read.
    private func readKeyFile(_ path: String) throws -> String {
        switch TextFile.read(path, limit: Self.maximumLength) {
        case .success(let text): return text
        case .failure(.unreadable(let reason)): throw failure("cannot read \(path): \(reason)")
        case .failure(.tooLarge): throw failure("\(path) is over 1 MiB: not a key")
        case .failure(.notUTF8): throw failure("\(path) is not UTF-8 text")
        }
    }

    /// The verification key from --jwks (chosen by the header's kid) or --key (a PEM file
    /// of one key, or of several, as `authtui keys --format pem` prints them: then the one
    /// whose thumbprint is the header's kid, else the one of the header's algorithm).
    func publicKey(kid: String?, alg: String?) throws -> SigningKey? {
        if let keyFile {
            let keys = JWK.keys(fromPEM: try readKeyFile(keyFile))
            guard !keys.isEmpty else { throw failure("\(keyFile) holds no RSA, P-256 or Ed25519 public key in PEM") }
            // PEM carries no kid: the key chosen verifies whatever kid the header names (an
            // issuer's kid need not be the thumbprint), and a wrong algorithm is the verdict's
            // to show (alg_mismatch).
            func chosen(_ key: SigningKey) -> SigningKey { SigningKey(id: kid, material: key.material) }
            if keys.count == 1 { return chosen(keys[0]) }
            if let kid, let named = keys.first(where: { $0.id == kid }) { return chosen(named) }
            let ofAlgorithm = keys.filter { $0.algorithm.rawValue == alg }
            if ofAlgorithm.count == 1 { return chosen(ofAlgorithm[0]) }
            let held = keys.map { $0.algorithm.rawValue + " " + String(($0.id ?? "?").prefix(12)) + "…" }.joined(separator: ", ")
            throw failure("\(keyFile) holds \(keys.count) keys (\(held)); none is the header's (kid \(kid ?? "none"), alg \(alg ?? "none"))")
        }
        guard let jwks else { return nil }
        let text = try readKeyFile(jwks)
        guard let set = try? JSONParser.parse(bytes: Array(text.utf8)).objectValue, let keys = set["keys"]?.arrayValue?.compactMap(\.objectValue) else {
            throw failure("\(jwks) is not a JWKS ({\"keys\": [...]})")
        }
        let candidates = kid.map { kid in keys.filter { $0["kid"]?.stringValue == kid } } ?? (keys.count == 1 ? keys : [])
        guard let chosen = candidates.first else {
            let known = keys.compactMap { $0["kid"]?.stringValue }.joined(separator: ", ")
            if keys.isEmpty {
                throw failure("\(jwks) has no keys (an HS256 issuer publishes none: its secret is shared; verify with --secret)")
            }
            throw failure(kid.map { "kid \($0) is not in \(jwks) (it has: \(known))" } ?? "the header names no kid and \(jwks) has \(keys.count) keys: which one?")
        }
        switch JWK.key(from: chosen) {
        case .success(let key): return key
        case .failure(let problem): throw failure("\(jwks): " + (chosen["kid"]?.stringValue.map { "the key with kid \($0): " } ?? "") + "\(problem)")
        }
    }

    private func failure(_ message: String) -> ExitCode {
        LineOutput.error("error: " + TerminalSafe.text(message))
        return ExitCode(2)
    }

    func run() throws {
        let out = LineOutput.standardOutput()
        defer { out.flush() }
        let text = try readToken()
        let jws: CompactJWS
        do {
            jws = try CompactJWS(parsing: text)
        } catch {
            throw failure("not a JWT: \(error)")
        }
        // The command line is a front end: "now" is the real clock unless --at says otherwise.
        let now = at.flatMap { Instant(iso8601: $0) } ?? Instant(milliseconds: Int64(Date().timeIntervalSince1970 * 1000))
        let keyBytes: [UInt8]? = secret.map { Array($0.utf8) } ?? secretBase64URL.flatMap { Base64URL.decode($0) }
        if let keyBytes, keyBytes.count < 32 {
            LineOutput.error("warning: the secret is \(keyBytes.count) bytes; RFC 7518 §3.2 requires at least 32 for HS256")
        }
        let kid = jws.header["kid"]?.stringValue
        // Keys come from the command line only: a header's jwk, jku or x5u is never followed.
        let key = try keyBytes.map { SigningKey.hs256(secret: $0, id: kid) } ?? publicKey(kid: kid, alg: jws.header["alg"]?.stringValue)
        let checks = TokenJudgement.checks(jws, token: text, key: key, now: now, expectedType: typ)
        let verdict = TokenJudgement.verdict(checks)
        let failed = checks.filter { $0.outcome == .failed }.map(\.name)

        switch format {
        case .json:
            var times = JSONObject()
            for member in jws.payload.members where TokenDescription.timeClaims.contains(member.key) {
                if case .success(let instant)? = Instant.numericDate(member.value) {
                    times[member.key] = ["utc": .string(instant.iso8601), "relative": .string(TokenDescription.relative(instant, now: now))]
                }
            }
            let report: JSONObject = [
                "header": .object(jws.header), "payload": .object(jws.payload), "times": .object(times),
                "at": .string(now.iso8601),
                "checks": .array(checks.map { ["name": .string($0.name), "outcome": .string($0.outcome.rawValue), "detail": .string($0.detail)] }),
                "failed": .array(failed.map { .string($0) }),
                "verdict": .string(verdict),
            ]
            out.line(JSONWriter.pretty(.object(report)))
        case .text:
            for line in TokenDescription.lines(for: jws, now: now) { out.line(line) }
            out.line("checks at \(now.iso8601):")
            let width = max(9, checks.map(\.name.count).max() ?? 0)
            for check in checks {
                let mark: String
                switch check.outcome {
                case .passed: mark = "ok      "
                case .failed: mark = "FAILED  "
                case .notChecked: mark = "—       "
                case .warning: mark = "WARNING "
                }
                out.line("  " + check.name.padding(toLength: width, withPad: " ", startingAt: 0) + " " + mark + check.detail)
            }
            switch verdict {
            case "rejected": out.line("verdict: REJECTED (" + failed.joined(separator: ", ") + ")")
            case "valid": out.line("verdict: VALID")
            default: out.line("verdict: NOT VERIFIED: nothing failed, but no key was given (playground tokens: --secret \(TokenServer.defaultSecret), or --jwks FILE from authtui keys)")
            }
        }
        if !failed.isEmpty { throw ExitCode(1) }
    }
}
