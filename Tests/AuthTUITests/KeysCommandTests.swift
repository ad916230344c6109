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
