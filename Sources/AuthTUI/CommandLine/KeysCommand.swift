import ArgumentParser
import AuthEngine

/// `authtui keys`: the token flow's public keys, as a JWKS or PEM, for verifying its tokens
/// anywhere (PyJWT, jose, a gateway).
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Print the public keys the token flow signs with (all three, or --alg's).",
        discussion: """
        Each key carries kty, use, alg and kid (its RFC 7638 thumbprint), as a token's header \
        names it. RS256 uses the published key of RFC 7515 Appendix A.2; ES256 and EdDSA keys \
        follow from --seed, as in the playground. HS256 has no public key: its secret is shared.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case jwks, pem }

    @Option(help: "jwks (a JSON Web Key Set) or pem.")
    var format: Format = .jwks

    /// The same options as the playground's, so `--alg` and `--seed` name the same keys.
    @OptionGroup var world: WorldOptions

    func run() throws {
        let chosen = world.config.policy.algorithm
        let algorithms: [JWTAlgorithm] = chosen == .hs256 ? [.rs256, .es256, .edDSA] : [chosen]
        let keys = algorithms.map { TokenServer.signingKey($0, secret: TokenServer.defaultSecret, seed: world.seed) }
        let out = LineOutput.standardOutput()
        switch format {
        case .jwks:
            out.line(JSONWriter.pretty(.object(JWK.set(keys))))
        case .pem:
            for key in keys {
                out.line("# \(key.algorithm.rawValue) kid \(key.id ?? "-")")
                out.line(JWK.pem(of: key) ?? "")
            }
        }
        out.flush()
    }
}
