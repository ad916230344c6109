import Crypto

/// Proof Key for Code Exchange (RFC 7636) with the S256 method.
public enum PKCE {
    /// A verifier of 43 characters from 32 random bytes (RFC 7636 §4.1).
    public static func makeVerifier(using random: inout SeededGenerator) -> String {
        var bytes: [UInt8] = []
        for _ in 0..<4 {
            var word = random.next()
            for _ in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: word)); word >>= 8 }
        }
        return Base64URL.encode(bytes)
    }

    /// `BASE64URL(SHA256(ASCII(code_verifier)))` (RFC 7636 §4.2).
    public static func challenge(for verifier: String) -> String {
        Base64URL.encode(Array(SHA256.hash(data: Array(verifier.utf8))))
    }

    /// 43 to 128 characters from the unreserved set (RFC 7636 §4.1).
    public static func isWellFormed(_ verifier: String) -> Bool {
        (43...128).contains(verifier.utf8.count) && verifier.utf8.allSatisfy { c in
            (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 45 || c == 46 || c == 95 || c == 126
        }
    }
}
