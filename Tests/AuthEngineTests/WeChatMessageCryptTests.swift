import Testing
@testable import AuthEngine

/// WeChat's safe-mode message encryption against the official SDK's known answer.
@Suite struct WeChatMessageCryptTests {
    let crypt = WeChatMessageCrypt(token: "pamtest", encodingAESKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", appID: "wxb11529c136998cb6")!

    /// The vector of WXBizMsgCryptTest (random "aaaabbbbccccdddd", message "我是中文abcd123").
    @Test func encryptsTheOfficialKnownAnswer() throws {
        let encrypted = crypt.encrypt("我是中文abcd123", random: Array("aaaabbbbccccdddd".utf8))
        #expect(encrypted == "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==")
        #expect(try crypt.decrypt(encrypted) == "我是中文abcd123")
    }

    @Test func theSignatureIsSHA1OfTheSortedParts() {
        // sorted: "1409304348", "ciphertext", "pamtest", "xxxxxx"
        #expect(crypt.signature(["1409304348", "xxxxxx", "ciphertext"]) == "2140fea3bc92c20d5ef5e0522dd3ab7bddae895b") // Python hashlib
        let envelope = crypt.envelope("<xml/>", timestamp: "1409304348", nonce: "xxxxxx", random: Array(repeating: 7, count: 16))
        let encrypted = String(envelope.body.split(separator: "[").last!.split(separator: "]").first!)
        #expect(envelope.query.value("msg_signature") == crypt.signature(["1409304348", "xxxxxx", encrypted]))
        #expect(envelope.body.hasPrefix("<xml><AppId><![CDATA[wxb11529c136998cb6]]></AppId><Encrypt><![CDATA["))
    }

    @Test func tamperedOrForeignMessagesAreRefused() {
        let encrypted = crypt.encrypt("<xml/>", random: Array(repeating: 1, count: 16))
        let other = WeChatMessageCrypt(token: "pamtest", encodingAESKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", appID: "wxsomeoneelse")!
        #expect(throws: WeChatMessageCrypt.Failure.wrongAppID("wxb11529c136998cb6")) { try other.decrypt(encrypted) }
        #expect(throws: WeChatMessageCrypt.Failure.badCiphertext) { try crypt.decrypt("not base64!") }
        #expect(WeChatMessageCrypt(token: "t", encodingAESKey: "short", appID: "a") == nil)
    }
}
