import Crypto
import _CryptoExtras

/// WeChat's message encryption for pushes in safe mode (消息加解密): what a component's
/// SDK verifies and decrypts.
///
/// - key = base64-decode(EncodingAESKey + "="), 32 bytes; IV = the key's first 16 bytes;
/// - plaintext = 16 random bytes ‖ 4-byte big-endian length ‖ XML ‖ appid, padded PKCS#7
///   to 32-byte blocks; AES-256-CBC; the result base64-encoded;
/// - `msg_signature` = SHA-1 hex of the sorted, concatenated token, timestamp, nonce and
///   ciphertext.
public struct WeChatMessageCrypt: Sendable {
    public let token: String
    public let appID: String
    private let key: [UInt8]

    public enum Failure: Error, Equatable {
        case badCiphertext, badPadding, badLength, wrongAppID(String)
    }

    /// nil unless `encodingAESKey` is 43 base64 characters (32 bytes).
    public init?(token: String, encodingAESKey: String, appID: String) {
        guard encodingAESKey.utf8.count == 43, let key = Base64.decode(encodingAESKey + "="), key.count == 32 else { return nil }
        self.token = token
        self.appID = appID
        self.key = key
    }

    /// The `Encrypt` value for `xml`, with the 16 leading random bytes given.
    public func encrypt(_ xml: String, random: [UInt8]) -> String {
        let message = Array(xml.utf8)
        var plain = Array(random.prefix(16))
        let count = UInt32(message.count)
        plain += [UInt8(count >> 24), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)]
        plain += message + Array(appID.utf8)
        let pad = 32 - plain.count % 32
        plain += Array(repeating: UInt8(pad), count: pad)
        // Key and IV sizes are fixed above, and the input is a whole number of blocks.
        let sealed = try! AES._CBC.encrypt(plain, using: SymmetricKey(data: key), iv: AES._CBC.IV(ivBytes: key.prefix(16)), noPadding: true)
        return Base64.encode(Array(sealed))
    }

    /// The XML inside an `Encrypt` value, checking padding, length and appid.
    public func decrypt(_ encrypted: String) throws(Failure) -> String {
        guard let cipher = Base64.decode(encrypted), !cipher.isEmpty, cipher.count % 16 == 0 else { throw .badCiphertext }
        let plain: [UInt8]
        do {
            plain = Array(try AES._CBC.decrypt(cipher, using: SymmetricKey(data: key), iv: AES._CBC.IV(ivBytes: key.prefix(16)), noPadding: true))
        } catch { throw .badCiphertext }
        guard let pad = plain.last, (1...32).contains(pad), plain.count >= Int(pad) + 20,
              plain.suffix(Int(pad)).allSatisfy({ $0 == pad }) else { throw .badPadding }
        let body = plain.dropLast(Int(pad)).dropFirst(16)
        let length = body.prefix(4).reduce(0) { $0 << 8 | Int($1) }
        guard body.count >= 4 + length else { throw .badLength }
        let xml = body.dropFirst(4).prefix(length)
        let app = String(decoding: body.dropFirst(4 + length), as: UTF8.self)
        guard app == appID else { throw .wrongAppID(app) }
        return String(decoding: xml, as: UTF8.self)
    }

    /// SHA-1 hex of the sorted parts, concatenated (`msg_signature`, or `signature` without
    /// the ciphertext).
    public func signature(_ parts: [String]) -> String { Self.signature(token: token, parts) }

    /// The same without a key: plain mode's `signature` is over token, timestamp and nonce.
    public static func signature(token: String, _ parts: [String]) -> String {
        let joined = (parts + [token]).sorted().joined()
        return Hex.string(Insecure.SHA1.hash(data: Array(joined.utf8)))
    }

    /// A push in safe mode: the envelope WeChat posts and the query it signs it with.
    public func envelope(_ xml: String, timestamp: String, nonce: String, random: [UInt8]) -> (body: String, query: [(String, String)]) {
        let encrypted = encrypt(xml, random: random)
        let body = "<xml><AppId><![CDATA[\(appID)]]></AppId><Encrypt><![CDATA[\(encrypted)]]></Encrypt></xml>"
        return (body, [("signature", signature([timestamp, nonce])), ("timestamp", timestamp), ("nonce", nonce),
                       ("encrypt_type", "aes"), ("msg_signature", signature([timestamp, nonce, encrypted]))])
    }
}
