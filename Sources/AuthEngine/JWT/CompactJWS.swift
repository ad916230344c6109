/// A compact JWS split into its parts, decoded but not verified: what a
/// display shows, and what verification starts from.
public struct CompactJWS: Sendable {
    public let header: JSONObject
    public let payload: JSONObject
    public let signature: [UInt8]
    /// `BASE64URL(header) "." BASE64URL(payload)`, exactly as received.
    public let signingInput: Substring

    /// Decodes without verifying. Strict about shape: three segments, base64url, JSON objects.
    public init(parsing token: String) throws(JWTError) {
        // Split on the byte '.', not on Characters: tokens are ASCII and grapheme breaking is costly.
        let bytes = token.utf8
        var dots: [String.Index] = []
        var i = bytes.startIndex
        while i != bytes.endIndex {
            if bytes[i] == UInt8(ascii: ".") { dots.append(i) }
            i = bytes.index(after: i)
        }
        guard dots.count == 2 else { throw .wrongSegmentCount(dots.count + 1) }
        let headerPart = token.utf8[bytes.startIndex..<dots[0]]
        let payloadPart = token.utf8[bytes.index(after: dots[0])..<dots[1]]
        let signaturePart = token.utf8[bytes.index(after: dots[1])...]
        func object(_ part: Substring.UTF8View, _ segment: JWTError.Segment) throws(JWTError) -> JSONObject {
            guard !part.isEmpty, let decoded = Base64URL.decode(part) else { throw .invalidBase64(segment: segment) }
            let value: JSONValue
            do { value = try JSONParser.parse(bytes: decoded) } catch { throw .invalidJSON(segment: segment, reason: error.reason) }
            guard case .object(let o) = value else { throw .notAnObject(segment: segment) }
            return o
        }
        header = try object(headerPart, .header)
        payload = try object(payloadPart, .payload)
        guard let sig = Base64URL.decode(signaturePart) else { throw .invalidBase64(segment: .signature) }
        signature = sig
        signingInput = token[bytes.startIndex..<dots[1]]
    }

    public var algorithm: String? { header["alg"]?.stringValue }
    public var keyID: String? { header["kid"]?.stringValue }
}

/// Signs claims into a compact JWS. Header members come first in a fixed order
/// (`alg`, `typ`, `kid`) so the same claims give the same bytes.
public enum JWTSigner {
    public static func sign(_ claims: JSONObject, with key: SigningKey, type: String? = "JWT") throws -> String {
        var header = JSONObject()
        header["alg"] = .string(key.algorithm.rawValue)
        if let type { header["typ"] = .string(type) }
        if let kid = key.id { header["kid"] = .string(kid) }
        let input = signingInput(header: header, payload: claims)
        let signature = try key.sign(Array(input.utf8))
        return input + "." + Base64URL.encode(signature)
    }

    /// `BASE64URL(header) . BASE64URL(payload)`: what a signature covers (RFC 7515 §5.1).
    public static func signingInput(header: JSONObject, payload: JSONObject) -> String {
        Base64URL.encode(JSONWriter.compact(.object(header))) + "." + Base64URL.encode(JSONWriter.compact(.object(payload)))
    }
}
