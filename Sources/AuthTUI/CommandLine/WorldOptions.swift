import ArgumentParser
import AuthEngine

/// The options that shape the world, shared by the playground and `authtui serve`.
struct WorldOptions: ParsableArguments {
    @Option(help: "Short (access) token lifetime, e.g. 15m.")
    var shortTTL: String = "15m"

    @Option(help: "Long (refresh) token lifetime, e.g. 7d.")
    var longTTL: String = "7d"

    @Option(help: "Refresh policy: reuse, rotate or sliding.")
    var refreshPolicy: String = "reuse"

    @Option(help: "Seed for token ids.")
    var seed: UInt64 = 1

    @Option(help: "One-way network latency, e.g. 40ms.")
    var latency: String = "40ms"

    @Option(help: "How the token flow signs: hs256 (shared secret), rs256, es256 or eddsa (public keys: authtui keys).")
    var alg: String = "hs256"

    @Option(help: "How the OAuth platform signs access and ID tokens: rs256, es256 or eddsa (its JWKS: authtui keys --issuer platform).")
    var oauthAlg: String = "rs256"

    /// The platform's algorithm: a public-key one (it publishes a JWKS).
    static let oauthAlgorithms: [JWTAlgorithm] = [.rs256, .es256, .edDSA]

    func validate() throws {
        for (name, value) in [("--short-ttl", shortTTL), ("--long-ttl", longTTL)] {
            guard let span = DurationSyntax.parse(value), span > .zero else {
                throw ValidationError("\(name) '\(TerminalSafe.text(value))' is not a positive duration (write 30s, 15m, 2h, 7d or 1h30m)")
            }
            guard span >= .seconds(1) else { throw ValidationError("\(name) must be at least 1s: a token that lives under a second is born expired") }
            guard span <= .maximum else { throw ValidationError("\(name) must be at most \(Span.maximum) (100 years)") }
        }
        guard let span = DurationSyntax.parse(latency), span >= .zero, span <= .maximum else {
            throw ValidationError("--latency '\(TerminalSafe.text(latency))' is not a duration from 0s to 36500d (write 40ms, 1s…)")
        }
        guard JWTAlgorithm.allCases.contains(where: { $0.keyword == alg }) else {
            throw ValidationError("--alg '\(TerminalSafe.text(alg))' must be one of: hs256, rs256, es256, eddsa")
        }
        guard Self.oauthAlgorithms.contains(where: { $0.keyword == oauthAlg }) else {
            throw ValidationError("--oauth-alg '\(TerminalSafe.text(oauthAlg))' must be one of: rs256, es256, eddsa (the platform publishes its keys; hs256 has none to publish)")
        }
        guard RefreshPolicy(rawValue: refreshPolicy) != nil else {
            throw ValidationError("--refresh-policy '\(refreshPolicy)' must be one of: reuse, rotate, sliding")
        }
    }

    var config: SimulationConfig {
        var config = SimulationConfig()
        config.policy.shortLifetime = DurationSyntax.parse(shortTTL)!
        config.policy.longLifetime = DurationSyntax.parse(longTTL)!
        config.policy.refreshPolicy = RefreshPolicy(rawValue: refreshPolicy)!
        config.latency = DurationSyntax.parse(latency)!
        config.seed = seed
        config.policy.algorithm = JWTAlgorithm.allCases.first { $0.keyword == alg }!
        config.oauth.algorithm = Self.oauthAlgorithms.first { $0.keyword == oauthAlg }!
        return config
    }

    /// The options as typed, for a recording's header.
    var summary: [String] {
        ["--short-ttl \(shortTTL)", "--long-ttl \(longTTL)", "--refresh-policy \(refreshPolicy)", "--latency \(latency)", "--seed \(seed)", "--alg \(alg)", "--oauth-alg \(oauthAlg)"]
    }
}
