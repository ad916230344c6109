import Foundation
import Testing
@testable import AuthEngine
@testable import AuthTUI

/// `authtui keys --issuer platform` prints the keys that verify the platform's own tokens,
/// and `--oauth-alg` chooses them (a recording keeps the choice).
@Suite struct PlatformKeysCommandTests {
    @Test(arguments: ["rs256", "es256", "eddsa"])
    func thePrintedKeysVerifyThePlatformsAccessAndIDTokens(_ alg: String) throws {
        let options = try WorldOptions.parse(["--oauth-alg", alg])
        let session = ScenarioSession(config: options.config)
        let reports = [
            session.perform(OAuthWalkthrough.register),
            session.perform(.oauth(.authorize(redirect: nil, scope: nil, state: nil))),
            session.perform(.oauth(.consent(approve: true))),
            session.perform(.oauth(.exchange(code: .last, secret: .last, redirect: nil, verifier: .last))),
        ]
        #expect(reports.allSatisfy { $0.problem == nil })
        let app = session.world.oauth.app
        let access = try #require(app.accessToken?.raw), idToken = try #require(app.idToken)
        let keys = KeysCommand.keys(.platform, config: options.config)
        #expect(keys.count == 1 && keys[0].algorithm.keyword == alg)
        for token in [access, idToken] {
            _ = try JWTVerifier(keys: keys).verifySignature(token)
        }
        // The token flow's keys are another issuer's (for RS256 both start from RFC 7515 A.2's key).
        if alg != "rs256" {
            #expect(throws: JWTError.self) { try JWTVerifier(keys: KeysCommand.keys(.tokens, config: options.config)).verifySignature(access) }
        }
        if alg != "rs256" { #expect(session.script().contains("config oauth_alg \(alg)")) }
    }

    @Test func anHMACPlatformIsRefused() {
        #expect(throws: (any Error).self) { try WorldOptions.parse(["--oauth-alg", "hs256"]) }
    }
}

/// `authtui keys --format pem` prints what `authtui decode --key` reads back: every key of
/// the file, the one the token's kid (its thumbprint) or algorithm names chosen.
@Suite struct PEMKeyFileTests {
    @Test func everyPrintedKeyIsReadBackWithItsKid() throws {
        let printed = KeysCommand.keys(.tokens, config: SimulationConfig())
        let read = JWK.keys(fromPEM: KeysCommand.pem(printed) + "\n")
        #expect(read.map(\.algorithm) == [.rs256, .es256, .edDSA])
        #expect(read.map(\.id) == printed.map(\.id))
        #expect(JWK.keys(fromPEM: "no key here\n-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n").isEmpty)
    }

    @Test(arguments: [JWTAlgorithm.rs256, .es256, .edDSA])
    func decodeChoosesTheTokensKeyFromTheWholeFile(_ alg: JWTAlgorithm) throws {
        var config = SimulationConfig()
        config.policy.algorithm = alg
        let session = ScenarioSession(config: config)
        _ = session.perform(.login(username: "alice", password: "wonderland"))
        let token = try #require(session.world.client.short?.raw)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("authtui-keys-\(getpid())-\(alg.keyword).pem").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try KeysCommand.pem(KeysCommand.keys(.tokens, config: SimulationConfig())).write(toFile: file, atomically: true, encoding: .utf8)
        let jws = try CompactJWS(parsing: token)
        let decode = try DecodeCommand.parse(["--key", file, token])
        let key = try #require(try decode.publicKey(kid: jws.header["kid"]?.stringValue, alg: jws.header["alg"]?.stringValue))
        #expect(key.algorithm == alg)
        _ = try JWTVerifier(keys: [key]).verifySignature(token)
        // An issuer's own kid (not a thumbprint) still verifies with the file's only key of its algorithm.
        let other = try decode.publicKey(kid: "issuer-key-7", alg: alg.rawValue)
        #expect(other?.algorithm == alg && other?.id == "issuer-key-7")
    }
}
