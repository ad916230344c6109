import ArgumentParser
import AuthEngine

/// `authtui keys`: the token flow's public keys, as a JWKS or PEM, for verifying its tokens
/// anywhere (PyJWT, jose, a gateway).
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Print the public keys the token flow signs with (all three, or --alg's), or the OAuth platform's JWKS.",
        discussion: """
        Each key carries kty, use, alg and kid (its RFC 7638 thumbprint), as a token's header \
        names it. RS256 uses the published key of RFC 7515 Appendix A.2; ES256 and EdDSA keys \
        follow from --seed, as in the playground. HS256 has no public key: its secret is shared. \
        --issuer platform prints what a fresh platform publishes at /oauth/jwks (--oauth-alg, \
        default rs256): the key that signs its access and ID tokens until a rotation.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case jwks, pem }
    enum Issuer: String, ExpressibleByArgument, CaseIterable { case tokens, platform }

    @Option(help: "jwks (a JSON Web Key Set) or pem.")
    var format: Format = .jwks

    @Option(help: "tokens (the token flow's server) or platform (the OAuth platform's JWKS).")
    var issuer: Issuer = .tokens

    /// The same options as the playground's, so `--alg` and `--seed` name the same keys.
    @OptionGroup var world: WorldOptions

    /// The keys `issuer` verifies with in a world made from `config`.
    static func keys(_ issuer: Issuer, config: SimulationConfig) -> [SigningKey] {
        switch issuer {
        case .tokens:
            let chosen = config.policy.algorithm
            let algorithms: [JWTAlgorithm] = chosen == .hs256 ? [.rs256, .es256, .edDSA] : [chosen]
            return algorithms.map { TokenServer.signingKey($0, secret: TokenServer.defaultSecret, seed: config.seed) }
        case .platform:
            // The world the playground would open: its platform's key ring, as /oauth/jwks serves it.
            return Simulation(config: config).oauth.authorizationServer.keyRing.published.map(\.key)
        }
    }

    func run() throws {
        let keys = Self.keys(issuer, config: world.config)
        let out = LineOutput.standardOutput()
        switch format {
        case .jwks:
            out.line(JSONWriter.pretty(.object(JWK.set(keys))))
        case .pem:
            out.line(Self.pem(keys))
        }
        out.flush()
    }

    /// Each key's PEM after a comment naming its algorithm and kid (`decode --key` reads the
    /// whole file back, choosing by the token's kid or algorithm).
    static func pem(_ keys: [SigningKey]) -> String {
        keys.map { "# \($0.algorithm.rawValue) kid \($0.id ?? "-")\n" + (JWK.pem(of: $0) ?? "") }.joined(separator: "\n")
    }
}
